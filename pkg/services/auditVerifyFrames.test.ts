import {
  auditTrailStateFrame,
  auditVerifyFrame,
  latestPurge,
  type ChainReport,
  type PurgeRow,
} from './auditVerifyFrames';

const T = Date.UTC(2026, 10, 18, 12);

/** The frame's fields as [name, values], for compact expectations. */
const columns = (frame: { fields: Array<{ name: string; values: ArrayLike<unknown> }> }) =>
  frame.fields.map((f) => [f.name, Array.from(f.values)]);

describe('audit verification frame', () => {
  const report = (tenant: string, status: ChainReport['status'], over: Partial<ChainReport> = {}): ChainReport => ({
    tenant,
    status,
    verified: status === 'verified' ? 10 : 0,
    firstVerifiedMs: status === 'verified' ? T - 9000 : null,
    lastVerifiedMs: status === 'verified' ? T : null,
    notChained: 0,
    breakKind: null,
    breakEventId: null,
    breakTimeMs: null,
    message: null,
    ...over,
  });
  const reports = [
    report('a', 'verified'),
    report('', 'empty'),
    report('c', 'broken', { breakKind: 'row_missing', breakEventId: 'e7', breakTimeMs: T - 5000, message: 'gone' }),
    report('b', 'not chained', { notChained: 4 }),
  ];

  it('has one row per chain, the worst first, with the contract’s fields', () => {
    const frame = auditVerifyFrame(reports, { refId: 'V', forAlerting: false });
    expect(frame).toMatchObject({
      name: 'audit verification',
      refId: 'V',
      meta: { preferredVisualisationType: 'table' },
    });
    expect(frame.fields.map((f) => [f.name, f.type, f.nullable ?? false])).toEqual([
      ['tenant', 'string', false],
      ['status', 'string', false],
      ['verified events', 'int64', false],
      ['verified from', 'time', true],
      ['verified to', 'time', true],
      ['not chained', 'int64', false],
      ['break', 'string', true],
      ['break event', 'string', true],
      ['break time', 'time', true],
      ['message', 'string', true],
    ]);
    expect(columns(frame)).toEqual([
      ['tenant', ['c', 'b', '', 'a']],
      ['status', ['broken', 'not chained', 'empty', 'verified']],
      ['verified events', [0, 0, 0, 10]],
      ['verified from', [null, null, null, T - 9000]],
      ['verified to', [null, null, null, T]],
      ['not chained', [0, 4, 0, 0]],
      ['break', ['row_missing', null, null, null]],
      ['break event', ['e7', null, null, null]],
      ['break time', [T - 5000, null, null, null]],
      ['message', ['gone', null, null, null]],
    ]);
  });

  it('for alert rules: the tenant as a string label and one number, 1 for a broken chain', () => {
    const frame = auditVerifyFrame(reports, { refId: 'A', forAlerting: true });
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['tenant', 'string'],
      ['broken', 'float64'],
    ]);
    expect(columns(frame)).toEqual([
      ['tenant', ['c', 'b', '', 'a']],
      ['broken', [1, 0, 0, 0]],
    ]);
  });

  it('names the tenants the ledger has names for, as value mappings; alert labels keep ids', () => {
    const names = new Map([
      ['a', 'Acme'],
      ['c', 'Contoso'],
    ]);
    const shown = auditVerifyFrame(reports, { refId: 'V', forAlerting: false, names });
    expect(shown.fields[0]!.values).toEqual(['c', 'b', '', 'a']);
    expect(shown.fields[0]!.config).toMatchObject({
      mappings: [{ type: 'value', options: { a: { text: 'Acme' }, c: { text: 'Contoso' } } }],
    });
    const alerting = auditVerifyFrame(reports, { refId: 'A', forAlerting: true, names });
    expect(alerting.fields[0]!.config?.mappings).toBeUndefined();
  });

  it('carries notices', () => {
    const notices = [{ severity: 'warning' as const, text: 'apply 007' }];
    expect(auditVerifyFrame([], { refId: 'A', forAlerting: false, notices }).meta?.notices).toEqual(notices);
    expect(auditVerifyFrame([], { refId: 'A', forAlerting: true, notices }).meta?.notices).toEqual(notices);
  });
});

describe('the audit trail’s state', () => {
  const purge = (time: number, details: unknown): PurgeRow => ({
    time_ms: String(time),
    details: typeof details === 'string' ? details : JSON.stringify(details),
  });
  const audit = {
    table: 'audit_log',
    retentionDays: 365,
    removedRows: 1200,
    before: T - 365 * 86_400_000,
    dryRun: false,
  };

  it.each<[string, PurgeRow[], object | null]>([
    ['no purge yet', [], null],
    [
      'the latest purge of the audit table, past the usage table’s',
      [
        purge(T, { ...audit, table: 'token_usage_log', retentionDays: 90 }),
        purge(T - 1000, audit),
        purge(T - 9000, { ...audit, removedRows: 5 }),
      ],
      { timeMs: T - 1000, retentionDays: 365, removedRows: 1200, beforeMs: T - 365 * 86_400_000, dryRun: false },
    ],
    [
      'details that do not parse, or without the expected fields',
      [purge(T, 'not json'), purge(T - 1, null), purge(T - 2, { table: 'audit_log', removedRows: 'many' })],
      { timeMs: T - 2, retentionDays: null, removedRows: null, beforeMs: null, dryRun: null },
    ],
    ['only the usage table purged', [purge(T, { ...audit, table: 'token_usage_log' })], null],
  ])('%s', (_name, rows, expected) => {
    expect(latestPurge(rows, 'audit_log')).toEqual(expected);
  });

  it('is one row: the oldest event and the last purge', () => {
    const frame = auditTrailStateFrame(
      { oldestMs: T - 86_400_000, purge: latestPurge([purge(T, audit)], 'audit_log') },
      { refId: 'S' }
    );
    expect(frame).toMatchObject({ name: 'audit trail state', refId: 'S' });
    expect(columns(frame)).toEqual([
      ['oldest event', [T - 86_400_000]],
      ['last purge', [T]],
      ['retention days', [365]],
      ['removed rows', [1200]],
      ['purged before', [T - 365 * 86_400_000]],
      ['dry run', [false]],
    ]);
    expect(columns(auditTrailStateFrame({ oldestMs: null, purge: null }, { refId: 'S' }))).toEqual([
      ['oldest event', [null]],
      ['last purge', [null]],
      ['retention days', [null]],
      ['removed rows', [null]],
      ['purged before', [null]],
      ['dry run', [null]],
    ]);
  });
});
