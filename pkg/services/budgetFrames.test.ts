import { DAY_MS } from '../analysis/forecast';
import {
  budgetFrame,
  spendByGroup,
  spendSpikesFrame,
  type BudgetShape,
  type SpikesShape,
  type SpendRow,
} from './budgetFrames';

const day = (y: number, m: number, d: number) => Date.UTC(y, m, d) / DAY_MS;

describe('spend rows by group', () => {
  it('keys by group ("(none)" for rows without one) and bucket, costs as numbers', () => {
    const { spend, notices } = spendByGroup(
      [
        { bucket: '7', grp: 'acme', cost: '1.50' },
        { bucket: 8, grp: 'acme', cost: null },
        { bucket: 7, grp: null, cost: 2 },
      ],
      10
    );
    expect([...spend.entries()].map(([k, v]) => [k, [...v.entries()]])).toEqual([
      [
        'acme',
        [
          [7, 1.5],
          [8, 0],
        ],
      ],
      ['(none)', [[7, 2]]],
    ]);
    expect(notices).toBeUndefined();
  });

  it('says the figures are incomplete when max rows cut the rows', () => {
    const rows: SpendRow[] = [1, 2, 3].map((bucket) => ({ bucket, grp: 'acme', cost: 1 }));
    const { spend, notices } = spendByGroup(rows, 2);
    expect([...spend.get('acme')!.keys()]).toEqual([1, 2]);
    expect(notices).toEqual([
      { severity: 'warning', text: "Results were cut at 2 rows (the datasource's max rows): figures are incomplete." },
    ]);
  });
});

describe('budget frame', () => {
  // Saturday 28 February 2026, noon: the month's last day, half of it to come.
  const nowMs = Date.UTC(2026, 1, 28, 12);
  const spend = spendByGroup(
    [
      // acme: 14 last Saturday, 10 today; a week's lookback makes Saturday's average 14.
      { bucket: day(2026, 1, 21), grp: 'acme', cost: 14 },
      { bucket: day(2026, 1, 28), grp: 'acme', cost: 10 },
      // initech: 5 on Friday, no budget.
      { bucket: day(2026, 1, 27), grp: 'initech', cost: 5 },
    ],
    100
  ).spend;
  const shape = (over: Partial<BudgetShape>): BudgetShape => ({
    refId: 'budget',
    nowMs,
    monthStartMs: Date.UTC(2026, 1, 1),
    lookbackWeeks: 1,
    tenants: ['acme', 'globex'],
    budgets: new Map([
      ['acme', 40],
      ['globex', 10],
    ]),
    forAlerting: false,
    ...over,
  });
  const table = (rows: Array<[string, number | null, number, number | null, number, number | null]>) => {
    const column = (i: number) => rows.map((r) => r[i]);
    return [
      { name: 'tenant', type: 'string', values: column(0) },
      { name: 'budget', type: 'float64', nullable: true, values: column(1), config: { unit: 'currencyUSD' } },
      {
        name: 'spent',
        type: 'float64',
        values: column(2),
        config: { unit: 'currencyUSD', displayName: 'month to date' },
      },
      { name: 'used', type: 'float64', nullable: true, values: column(3), config: { unit: 'percentunit' } },
      {
        name: 'forecast',
        type: 'float64',
        values: column(4),
        config: { unit: 'currencyUSD', displayName: 'month-end forecast' },
      },
      { name: 'forecast used', type: 'float64', nullable: true, values: column(5), config: { unit: 'percentunit' } },
    ];
  };
  const meta = {
    preferredVisualisationType: 'table',
    custom: { monthStartMs: Date.UTC(2026, 1, 1), lookbackWeeks: 1 },
  };

  it.each<[string, Partial<BudgetShape>, object]>([
    [
      'listed and budgeted tenants and tenants with spend, by name; half of a Saturday still to come',
      {},
      {
        name: 'budget',
        refId: 'budget',
        meta: { ...meta, notices: undefined },
        fields: table([
          ['acme', 40, 24, 0.6, 31, 0.775],
          ['globex', 10, 0, 0, 0, 0],
          ['initech', null, 5, null, 5, null],
        ]),
      },
    ],
    [
      "one budget for every tenant (the query's monthly budget)",
      { tenants: ['acme'], monthlyBudget: 62 },
      {
        name: 'budget',
        refId: 'budget',
        meta: { ...meta, notices: undefined },
        fields: table([
          ['acme', 62, 24, 24 / 62, 31, 0.5],
          ['initech', 62, 5, 5 / 62, 5, 5 / 62],
        ]),
      },
    ],
    [
      "a pinned datasource: that tenant's row only, with the fetch's notices",
      { pinnedTenant: 'acme', notices: [{ severity: 'warning', text: 'cut' }] },
      {
        name: 'budget',
        refId: 'budget',
        meta: { ...meta, notices: [{ severity: 'warning', text: 'cut' }] },
        fields: table([['acme', 40, 24, 0.6, 31, 0.775]]),
      },
    ],
    [
      'with names: the tenant column maps the named tenants and keeps the ids',
      { pinnedTenant: 'acme', names: new Map([['acme', 'Acme Corp']]) },
      {
        name: 'budget',
        refId: 'budget',
        meta: { ...meta, notices: undefined },
        fields: table([['acme', 40, 24, 0.6, 31, 0.775]]).map((f, i) =>
          i === 0 ? { ...f, config: { mappings: [{ type: 'value', options: { acme: { text: 'Acme Corp' } } }] } } : f
        ),
      },
    ],
    [
      'for alert rules, names or not: the budgeted tenants (ids: the alerts’ labels) and the share used',
      { forAlerting: true, names: new Map([['acme', 'Acme Corp']]) },
      {
        name: 'budget',
        refId: 'budget',
        fields: [
          { name: 'tenant', type: 'string', values: ['acme', 'globex'] },
          { name: 'used', type: 'float64', values: [0.6, 0], config: { unit: 'percentunit' } },
        ],
      },
    ],
  ])('%s', (_name, over, expected) => {
    expect(budgetFrame(spend, shape(over))).toEqual(expected);
  });
});

describe('spend spikes frame', () => {
  const b = { sizeMs: DAY_MS, first: 100, last: 105 };
  // Window 3: acme's 20 on day 104 is 180 robust deviations above the median 2 of 4, 2, 2 (MAD 0, so
  // 5 % of the median: 0.1); globex's 2.5 on day 105 is 5 above its flat 2.
  const series = { acme: [2, 4, 2, 2, 20, 2], globex: [2, 2, 2, 2, 2, 2.5] };
  const spend = spendByGroup(
    Object.entries(series).flatMap(([grp, values]) => values.map((cost, i) => ({ bucket: b.first + i, grp, cost }))),
    100
  ).spend;
  const shape = (over: Partial<SpikesShape>): SpikesShape => ({
    refId: 'spikes',
    by: 'tenant',
    buckets: b,
    window: 3,
    baselineDays: 3,
    threshold: 3.5,
    minSpend: 0,
    forAlerting: false,
    ...over,
  });
  const table = (rows: Array<[number, string, number, number, number, number]>) => {
    const column = (i: number) => rows.map((r) => r[i]);
    return [
      { name: 'time', type: 'time', values: column(0) },
      { name: 'tenant', type: 'string', values: column(1) },
      { name: 'spend', type: 'float64', values: column(2), config: { unit: 'currencyUSD' } },
      {
        name: 'baseline',
        type: 'float64',
        values: column(3),
        config: { unit: 'currencyUSD', description: 'median of the previous window' },
      },
      { name: 'mad', type: 'float64', values: column(4), config: { unit: 'currencyUSD' } },
      {
        name: 'score',
        type: 'float64',
        values: column(5),
        config: { description: 'robust standard deviations above the baseline' },
      },
    ];
  };
  const meta = {
    preferredVisualisationType: 'table',
    custom: { bucketMs: DAY_MS, baselineDays: 3 },
    notices: undefined,
  };

  it.each<[string, Partial<SpikesShape>, object]>([
    [
      'the buckets above the threshold, oldest first',
      {},
      {
        name: 'spend spikes',
        refId: 'spikes',
        meta,
        fields: table([
          [104 * DAY_MS, 'acme', 20, 2, 0, 180],
          [105 * DAY_MS, 'globex', 2.5, 2, 0, 5],
        ]),
      },
    ],
    [
      'a higher threshold keeps only the big one',
      { threshold: 10 },
      { name: 'spend spikes', refId: 'spikes', meta, fields: table([[104 * DAY_MS, 'acme', 20, 2, 0, 180]]) },
    ],
    [
      'spend under the minimum is never a spike',
      { minSpend: 25 },
      { name: 'spend spikes', refId: 'spikes', meta, fields: table([]) },
    ],
    [
      'for alert rules: each group with its highest score (buckets under the minimum count 0), by name',
      { forAlerting: true, by: 'model', minSpend: 2.1 },
      {
        name: 'spend spikes',
        refId: 'spikes',
        fields: [
          { name: 'model', type: 'string', values: ['acme', 'globex'] },
          { name: 'score', type: 'float64', values: [180, 5] },
        ],
      },
    ],
  ])('%s', (_name, over, expected) => {
    expect(spendSpikesFrame(spend, shape(over))).toEqual(expected);
  });
});
