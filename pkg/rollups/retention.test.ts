import {
  addPartitionsSql,
  dropPartitionsSql,
  monthStart,
  parseBound,
  partitionName,
  planPartitions,
  retentionCutoff,
  type Partition,
} from './retention';

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

/** Monthly partitions p_old < first, one per month up to (excluding) `until`, and p_future. */
function layout(first: string, until: string): Partition[] {
  const parts: Partition[] = [{ name: 'p_old', lessThanMs: at(first) }];
  for (let m = at(first); m < at(until); m = monthStart(m, 1)) {
    parts.push({ name: partitionName(m), lessThanMs: monthStart(m, 1) });
  }
  return [...parts, { name: 'p_future', lessThanMs: null }];
}

describe('retention cutoff', () => {
  it.each([
    ['365 days before now', 365, at('2026-12-05T04:00:00Z') - 365 * DAY],
    ['one day before now', 1, at('2026-12-04T04:00:00Z')],
    ['none when kept forever (0 days)', 0, null],
  ])('is %s', (_name, days, expected) => {
    expect(retentionCutoff(at('2026-12-05T04:00:00Z'), days)).toBe(expected);
  });
});

describe('partition names and bounds', () => {
  it.each([
    ['2026-12-05T04:00:00Z', 0, '2026-12-01T00:00:00Z', 'p2026_12'],
    ['2026-12-31T23:59:59.999Z', 1, '2027-01-01T00:00:00Z', 'p2027_01'],
    ['2027-01-01T00:00:00Z', -1, '2026-12-01T00:00:00Z', 'p2026_12'],
    ['2026-02-28T12:00:00Z', 12, '2027-02-01T00:00:00Z', 'p2027_02'],
  ])('the month of %s moved by %d starts at %s and is named %s', (now, months, start, name) => {
    expect(monthStart(at(now), months)).toBe(at(start));
    expect(partitionName(monthStart(at(now), months))).toBe(name);
  });

  it.each([
    ['MAXVALUE', { lessThanMs: null }],
    ['1767225600000', { lessThanMs: at('2026-01-01T00:00:00Z'), kind: 'ms' }],
    ["'2026-01-01 00:00:00'", { lessThanMs: at('2026-01-01T00:00:00Z'), kind: 'datetime' }],
    ["'2026-02-01'", { lessThanMs: at('2026-02-01T00:00:00Z'), kind: 'datetime' }],
  ])('reads the bound %s', (description, expected) => {
    expect(parseBound(description)).toEqual(expected);
  });

  it('refuses a bound it does not understand', () => {
    expect(() => parseBound("'acme'")).toThrow(/does not understand/);
  });
});

describe('planning partitions', () => {
  const now = at('2026-12-05T04:00:00Z');
  it.each<[string, Partition[], number, number | null, string[], string[], number | null]>([
    [
      'the shipped layout (to 2027-12) needs nothing ahead and drops nothing within a year',
      layout('2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z'),
      3,
      now - 365 * DAY,
      [],
      [],
      null,
    ],
    [
      'adds the current month and 3 ahead when the last bound is the current month',
      layout('2026-06-01T00:00:00Z', '2026-12-01T00:00:00Z'),
      3,
      null,
      ['p2026_12', 'p2027_01', 'p2027_02', 'p2027_03'],
      [],
      null,
    ],
    [
      'adds only the missing months',
      layout('2026-06-01T00:00:00Z', '2027-02-01T00:00:00Z'),
      3,
      null,
      ['p2027_02', 'p2027_03'],
      [],
      null,
    ],
    [
      'drops the months wholly below the cutoff, p_old first, and keeps the one the cutoff falls in',
      layout('2025-06-01T00:00:00Z', '2027-04-01T00:00:00Z'),
      3,
      at('2025-09-15T10:00:00Z'),
      [],
      ['p_old', 'p2025_06', 'p2025_07', 'p2025_08'],
      at('2025-09-01T00:00:00Z'),
    ],
    [
      'drops a month whose bound is the cutoff exactly (every row in it is older)',
      layout('2025-06-01T00:00:00Z', '2027-04-01T00:00:00Z'),
      3,
      at('2025-07-01T00:00:00Z'),
      [],
      ['p_old', 'p2025_06'],
      at('2025-07-01T00:00:00Z'),
    ],
    ['drops nothing when kept forever', layout('2025-06-01T00:00:00Z', '2027-04-01T00:00:00Z'), 3, null, [], [], null],
    [
      'with 0 months ahead, keeps the current month only',
      layout('2026-06-01T00:00:00Z', '2026-11-01T00:00:00Z'),
      0,
      null,
      ['p2026_11', 'p2026_12'],
      [],
      null,
    ],
  ])('%s', (_name, partitions, ahead, cutoff, add, drop, droppedBelow) => {
    const plan = planPartitions(partitions, now, ahead, cutoff);
    expect(plan.add.map((p) => p.name)).toEqual(add);
    // Each new month ends where the next begins, the last at the end of the month `ahead` from now.
    if (add.length > 0) {
      expect(plan.add.map((p) => p.lessThanMs)).toEqual(plan.add.map((p) => monthStart(p.lessThanMs! - 1, 1)));
      expect(plan.add[plan.add.length - 1].lessThanMs).toBe(monthStart(now, ahead + 1));
    }
    expect(plan.drop).toEqual(drop);
    expect(plan.droppedBelowMs).toBe(droppedBelow);
    expect(plan.maxvalue).toBe('p_future');
  });

  it('starts from the current month when the table has only MAXVALUE', () => {
    const plan = planPartitions([{ name: 'p_future', lessThanMs: null }], now, 1, null);
    expect(plan.add).toEqual([
      { name: 'p2026_12', lessThanMs: at('2027-01-01T00:00:00Z') },
      { name: 'p2027_01', lessThanMs: at('2027-02-01T00:00:00Z') },
    ]);
  });

  it('refuses to add a month whose name is taken by a partition with another bound', () => {
    const parts = [
      { name: 'p2026_12', lessThanMs: at('2026-11-15T00:00:00Z') },
      { name: 'p_future', lessThanMs: null },
    ];
    expect(() => planPartitions(parts, now, 1, null)).toThrow(/p2026_12/);
  });
});

describe('partition statements', () => {
  const plan = (add: Partition[], maxvalue: string | null) => ({ add, drop: [], droppedBelowMs: null, maxvalue });
  const months = [
    { name: 'p2027_01', lessThanMs: at('2027-02-01T00:00:00Z') },
    { name: 'p2027_02', lessThanMs: at('2027-03-01T00:00:00Z') },
  ];
  it.each([
    [
      'splits MAXVALUE, epoch-ms bounds',
      'audit_log',
      plan(months, 'p_future'),
      'ms' as const,
      'ALTER TABLE `audit_log` REORGANIZE PARTITION `p_future` INTO (PARTITION `p2027_01` VALUES LESS THAN (1801440000000), ' +
        'PARTITION `p2027_02` VALUES LESS THAN (1803859200000), PARTITION `p_future` VALUES LESS THAN (MAXVALUE))',
    ],
    [
      'splits MAXVALUE, DATETIME bounds',
      'token_usage_log',
      plan(months.slice(0, 1), 'p_future'),
      'datetime' as const,
      "ALTER TABLE `token_usage_log` REORGANIZE PARTITION `p_future` INTO (PARTITION `p2027_01` VALUES LESS THAN ('2027-02-01 00:00:00'), " +
        'PARTITION `p_future` VALUES LESS THAN (MAXVALUE))',
    ],
    [
      'adds after the last partition without MAXVALUE',
      'audit_log',
      plan(months.slice(0, 1), null),
      'ms' as const,
      'ALTER TABLE `audit_log` ADD PARTITION (PARTITION `p2027_01` VALUES LESS THAN (1801440000000))',
    ],
    ['nothing to add', 'audit_log', plan([], 'p_future'), 'ms' as const, null],
  ])('%s', (_name, table, p, kind, sql) => {
    expect(addPartitionsSql(table, p, kind)).toBe(sql);
  });

  it('drops by name, or not at all', () => {
    expect(dropPartitionsSql('audit_log', ['p_old', 'p2025_06'])).toBe(
      'ALTER TABLE `audit_log` DROP PARTITION `p_old`, `p2025_06`'
    );
    expect(dropPartitionsSql('audit_log', [])).toBeNull();
  });
});
