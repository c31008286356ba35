/**
 * LLM cost and tokens: time series, breakdowns (top N), totals, and the models that have usage but
 * no price. Costs stored in the ledger are used as they are; rows without one are priced from the
 * effective-dated price list and the frames say how many were (meta `custom` and a notice). Each
 * query is a fetch (its statement through pkg/db) and a pure frame builder (./costFrames.ts).
 */
import type {
  CostBreakdownQuery,
  CostTimeSeriesQuery,
  CostTotalsQuery,
  UnpricedModelsQuery,
} from '../../src/shared/queryModel';
import type { CostGroupBy } from '../../src/shared/queryTypes';
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
import type { RangePlan } from '../rollups/planner';
import { planFor, selectPlanned, withSource } from '../rollups/read';
import type { LedgerCall, QueryInput } from './ledger';
import type { Names } from './nameFrames';
import { tenantNamesFor, userNamesFor } from './names';
import type { RequestContext } from './requestContext';

type Filters = Pick<CostTotalsQuery, 'tenants' | 'users' | 'models'>;

/** The query's filters, the prices in its range, and where its range is read from (rollups or raw). */
async function scope(
  call: LedgerCall,
  q: Filters,
  range: TimeRange,
  needs: { groupBy?: CostGroupBy; bucketMs?: number },
  ctx: RequestContext
) {
  const user = needs.groupBy === 'user' || (q.users?.length ?? 0) > 0;
  const plan = await planFor(call, range, { user, bucketMs: needs.bucketMs }, ctx);
  const filters: UsageFilters = { tenants: q.tenants, users: q.users, models: q.models, range, plan };
  const prices = intervalsInRange(priceIntervals(call.settings.prices), range.fromMs, range.toMs);
  return { filters, prices };
}

/** The statement for the filters, with their plan or (when the rollups cannot be read) without. */
function run<T extends object>(
  call: LedgerCall,
  filters: UsageFilters,
  build: (filters: UsageFilters) => Statement,
  ctx: RequestContext
): Promise<{ rows: T[]; plan: RangePlan | undefined }> {
  return selectPlanned<T>(call, filters.plan, (plan) => build({ ...filters, plan }), ctx);
}

/** User names are personal data: masked below the personal-data role. */
function shownGroups(call: LedgerCall, groupBy: CostGroupBy): Shown | undefined {
  return groupBy === 'user' && !call.access.pii ? maskValue : undefined;
}

/** The names of the groups' ids, for groupings by tenant or user (one small statement). */
function groupNames(
  call: LedgerCall,
  groupBy: CostGroupBy,
  ids: Array<string | null | undefined>,
  ctx: RequestContext
): Promise<Names | undefined> {
  if (groupBy === 'tenant') {
    return tenantNamesFor(call, ids, ctx);
  }
  return groupBy === 'user' ? userNamesFor(call, ids, ctx) : Promise.resolve(undefined);
}

export async function costTimeSeries(
  call: LedgerCall,
  q: CostTimeSeriesQuery,
  { refId, range, intervalMs, maxDataPoints }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const b = buckets(range.fromMs, range.toMs, intervalMs, maxDataPoints);
  const { filters, prices } = await scope(call, q, range, { groupBy: q.groupBy, bucketMs: b.sizeMs }, ctx);
  const { rows, plan } = await run<AggregateRow>(
    call,
    filters,
    (f) => costTimeSeriesStatement(call.settings, f, q.groupBy, b, prices),
    ctx
  );
  const names = await groupNames(
    call,
    q.groupBy,
    rows.slice(0, call.settings.maxRows).map((r) => r.grp),
    ctx
  );
  return withSource(
    costTimeSeriesFrame(rows, {
      refId,
      groupBy: q.groupBy,
      metric: q.metric,
      buckets: b,
      maxRows: call.settings.maxRows,
      shown: shownGroups(call, q.groupBy),
      names,
    }),
    plan
  );
}

export async function costBreakdown(
  call: LedgerCall,
  q: CostBreakdownQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const limit = Math.min(q.limit ?? call.settings.maxRows, call.settings.maxRows);
  const { filters, prices } = await scope(call, q, range, { groupBy: q.groupBy }, ctx);
  const { rows, plan } = await run<AggregateRow>(
    call,
    filters,
    // Up to max rows whatever the limit: the page's breakdown by user and its top spenders are then one
    // statement, run once (the frame keeps the first `limit` rows and says when there were more).
    (f) => costBreakdownStatement(call.settings, f, q.groupBy, q.sort, call.settings.maxRows, prices),
    ctx
  );
  const names = await groupNames(
    call,
    q.groupBy,
    rows.slice(0, limit).map((r) => r.grp),
    ctx
  );
  return withSource(
    costBreakdownFrame(rows, { refId, groupBy: q.groupBy, limit, shown: shownGroups(call, q.groupBy), names }),
    plan
  );
}

export async function costTotals(
  call: LedgerCall,
  q: CostTotalsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const { filters, prices } = await scope(call, q, range, {}, ctx);
  const { rows, plan } = await run<AggregateRow>(
    call,
    filters,
    (f) => costBreakdownStatement(call.settings, f, 'none', 'cost', 1, prices),
    ctx
  );
  return withSource(costTotalsFrame(rows, refId), plan);
}

export async function unpricedModels(
  call: LedgerCall,
  q: UnpricedModelsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const { filters, prices } = await scope(call, q, range, {}, ctx);
  const { rows, plan } = await run<UnpricedRow>(
    call,
    filters,
    (f) => unpricedModelsStatement(call.settings, f, prices),
    ctx
  );
  return withSource(unpricedModelsFrame(rows, { refId, maxRows: call.settings.maxRows }), plan);
}
