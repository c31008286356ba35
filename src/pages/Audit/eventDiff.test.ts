import { WHOLE_VALUE, changedFields, eventDetails, type FieldChange } from './eventDiff';

describe('changed fields of an audit event', () => {
  const cases: Array<[string, unknown, FieldChange[]]> = [
    [
      'a knowledge-base rename (the seed’s KB_UPDATE)',
      { kb_id: 'k1', name: 'Claims (archived)', before: { name: 'Claims' }, after: { name: 'Claims (archived)' } },
      [{ field: 'name', before: 'Claims', after: 'Claims (archived)', change: 'changed' }],
    ],
    [
      'a role change keeps only the field that differs',
      { before: { role: 'normal', email: 'a@x.io' }, after: { role: 'admin', email: 'a@x.io' } },
      [{ field: 'role', before: 'normal', after: 'admin', change: 'changed' }],
    ],
    [
      'fields added and removed, in the order of before then after',
      { before: { a: 1, gone: 'x' }, after: { a: 2, added: true } },
      [
        { field: 'a', before: '1', after: '2', change: 'changed' },
        { field: 'gone', before: 'x', change: 'removed' },
        { field: 'added', after: 'true', change: 'added' },
      ],
    ],
    [
      'nested objects by dotted path, arrays as a whole',
      {
        before: { settings: { color: 'red', size: 1 }, tags: ['a', 'b'] },
        after: { settings: { color: 'blue', size: 1 }, tags: ['a', 'c'] },
      },
      [
        { field: 'settings.color', before: 'red', after: 'blue', change: 'changed' },
        { field: 'tags', before: '["a","b"]', after: '["a","c"]', change: 'changed' },
      ],
    ],
    [
      'an object that became empty: its fields are removed, and JSON values keep their type',
      { before: { limits: { rpm: 60, note: null } }, after: { limits: {} } },
      [
        { field: 'limits.rpm', before: '60', change: 'removed' },
        { field: 'limits.note', before: 'null', change: 'removed' },
        { field: 'limits', after: '{}', change: 'added' },
      ],
    ],
    [
      'a creation with only `after`: every field is added',
      { after: { role: 'normal', nickname: 'Aino Berg' } },
      [
        { field: 'role', after: 'normal', change: 'added' },
        { field: 'nickname', after: 'Aino Berg', change: 'added' },
      ],
    ],
    [
      'a null `before` counts as nothing',
      { before: null, after: { token: 'ragflow-abc' } },
      [{ field: 'token', after: 'ragflow-abc', change: 'added' }],
    ],
    [
      'plain values rather than objects',
      { before: 'me', after: 'team' },
      [{ field: WHOLE_VALUE, before: 'me', after: 'team', change: 'changed' }],
    ],
    ['no change recorded: a login', { email: 'a@x.io', ip: '192.0.2.1', channel: 'password' }, []],
    ['before and after equal', { before: { role: 'admin' }, after: { role: 'admin' } }, []],
    ['not an object', ['before', 'after'], []],
    ['null', null, []],
  ];

  it.each(cases)('%s', (_name, details, expected) => {
    expect(changedFields(details)).toEqual(expected);
  });
});

describe('event details', () => {
  it('pretty-prints JSON with two spaces and finds the changes in the same pass', () => {
    const text = '{"user_id":"u1","before":{"timezone":"UTC+0\\tEurope/London"},"after":{"timezone":"UTC+1"}}';
    expect(eventDetails(text)).toEqual({
      pretty: [
        '{',
        '  "user_id": "u1",',
        '  "before": {',
        '    "timezone": "UTC+0\\tEurope/London"',
        '  },',
        '  "after": {',
        '    "timezone": "UTC+1"',
        '  }',
        '}',
      ].join('\n'),
      isJson: true,
      changes: [{ field: 'timezone', before: 'UTC+0\tEurope/London', after: 'UTC+1', change: 'changed' }],
    });
  });

  it.each([
    ['no details', null, { pretty: null, isJson: false, changes: [] }],
    ['empty details', '', { pretty: null, isJson: false, changes: [] }],
    [
      'text that is not JSON, shown as stored',
      'login from a***@x.io',
      { pretty: 'login from a***@x.io', isJson: false, changes: [] },
    ],
    ['a JSON string', '"plain"', { pretty: '"plain"', isJson: true, changes: [] }],
  ])('%s', (_name, text, expected) => {
    expect(eventDetails(text)).toEqual(expected);
  });
});
