import type { Field } from '../frames';
import { nameMappings, nameOf, tenantNames, userNames, withNames, type NameRow } from './nameFrames';

const ROWS: NameRow[] = [
  { id: 'u1', name: 'Ada', email: 'ada@example.com' },
  { id: 'u2', name: '', email: 'bob@example.org' },
  { id: 'u3', name: 'Cy', email: null },
  { id: 'u4', name: null, email: null },
];

describe('names on frames', () => {
  it.each<[string, Parameters<typeof userNames>[1], Array<[string, string]>]>([
    [
      'nickname and e-mail address; either alone when the other is empty; no entry without both',
      'nameAndEmail',
      [
        ['u1', 'Ada <ada@example.com>'],
        ['u2', 'bob@example.org'],
        ['u3', 'Cy'],
      ],
    ],
    [
      'nickname only',
      'name',
      [
        ['u1', 'Ada'],
        ['u3', 'Cy'],
      ],
    ],
    [
      'e-mail address, else the nickname',
      'email',
      [
        ['u1', 'ada@example.com'],
        ['u2', 'bob@example.org'],
        ['u3', 'Cy'],
      ],
    ],
  ])('users: %s', (_name, label, expected) => {
    expect([...userNames(ROWS, label)]).toEqual(expected);
  });

  it('tenants by name, a blank name keeps the id, and names pass through the mask when given one', () => {
    const rows: NameRow[] = [
      { id: 't1', name: ' Acme ' },
      { id: 't2', name: '  ' },
      { id: 't3', name: 'ops@example.com team' },
    ];
    expect([...tenantNames(rows)]).toEqual([
      ['t1', 'Acme'],
      ['t3', 'ops@example.com team'],
    ]);
    expect(tenantNames(rows, (t) => t.replace(/\S+@\S+/, '[EMAIL]')).get('t3')).toBe('[EMAIL] team');
  });

  it.each<[string, Array<string | null>, object | undefined]>([
    [
      "value mappings for the field's ids that have a name",
      ['t1', 't9', null, 't1'],
      { mappings: [{ type: 'value', options: { t1: { text: 'Acme' } } }] },
    ],
    ['none when no id has a name (the frame shows ids, as before)', ['t9', null], undefined],
  ])('%s', (_name, ids, expected) => {
    expect(nameMappings(new Map([['t1', 'Acme']]), ids)).toEqual(expected);
  });

  it('adds the mappings to a field and keeps its ids and config', () => {
    const field: Field = { name: 'tenant', type: 'string', values: ['t1', 't2'], config: { unit: 'none' } };
    expect(withNames(field, new Map([['t2', 'Globex']]))).toEqual({
      ...field,
      config: { unit: 'none', mappings: [{ type: 'value', options: { t2: { text: 'Globex' } } }] },
    });
    expect(withNames(field, new Map())).toBe(field);
    expect(nameOf(new Map([['t2', 'Globex']]), 't1')).toBe('t1');
  });
});
