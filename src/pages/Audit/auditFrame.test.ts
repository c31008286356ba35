import { FieldType, MappingType, createDataFrame } from '@grafana/data';
import { errorOf, eventsOf, frameOf, pageInfoOf } from './auditFrame';
import { eventsFrame } from './testing';

describe('reading the auditEvents frame', () => {
  it('reads rows by field name, nulls kept', () => {
    const frame = createDataFrame({
      refId: 'events',
      // Reordered, with a field the table does not know: names matter, not positions.
      fields: [
        { name: 'details', type: FieldType.string, values: ['{"ip":"192.0.2.1"}', null] },
        { name: 'action', type: FieldType.string, values: ['USER_LOGIN_SUCCESS', 'USER_LOGIN_FAILURE'] },
        { name: 'extra', type: FieldType.number, values: [1, 2] },
        { name: 'id', type: FieldType.string, values: ['e1', 'e2'] },
        { name: 'tenant', type: FieldType.string, values: ['t1', null] },
        { name: 'user', type: FieldType.string, values: ['u1', null] },
        { name: 'time', type: FieldType.time, values: [1714557600000, 1714557000000] },
      ],
    });
    expect(eventsOf(frame)).toEqual([
      {
        id: 'e1',
        time: 1714557600000,
        user: 'u1',
        tenant: 't1',
        action: 'USER_LOGIN_SUCCESS',
        details: '{"ip":"192.0.2.1"}',
      },
      { id: 'e2', time: 1714557000000, user: null, tenant: null, action: 'USER_LOGIN_FAILURE', details: null },
    ]);
  });

  it('reads the names the ledger mapped the ids to; the ids stay the values', () => {
    const frame = createDataFrame({
      refId: 'events',
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2] },
        { name: 'id', type: FieldType.string, values: ['e1', 'e2'] },
        {
          name: 'user',
          type: FieldType.string,
          values: ['u1', 'u2'],
          config: { mappings: [{ type: MappingType.ValueToText, options: { u1: { text: 'Ana <ana@example.com>' } } }] },
        },
        {
          name: 'tenant',
          type: FieldType.string,
          values: ['t1', null],
          config: { mappings: [{ type: MappingType.ValueToText, options: { t1: { text: 'Acme' } } }] },
        },
        { name: 'action', type: FieldType.string, values: ['KB_CREATE', 'KB_DELETE'] },
        { name: 'details', type: FieldType.string, values: [null, null] },
      ],
    });
    expect(eventsOf(frame)).toEqual([
      {
        id: 'e1',
        time: 1,
        user: 'u1',
        userName: 'Ana <ana@example.com>',
        tenant: 't1',
        tenantName: 'Acme',
        action: 'KB_CREATE',
        details: null,
      },
      { id: 'e2', time: 2, user: 'u2', tenant: null, action: 'KB_DELETE', details: null },
    ]);
  });

  it('has no rows without a frame', () => {
    expect(eventsOf(undefined)).toEqual([]);
  });

  it('reads the paging the ledger answered with', () => {
    expect(pageInfoOf(eventsFrame([], { page: 3, pageSize: 200, total: 1234 }))).toEqual({
      page: 3,
      pageSize: 200,
      total: 1234,
    });
    expect(pageInfoOf(createDataFrame({ fields: [] }))).toBeUndefined();
  });

  it('finds a query’s frame by refId', () => {
    const counts = createDataFrame({ refId: 'counts', fields: [] });
    const events = eventsFrame([], { page: 1, pageSize: 50, total: 0 });
    expect(frameOf([counts, events], 'events')).toBe(events);
    expect(frameOf([counts], 'events')).toBeUndefined();
  });

  it.each([
    ['no errors', undefined, undefined],
    [
      'the ledger’s message',
      [{ message: 'access denied: audit needs the Admin role' }],
      'access denied: audit needs the Admin role',
    ],
    ['a message inside data', [{ data: { message: 'bad query' } }], 'bad query'],
    ['a bare status', [{ status: 502 }], 'HTTP 502'],
    ['nothing to say', [{}], 'the ledger refused the query'],
  ])('error text: %s', (_name, errors, expected) => {
    expect(errorOf(errors)).toBe(expected);
  });
});
