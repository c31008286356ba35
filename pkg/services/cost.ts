/**
 * LLM cost and tokens: time series, breakdowns (top N), totals, and the models that have usage but
 * no price. Costs stored in the ledger are used as they are; rows without one are priced from the
 * effective-dated price list and the frames say how many were (meta `custom` and a notice). Each
 * query is a fetch (its statement through pkg/db) and a pure frame builder (./costFrames.ts).
 */
import type { RowDataPacket } from 'mysql2/promise';
import type {
  CostBreakdownQuery,
  CostTimeSeriesQuery,
  CostTotalsQuery,
  UnpricedModelsQuery,
} from '../../src/shared/queryModel';
import type { CostGroupBy } from '../../src/shared/queryTypes';
import { runSelect } from '../db/run';
import type { Frame } from '../frames';
import { maskValue } from '../masking';
import { intervalsInRange, priceIntervals } from '../pricing/priceList';
import { buckets } from '../queries/buckets';
import {
  costBreakdownStatement,
  costTimeSeriesStatement,
  unpricedModelsStatement,
  type UsageFilters,
} from '../queries/cost';
import type { Statement, TimeRange } from '../queries/sql';
import {
  costBreakdownFrame,
  costTimeSeriesFrame,
  costTotalsFrame,
  unpricedModelsFrame,
  type AggregateRow,
  type Shown,
  type UnpricedRow,
} from './costFrames';
import type { LedgerCall, QueryInput } from './ledger';
import type { RequestContext } from './requestContext';

type Filters = Pick<CostTotalsQuery, 'tenants' | 'users' | 'models'>;

function scope(call: LedgerCall, q: Filters, range: TimeRange) {
  const filters: UsageFilters = { tenants: q.tenants, users: q.users, models: q.models, range };
  const prices = intervalsInRange(priceIntervals(call.settings.prices), range.fromMs, range.toMs);
  return { filters, prices };
}

function run<T extends object>(call: LedgerCall, statement: Statement, ctx: RequestContext): Promise<T[]> {
  return runSelect<T & RowDataPacket>(call.ds, statement, {
    signal: ctx.signal,
    timeoutSeconds: call.settings.queryTimeoutSeconds,
  });
}

/** User names are personal data: masked below the personal-data role. */
function shownGroups(call: LedgerCall, groupBy: CostGroupBy): Shown | undefined {
  return groupBy === 'user' && !call.access.pii ? maskValue : undefined;
}

export async function costTimeSeries(
  call: LedgerCall,
  q: CostTimeSeriesQuery,
  { refId, range, intervalMs, maxDataPoints }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const { filters, prices } = scope(call, q, range);
  const b = buckets(range.fromMs, range.toMs, intervalMs, maxDataPoints);
  const rows = await run<AggregateRow>(
    call,
    costTimeSeriesStatement(call.settings, filters, q.groupBy, b, prices),
    ctx
  );
  return costTimeSeriesFrame(rows, {
    refId,
    groupBy: q.groupBy,
    metric: q.metric,
    buckets: b,
    maxRows: call.settings.maxRows,
    shown: shownGroups(call, q.groupBy),
  });
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
    costBreakdownStatement(call.settings, filters, q.groupBy, q.sort, limit, prices),
    ctx
  );
  return costBreakdownFrame(rows, { refId, groupBy: q.groupBy, limit, shown: shownGroups(call, q.groupBy) });
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
  return costTotalsFrame(rows, refId);
}

export async function unpricedModels(
  call: LedgerCall,
  q: UnpricedModelsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const { filters, prices } = scope(call, q, range);
  const rows = await run<UnpricedRow>(call, unpricedModelsStatement(call.settings, filters, prices), ctx);
  return unpricedModelsFrame(rows, { refId, maxRows: call.settings.maxRows });
}
