import { maskValue } from '../masking';
import { auditCountsFrame, auditEventsFrame, type CountRow, type EventRow } from './auditFrames';

const T0 = Date.UTC(2026, 9, 1, 9);
const rows: EventRow[] = [
  {
    time_ms: String(T0),
    id: 'e1',
    user_id: 'u1',
    tenant_id: 't1',
    action: 'USER_LOGIN_FAILURE',
    details: '{"email":"ana@example.com"}',
  },
  { time_ms: T0 - 1000, id: 'e2', user_id: null, tenant_id: null, action: 'KB_CREATE', details: null },
];

describe('audit events frame', () => {
  it.each<[string, Parameters<typeof auditEventsFrame>[1], object]>([
    [
      'a page as a table, with the paging and the total',
      { refId: 'A', asAnnotations: false, page: { page: 2, pageSize: 50, total: 52 } },
      {
        name: 'audit events',
        refId: 'A',
        meta: { preferredVisualisationType: 'table', custom: { page: 2, pageSize: 50, total: 52 } },
        fields: [
          { name: 'time', type: 'time', values: [T0, T0 - 1000] },
          { name: 'id', type: 'string', values: ['e1', 'e2'] },
          { name: 'user', type: 'string', nullable: true, values: ['u1', null] },
          { name: 'tenant', type: 'string', nullable: true, values: ['t1', null] },
          { name: 'action', type: 'string', values: ['USER_LOGIN_FAILURE', 'KB_CREATE'] },
          { name: 'details', type: 'string', nullable: true, values: ['{"email":"ana@example.com"}', null] },
        ],
      },
    ],
    [
      'masked below the personal-data role: e-mail addresses in the details (pseudonymous ids stay)',
      { refId: 'A', asAnnotations: false, page: { page: 1, pageSize: 100, total: 2 }, shown: maskValue },
      {
        name: 'audit events',
        refId: 'A',
        meta: { preferredVisualisationType: 'table', custom: { page: 1, pageSize: 100, total: 2 } },
        fields: [
          { name: 'time', type: 'time', values: [T0, T0 - 1000] },
          { name: 'id', type: 'string', values: ['e1', 'e2'] },
          { name: 'user', type: 'string', nullable: true, values: ['u1', null] },
          { name: 'tenant', type: 'string', nullable: true, values: ['t1', null] },
          { name: 'action', type: 'string', values: ['USER_LOGIN_FAILURE', 'KB_CREATE'] },
          { name: 'details', type: 'string', nullable: true, values: ['{"email":"[EMAIL]"}', null] },
        ],
      },
    ],
    [
      "as annotations: Grafana's time, title, text and tags",
      { refId: 'N', asAnnotations: true, shown: maskValue },
      {
        name: 'audit annotations',
        refId: 'N',
        meta: { dataTopic: 'annotations' },
        fields: [
          { name: 'time', type: 'time', values: [T0, T0 - 1000] },
          { name: 'title', type: 'string', values: ['USER_LOGIN_FAILURE', 'KB_CREATE'] },
          {
            name: 'text',
            type: 'string',
            values: ['u1 · t1 · {"email":"[EMAIL]"}', 'unknown user · no tenant'],
          },
          {
            name: 'tags',
            type: 'json',
            values: ['["audit","USER_LOGIN_FAILURE","t1"]', '["audit","KB_CREATE"]'],
          },
        ],
      },
    ],
    [
      'with names: value mappings on the user and tenant columns, which keep their ids',
      {
        refId: 'A',
        asAnnotations: false,
        page: { page: 1, pageSize: 100, total: 2 },
        userNames: new Map([['u1', 'Ana <ana@example.com>']]),
        tenantNames: new Map([['t1', 'Acme']]),
      },
      {
        name: 'audit events',
        refId: 'A',
        meta: { preferredVisualisationType: 'table', custom: { page: 1, pageSize: 100, total: 2 } },
        fields: [
          { name: 'time', type: 'time', values: [T0, T0 - 1000] },
          { name: 'id', type: 'string', values: ['e1', 'e2'] },
          {
            name: 'user',
            type: 'string',
            nullable: true,
            values: ['u1', null],
            config: { mappings: [{ type: 'value', options: { u1: { text: 'Ana <ana@example.com>' } } }] },
          },
          {
            name: 'tenant',
            type: 'string',
            nullable: true,
            values: ['t1', null],
            config: { mappings: [{ type: 'value', options: { t1: { text: 'Acme' } } }] },
          },
          { name: 'action', type: 'string', values: ['USER_LOGIN_FAILURE', 'KB_CREATE'] },
          { name: 'details', type: 'string', nullable: true, values: ['{"email":"ana@example.com"}', null] },
        ],
      },
    ],
    [
      'annotations with names: the text names them, the tags keep the ids',
      { refId: 'N', asAnnotations: true, tenantNames: new Map([['t1', 'Acme']]) },
      {
        name: 'audit annotations',
        refId: 'N',
        meta: { dataTopic: 'annotations' },
        fields: [
          { name: 'time', type: 'time', values: [T0, T0 - 1000] },
          { name: 'title', type: 'string', values: ['USER_LOGIN_FAILURE', 'KB_CREATE'] },
          {
            name: 'text',
            type: 'string',
            values: ['u1 · Acme · {"email":"ana@example.com"}', 'unknown user · no tenant'],
          },
          {
            name: 'tags',
            type: 'json',
            values: ['["audit","USER_LOGIN_FAILURE","t1"]', '["audit","KB_CREATE"]'],
          },
        ],
      },
    ],
  ])('%s', (_name, shape, expected) => {
    expect(auditEventsFrame(rows, shape)).toEqual(expected);
  });
});

describe('audit counts frame', () => {
  const b = { sizeMs: 60_000, first: 10, last: 12 };
  const times = [600_000, 660_000, 720_000];
  const counts: CountRow[] = [
    { bucket: '10', action: 'KB_UPDATE', events: '3' },
    { bucket: 12, action: 'KB_UPDATE', events: 1 },
    { bucket: 11, action: 'API_KEY_CREATE', events: 2 },
  ];
  const series = (action: string, values: number[]) => ({
    name: 'events',
    type: 'int64',
    values,
    labels: { action },
    config: { displayNameFromDS: action },
  });

  it.each<[string, CountRow[], number, object]>([
    [
      'one series per action, by name, empty buckets zero',
      counts,
      100,
      {
        name: 'audit counts',
        refId: 'C',
        meta: { type: 'timeseries-wide', custom: { bucketMs: 60_000 }, notices: undefined },
        fields: [
          { name: 'time', type: 'time', values: times },
          series('API_KEY_CREATE', [0, 2, 0]),
          series('KB_UPDATE', [3, 0, 1]),
        ],
      },
    ],
    [
      'cut at max rows: what is kept, and a notice',
      counts,
      2,
      {
        name: 'audit counts',
        refId: 'C',
        meta: {
          type: 'timeseries-wide',
          custom: { bucketMs: 60_000 },
          notices: [{ severity: 'warning', text: "Results were cut at 2 rows (the datasource's max rows)." }],
        },
        fields: [{ name: 'time', type: 'time', values: times }, series('KB_UPDATE', [3, 0, 1])],
      },
    ],
    [
      'no events: the time field alone',
      [],
      100,
      {
        name: 'audit counts',
        refId: 'C',
        meta: { type: 'timeseries-wide', custom: { bucketMs: 60_000 }, notices: undefined },
        fields: [{ name: 'time', type: 'time', values: times }],
      },
    ],
  ])('%s', (_name, input, maxRows, expected) => {
    expect(auditCountsFrame(input, { refId: 'C', buckets: b, maxRows })).toEqual(expected);
  });
});
