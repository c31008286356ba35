/**
 * LLM cost and tokens: time series, breakdowns (top N), totals, and the models that have usage but
 * no price. Costs stored in the ledger are used as they are; rows without one are priced from the
 * effective-dated price list and the frames say how many were (meta `custom` and a notice).
 */
import type { RowDataPacket } from 'mysql2/promise';
import type {
  CostBreakdownQuery,
  CostTimeSeriesQuery,
  CostTotalsQuery,
  UnpricedModelsQuery,
} from '../../src/shared/queryModel';
import type { CostMetric } from '../../src/shared/queryTypes';
import { runSelect } from '../db/run';
import type { Field, Frame, FrameMeta, Notice } from '../frames';
import { maskValue } from '../masking';
import { intervalsInRange, priceIntervals } from '../pricing/priceList';
import { bucketTimes, buckets } from '../queries/buckets';
import {
  costBreakdownStatement,
  costTimeSeriesStatement,
  unpricedModelsStatement,
  type UsageFilters,
} from '../queries/cost';
import type { Statement, TimeRange } from '../queries/sql';
import type { LedgerCall, QueryInput } from './ledger';
import type { RequestContext } from './requestContext';

interface AggregateRow extends RowDataPacket {
  grp?: string | null;
  bucket?: number;
  cost: number | null;
  estimated_cost: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  requests: number;
  estimated_requests: number | null;
  unpriced_requests: number | null;
}

type Filters = Pick<CostTotalsQuery, 'tenants' | 'users' | 'models'>;

function scope(call: LedgerCall, q: Filters, range: TimeRange) {
  const filters: UsageFilters = { tenants: q.tenants, users: q.users, models: q.models, range };
  const prices = intervalsInRange(priceIntervals(call.settings.prices), range.fromMs, range.toMs);
  return { filters, prices };
}

function run<T extends RowDataPacket>(call: LedgerCall, statement: Statement, ctx: RequestContext): Promise<T[]> {
  return runSelect<T>(call.ds, statement, { signal: ctx.signal, timeoutSeconds: call.settings.queryTimeoutSeconds });
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Notices that say how the cost was made, and whether the result was cut. */
function costMeta(rows: AggregateRow[], truncatedAt?: number): FrameMeta {
  const estimated = rows.reduce((sum, r) => sum + n(r.estimated_requests), 0);
  const unpriced = rows.reduce((sum, r) => sum + n(r.unpriced_requests), 0);
  const notices: Notice[] = [];
  if (estimated > 0) {
    notices.push({
      severity: 'info',
      text: `${estimated} requests had no stored cost and were priced from the price list (estimated).`,
    });
  }
  if (unpriced > 0) {
    notices.push({
      severity: 'warning',
      text: `${unpriced} requests are of models without a price and are not in the cost: see the unpriced models.`,
    });
  }
  if (truncatedAt !== undefined) {
    notices.push({
      severity: 'warning',
      text: `Results were cut at ${truncatedAt} rows (the datasource's max rows or the query's limit).`,
    });
  }
  return {
    custom: { estimatedRequests: estimated, unpricedRequests: unpriced },
    notices: notices.length > 0 ? notices : undefined,
  };
}

function metricValue(row: AggregateRow, metric: CostMetric): number {
  switch (metric) {
    case 'cost':
      return n(row.cost);
    case 'tokens':
      return n(row.input_tokens) + n(row.output_tokens);
    case 'inputTokens':
      return n(row.input_tokens);
    case 'outputTokens':
      return n(row.output_tokens);
    case 'requests':
      return n(row.requests);
  }
}

const METRIC_UNIT: Record<CostMetric, string> = {
  cost: 'currencyUSD',
  tokens: 'short',
  inputTokens: 'short',
  outputTokens: 'short',
  requests: 'short',
};
const GROUP_LABEL = { none: '', model: 'model', tenant: 'tenant', user: 'user' } as const;

export async function costTimeSeries(
  call: LedgerCall,
  q: CostTimeSeriesQuery,
  { refId, range, intervalMs, maxDataPoints }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const groupBy = q.groupBy ?? 'none';
  const metric = q.metric ?? 'cost';
  const { filters, prices } = scope(call, q, range);
  const b = buckets(range.fromMs, range.toMs, intervalMs, maxDataPoints);
  const rows = await run<AggregateRow>(call, costTimeSeriesStatement(call.settings, filters, groupBy, b, prices), ctx);
  const max = call.settings.maxRows;
  const kept = rows.slice(0, max);
  const times = bucketTimes(b);
  const series = new Map<string, number[]>();
  for (const row of kept) {
    const key = groupBy === 'none' ? '' : String(row.grp ?? '(none)');
    if (!series.has(key)) {
      series.set(key, new Array(times.length).fill(0));
    }
    const slot = n(row.bucket) - b.first;
    if (slot >= 0 && slot < times.length) {
      series.get(key)![slot] = metricValue(row, metric);
    }
  }
  if (series.size === 0 && groupBy === 'none') {
    series.set('', new Array(times.length).fill(0));
  }
  const mask = groupBy === 'user' && !call.access.pii ? maskValue : <T>(v: T) => v;
  const fields: Field[] = [{ name: 'time', type: 'time', values: times }];
  for (const [key, values] of [...series.entries()].sort(([a], [b2]) => (a < b2 ? -1 : 1))) {
    const shown = mask(key);
    fields.push({
      name: metric,
      type: 'float64',
      values,
      labels: groupBy === 'none' ? undefined : { [GROUP_LABEL[groupBy]]: shown },
      config: { unit: METRIC_UNIT[metric], ...(groupBy === 'none' ? {} : { displayNameFromDS: shown }) },
    });
  }
  const meta = costMeta(kept, rows.length > max ? max : undefined);
  return {
    name: 'cost',
    refId,
    meta: { type: 'timeseries-wide', ...meta, custom: { ...(meta.custom as object), bucketMs: b.sizeMs } },
    fields,
  };
}

function aggregateFields(rows: AggregateRow[]): Field[] {
  return [
    { name: 'cost', type: 'float64', values: rows.map((r) => n(r.cost)), config: { unit: 'currencyUSD' } },
    {
      name: 'estimated cost',
      type: 'float64',
      values: rows.map((r) => n(r.estimated_cost)),
      config: { unit: 'currencyUSD' },
    },
    { name: 'input tokens', type: 'int64', values: rows.map((r) => n(r.input_tokens)) },
    { name: 'output tokens', type: 'int64', values: rows.map((r) => n(r.output_tokens)) },
    { name: 'requests', type: 'int64', values: rows.map((r) => n(r.requests)) },
    {
      name: 'cost per request',
      type: 'float64',
      nullable: true,
      values: rows.map((r) => (n(r.requests) > 0 ? n(r.cost) / n(r.requests) : null)),
      config: { unit: 'currencyUSD' },
    },
    { name: 'estimated requests', type: 'int64', values: rows.map((r) => n(r.estimated_requests)) },
    { name: 'unpriced requests', type: 'int64', values: rows.map((r) => n(r.unpriced_requests)) },
  ];
}

export async function costBreakdown(
  call: LedgerCall,
  q: CostBreakdownQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const limit = Math.min(q.limit ?? call.settings.maxRows, call.settings.maxRows);
  const { filters, prices } = scope(call, q, range);
  const rows = await run<AggregateRow>(
    call,
    costBreakdownStatement(call.settings, filters, q.groupBy, q.sort ?? 'cost', limit, prices),
    ctx
  );
  const kept = rows.slice(0, limit);
  const mask = q.groupBy === 'user' && !call.access.pii ? maskValue : <T>(v: T) => v;
  const groupFields: Field[] =
    q.groupBy === 'none'
      ? []
      : [
          {
            name: GROUP_LABEL[q.groupBy],
            type: 'string',
            nullable: true,
            values: kept.map((r) => mask(r.grp ?? null)),
          },
        ];
  return {
    name: 'cost breakdown',
    refId,
    meta: { preferredVisualisationType: 'table', ...costMeta(kept, rows.length > limit ? limit : undefined) },
    fields: [...groupFields, ...aggregateFields(kept)],
  };
}

export async function costTotals(
  call: LedgerCall,
  q: CostTotalsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const { filters, prices } = scope(call, q, range);
  const rows = await run<AggregateRow>(
    call,
    costBreakdownStatement(call.settings, filters, 'none', 'cost', 1, prices),
    ctx
  );
  return { name: 'cost totals', refId, meta: costMeta(rows.slice(0, 1)), fields: aggregateFields(rows.slice(0, 1)) };
}

interface UnpricedRow extends RowDataPacket {
  model: string;
  requests: number;
  input_tokens: number | null;
  output_tokens: number | null;
  first_seen: Date | number | string;
  last_seen: Date | number | string;
}

function epochMs(v: Date | number | string): number {
  return v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(`${v.replace(' ', 'T')}Z`);
}

export async function unpricedModels(
  call: LedgerCall,
  q: UnpricedModelsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const { filters, prices } = scope(call, q, range);
  const rows = await run<UnpricedRow>(call, unpricedModelsStatement(call.settings, filters, prices), ctx);
  const kept = rows.slice(0, call.settings.maxRows);
  const notices: Notice[] = [];
  if (kept.length > 0) {
    notices.push({
      severity: 'warning',
      text: `${kept.length} models have usage without a cost and no price: add their prices in the datasource settings.`,
    });
  }
  if (rows.length > kept.length) {
    notices.push({ severity: 'warning', text: `Results were cut at ${kept.length} rows (the datasource's max rows).` });
  }
  return {
    name: 'unpriced models',
    refId,
    meta: { preferredVisualisationType: 'table', notices: notices.length > 0 ? notices : undefined },
    fields: [
      { name: 'model', type: 'string', values: kept.map((r) => r.model) },
      { name: 'requests', type: 'int64', values: kept.map((r) => n(r.requests)) },
      { name: 'input tokens', type: 'int64', values: kept.map((r) => n(r.input_tokens)) },
      { name: 'output tokens', type: 'int64', values: kept.map((r) => n(r.output_tokens)) },
      { name: 'first seen', type: 'time', values: kept.map((r) => epochMs(r.first_seen)) },
      { name: 'last seen', type: 'time', values: kept.map((r) => epochMs(r.last_seen)) },
    ],
  };
}
