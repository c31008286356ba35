import { maskValue } from '../masking';
import type { Buckets } from '../queries/buckets';
import {
  costBreakdownFrame,
  costTimeSeriesFrame,
  costTotalsFrame,
  unpricedModelsFrame,
  type AggregateRow,
  type TimeSeriesShape,
} from './costFrames';

const HOUR = 3_600_000;
/** Three hourly buckets: 10:00, 11:00, 12:00 of day 0. */
const B: Buckets = { sizeMs: HOUR, first: 10, last: 12 };

/** A row as MySQL returns it: DECIMAL sums as strings, missing sums as null. */
function row(over: Partial<AggregateRow>): AggregateRow {
  return {
    cost: '0',
    estimated_cost: null,
    input_tokens: '0',
    output_tokens: '0',
    requests: 0,
    estimated_requests: null,
    unpriced_requests: null,
    ...over,
  };
}

const NO_NOTICE = { custom: { estimatedRequests: 0, unpricedRequests: 0 }, notices: undefined };

describe('cost time series frame', () => {
  const shape = (over: Partial<TimeSeriesShape>): TimeSeriesShape => ({
    refId: 'A',
    groupBy: 'none',
    metric: 'cost',
    buckets: B,
    maxRows: 100,
    ...over,
  });

  it.each<[string, AggregateRow[], TimeSeriesShape, object]>([
    [
      'ungrouped: one series, empty buckets zero, cost in USD',
      [row({ bucket: 11, cost: '1.25', requests: 3 })],
      shape({}),
      {
        name: 'cost',
        refId: 'A',
        meta: { type: 'timeseries-wide', ...NO_NOTICE, custom: { ...NO_NOTICE.custom, bucketMs: HOUR } },
        fields: [
          { name: 'time', type: 'time', values: [10 * HOUR, 11 * HOUR, 12 * HOUR] },
          { name: 'cost', type: 'float64', values: [0, 1.25, 0], config: { unit: 'currencyUSD' } },
        ],
      },
    ],
    [
      'no rows and no grouping: still one series of zeros',
      [],
      shape({ metric: 'requests' }),
      {
        name: 'cost',
        refId: 'A',
        meta: { type: 'timeseries-wide', ...NO_NOTICE, custom: { ...NO_NOTICE.custom, bucketMs: HOUR } },
        fields: [
          { name: 'time', type: 'time', values: [10 * HOUR, 11 * HOUR, 12 * HOUR] },
          { name: 'requests', type: 'float64', values: [0, 0, 0], config: { unit: 'short' } },
        ],
      },
    ],
    [
      'by tenant with names: each series named after its tenant, its label the id',
      [row({ grp: 't1', bucket: 10, cost: '1' }), row({ grp: 't2', bucket: 11, cost: '2' })],
      shape({ groupBy: 'tenant', names: new Map([['t1', 'Acme']]) }),
      {
        name: 'cost',
        refId: 'A',
        meta: { type: 'timeseries-wide', ...NO_NOTICE, custom: { ...NO_NOTICE.custom, bucketMs: HOUR } },
        fields: [
          { name: 'time', type: 'time', values: [10 * HOUR, 11 * HOUR, 12 * HOUR] },
          {
            name: 'cost',
            type: 'float64',
            values: [1, 0, 0],
            labels: { tenant: 't1' },
            config: { unit: 'currencyUSD', displayNameFromDS: 'Acme' },
          },
          {
            name: 'cost',
            type: 'float64',
            values: [0, 2, 0],
            labels: { tenant: 't2' },
            config: { unit: 'currencyUSD', displayNameFromDS: 't2' },
          },
        ],
      },
    ],
    [
      'by model: a labelled series per model in name order, tokens in + out; rows outside the buckets ignored',
      [
        row({ grp: 'gpt-4o', bucket: 10, input_tokens: '100', output_tokens: '20', estimated_requests: 2 }),
        row({ grp: 'claude', bucket: 12, input_tokens: '5', output_tokens: '5' }),
        row({ grp: 'claude', bucket: 13, input_tokens: '999', output_tokens: '999' }),
        row({ grp: null, bucket: 11, input_tokens: '1', output_tokens: '1', unpriced_requests: '4' }),
      ],
      shape({ groupBy: 'model', metric: 'tokens' }),
      {
        name: 'cost',
        refId: 'A',
        meta: {
          type: 'timeseries-wide',
          custom: { estimatedRequests: 2, unpricedRequests: 4, bucketMs: HOUR },
          notices: [
            {
              severity: 'info',
              text: '2 requests had no stored cost and were priced from the price list (estimated).',
            },
            {
              severity: 'warning',
              text: '4 requests are of models without a price and are not in the cost: see the unpriced models.',
            },
          ],
        },
        fields: [
          { name: 'time', type: 'time', values: [10 * HOUR, 11 * HOUR, 12 * HOUR] },
          {
            name: 'tokens',
            type: 'float64',
            values: [0, 2, 0],
            labels: { model: '(none)' },
            config: { unit: 'short', displayNameFromDS: '(none)' },
          },
          {
            name: 'tokens',
            type: 'float64',
            values: [0, 0, 10],
            labels: { model: 'claude' },
            config: { unit: 'short', displayNameFromDS: 'claude' },
          },
          {
            name: 'tokens',
            type: 'float64',
            values: [120, 0, 0],
            labels: { model: 'gpt-4o' },
            config: { unit: 'short', displayNameFromDS: 'gpt-4o' },
          },
        ],
      },
    ],
    [
      'by user, masked, and cut at max rows with a notice',
      [
        row({ grp: 'ana@example.com', bucket: 10, input_tokens: '7' }),
        row({ grp: 'bob@example.com', bucket: 10, input_tokens: '8' }),
      ],
      shape({ groupBy: 'user', metric: 'inputTokens', maxRows: 1, shown: maskValue }),
      {
        name: 'cost',
        refId: 'A',
        meta: {
          type: 'timeseries-wide',
          custom: { estimatedRequests: 0, unpricedRequests: 0, bucketMs: HOUR },
          notices: [
            {
              severity: 'warning',
              text: "Results were cut at 1 rows (the datasource's max rows or the query's limit).",
            },
          ],
        },
        fields: [
          { name: 'time', type: 'time', values: [10 * HOUR, 11 * HOUR, 12 * HOUR] },
          {
            name: 'inputTokens',
            type: 'float64',
            values: [7, 0, 0],
            labels: { user: '[EMAIL]' },
            config: { unit: 'short', displayNameFromDS: '[EMAIL]' },
          },
        ],
      },
    ],
  ])('%s', (_name, rows, s, expected) => {
    expect(costTimeSeriesFrame(rows, s)).toEqual(expected);
  });
});

/** The aggregate fields of a breakdown or the totals, for rows of [cost, estimated, in, out, requests, est. req, unpriced req]. */
function aggregate(values: Array<[number, number, number, number, number, number | null, number, number]>) {
  const column = (i: number) => values.map((v) => v[i]);
  return [
    { name: 'cost', type: 'float64', values: column(0), config: { unit: 'currencyUSD' } },
    { name: 'estimated cost', type: 'float64', values: column(1), config: { unit: 'currencyUSD' } },
    { name: 'input tokens', type: 'int64', values: column(2) },
    { name: 'output tokens', type: 'int64', values: column(3) },
    { name: 'requests', type: 'int64', values: column(4) },
    { name: 'cost per request', type: 'float64', nullable: true, values: column(5), config: { unit: 'currencyUSD' } },
    { name: 'estimated requests', type: 'int64', values: column(6) },
    { name: 'unpriced requests', type: 'int64', values: column(7) },
  ];
}

describe('cost breakdown and totals frames', () => {
  const rows = [
    row({
      grp: 'ana@example.com',
      cost: '3.00000000',
      estimated_cost: '1.5',
      input_tokens: '300',
      output_tokens: '30',
      requests: 6,
      estimated_requests: '2',
    }),
    row({ grp: null, cost: null, requests: 0, unpriced_requests: '1' }),
  ];

  it.each<[string, () => object, object]>([
    [
      'by user, masked: the group column first, nulls kept, cost per request null without requests',
      () => costBreakdownFrame(rows, { refId: 'B', groupBy: 'user', limit: 10, shown: maskValue }),
      {
        name: 'cost breakdown',
        refId: 'B',
        meta: {
          preferredVisualisationType: 'table',
          custom: { estimatedRequests: 2, unpricedRequests: 1 },
          notices: [
            {
              severity: 'info',
              text: '2 requests had no stored cost and were priced from the price list (estimated).',
            },
            {
              severity: 'warning',
              text: '1 requests are of models without a price and are not in the cost: see the unpriced models.',
            },
          ],
        },
        fields: [
          { name: 'user', type: 'string', nullable: true, values: ['[EMAIL]', null] },
          ...aggregate([
            [3, 1.5, 300, 30, 6, 0.5, 2, 0],
            [0, 0, 0, 0, 0, null, 0, 1],
          ]),
        ],
      },
    ],
    [
      'by tenant with names: the group column keeps its ids and maps the named ones',
      () =>
        costBreakdownFrame([row({ grp: 't1', requests: 1 }), row({ grp: 't2', requests: 1 })], {
          refId: 'B',
          groupBy: 'tenant',
          limit: 10,
          names: new Map([['t2', 'Globex']]),
        }).fields[0],
      {
        name: 'tenant',
        type: 'string',
        nullable: true,
        values: ['t1', 't2'],
        config: { mappings: [{ type: 'value', options: { t2: { text: 'Globex' } } }] },
      },
    ],
    [
      'ungrouped, cut at the limit: no group column, a notice',
      () => costBreakdownFrame(rows, { refId: 'B', groupBy: 'none', limit: 1 }),
      {
        name: 'cost breakdown',
        refId: 'B',
        meta: {
          preferredVisualisationType: 'table',
          custom: { estimatedRequests: 2, unpricedRequests: 0 },
          notices: [
            {
              severity: 'info',
              text: '2 requests had no stored cost and were priced from the price list (estimated).',
            },
            {
              severity: 'warning',
              text: "Results were cut at 1 rows (the datasource's max rows or the query's limit).",
            },
          ],
        },
        fields: aggregate([[3, 1.5, 300, 30, 6, 0.5, 2, 0]]),
      },
    ],
    [
      'totals: the first row only',
      () => costTotalsFrame(rows, 'T'),
      {
        name: 'cost totals',
        refId: 'T',
        meta: {
          custom: { estimatedRequests: 2, unpricedRequests: 0 },
          notices: [
            {
              severity: 'info',
              text: '2 requests had no stored cost and were priced from the price list (estimated).',
            },
          ],
        },
        fields: aggregate([[3, 1.5, 300, 30, 6, 0.5, 2, 0]]),
      },
    ],
    [
      'totals of an empty ledger: no row',
      () => costTotalsFrame([], 'T'),
      { name: 'cost totals', refId: 'T', meta: NO_NOTICE, fields: aggregate([]) },
    ],
  ])('%s', (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });
});

describe('unpriced models frame', () => {
  const first = Date.UTC(2026, 9, 1, 8);
  it.each<[string, Parameters<typeof unpricedModelsFrame>[0], number, object]>([
    [
      'one row per model; times from Date, epoch ms or DATETIME text; a notice asking for prices',
      [
        {
          model: 'mystery-1',
          requests: '4',
          input_tokens: '40',
          output_tokens: null,
          first_seen: new Date(first),
          last_seen: '2026-10-02 09:30:00',
        },
        {
          model: 'mystery-2',
          requests: 1,
          input_tokens: 1,
          output_tokens: 2,
          first_seen: first,
          last_seen: first,
        },
      ],
      100,
      {
        name: 'unpriced models',
        refId: 'U',
        meta: {
          preferredVisualisationType: 'table',
          notices: [
            {
              severity: 'warning',
              text: '2 models have usage without a cost and no price: add their prices in the datasource settings.',
            },
          ],
        },
        fields: [
          { name: 'model', type: 'string', values: ['mystery-1', 'mystery-2'] },
          { name: 'requests', type: 'int64', values: [4, 1] },
          { name: 'input tokens', type: 'int64', values: [40, 1] },
          { name: 'output tokens', type: 'int64', values: [0, 2] },
          { name: 'first seen', type: 'time', values: [first, first] },
          { name: 'last seen', type: 'time', values: [Date.UTC(2026, 9, 2, 9, 30), first] },
        ],
      },
    ],
    [
      'none: no notice',
      [],
      100,
      {
        name: 'unpriced models',
        refId: 'U',
        meta: { preferredVisualisationType: 'table', notices: undefined },
        fields: [
          { name: 'model', type: 'string', values: [] },
          { name: 'requests', type: 'int64', values: [] },
          { name: 'input tokens', type: 'int64', values: [] },
          { name: 'output tokens', type: 'int64', values: [] },
          { name: 'first seen', type: 'time', values: [] },
          { name: 'last seen', type: 'time', values: [] },
        ],
      },
    ],
  ])('%s', (_name, rows, maxRows, expected) => {
    expect(unpricedModelsFrame(rows, { refId: 'U', maxRows })).toEqual(expected);
  });

  it('cut at max rows: says so', () => {
    const rows = ['a', 'b', 'c'].map((model) => ({
      model,
      requests: 1,
      input_tokens: 1,
      output_tokens: 1,
      first_seen: 0,
      last_seen: 0,
    }));
    expect(unpricedModelsFrame(rows, { refId: 'U', maxRows: 2 }).meta?.notices).toEqual([
      {
        severity: 'warning',
        text: '2 models have usage without a cost and no price: add their prices in the datasource settings.',
      },
      { severity: 'warning', text: "Results were cut at 2 rows (the datasource's max rows)." },
    ]);
  });
});
