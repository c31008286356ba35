/**
 * Spend against budgets (month-to-date and a weekday-rhythm forecast per tenant) and spend spikes
 * (per tenant or model against its own trailing baseline). Both read daily or hourly cost per group
 * with the same statement as the cost time series, then compute in the backend (./budgetFrames.ts).
 */
import type { BudgetQuery, SpendSpikesQuery } from '../../src/shared/queryModel';
import { DAY_MS } from '../analysis/forecast';
import type { Frame } from '../frames';
import { intervalsInRange, priceIntervals } from '../pricing/priceList';
import { buckets, type Buckets } from '../queries/buckets';
import { costTimeSeriesStatement, type UsageFilters } from '../queries/cost';
import type { RangePlan } from '../rollups/planner';
import { planFor, selectPlanned, withSource } from '../rollups/read';
import { budgetFrame, spendByGroup, spendSpikesFrame, type SpendRow } from './budgetFrames';
import type { LedgerCall, QueryInput } from './ledger';
import { tenantNamesFor } from './names';
import type { RequestContext } from './requestContext';

/** Cost per group per bucket over the filters' range, from the rollups where they may answer. */
async function fetchSpend(
  call: LedgerCall,
  filters: UsageFilters,
  groupBy: 'tenant' | 'model',
  b: Buckets,
  ctx: RequestContext
): Promise<ReturnType<typeof spendByGroup> & { plan: RangePlan | undefined }> {
  const prices = intervalsInRange(priceIntervals(call.settings.prices), filters.range.fromMs, filters.range.toMs);
  const user = (filters.users?.length ?? 0) > 0;
  const plan = await planFor(call, filters.range, { user, bucketMs: b.sizeMs }, ctx);
  const answer = await selectPlanned<SpendRow>(
    call,
    plan,
    (p) => costTimeSeriesStatement(call.settings, { ...filters, plan: p }, groupBy, b, prices),
    ctx
  );
  return { ...spendByGroup(answer.rows, call.settings.maxRows), plan: answer.plan };
}

export async function budget(
  call: LedgerCall,
  q: BudgetQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const weeks = q.lookbackWeeks;
  const nowMs = range.toMs;
  const to = new Date(nowMs);
  const monthStart = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1);
  const fromMs = Math.min(monthStart, (Math.floor(nowMs / DAY_MS) - 7 * weeks) * DAY_MS);
  // The query's budgets (the app's) win over the datasource's for the tenants they name.
  const configured = new Map(
    [...call.settings.budgets, ...(q.budgets ?? [])].map((b) => [b.tenant, b.monthlyBudget] as const)
  );
  const tenants = q.tenants && q.tenants.length > 0 ? q.tenants : q.monthlyBudget ? undefined : [...configured.keys()];
  const filters: UsageFilters = {
    tenants: tenants && tenants.length > 0 ? tenants : undefined,
    range: { fromMs, toMs: nowMs },
  };
  const { spend, notices, plan } = await fetchSpend(
    call,
    filters,
    'tenant',
    buckets(fromMs, nowMs, DAY_MS, 100_000),
    ctx
  );
  // Names for the table only: alert rules read ids, and are not held up by a lookup.
  const names = q.forAlerting
    ? undefined
    : await tenantNamesFor(call, [...new Set([...(tenants ?? []), ...spend.keys()])], ctx);
  const frame = budgetFrame(spend, {
    refId,
    nowMs,
    monthStartMs: monthStart,
    lookbackWeeks: weeks,
    tenants: tenants ?? [],
    budgets: configured,
    monthlyBudget: q.monthlyBudget,
    pinnedTenant: call.settings.pinnedTenant,
    forAlerting: q.forAlerting,
    notices,
    names,
  });
  return withSource(frame, plan);
}

export async function spendSpikes(
  call: LedgerCall,
  q: SpendSpikesQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const bucketMs = q.granularity === 'hour' ? 3_600_000 : DAY_MS;
  const window = Math.round((q.baselineDays * DAY_MS) / bucketMs);
  const first = Math.floor(range.fromMs / bucketMs);
  const last = Math.floor(range.toMs / bucketMs);
  const b: Buckets = { sizeMs: bucketMs, first: first - window, last };
  const filters: UsageFilters = {
    tenants: q.tenants,
    users: q.users,
    models: q.models,
    range: { fromMs: b.first * bucketMs, toMs: range.toMs },
  };
  const { spend, notices, plan } = await fetchSpend(call, filters, q.by, b, ctx);
  const names = q.by === 'tenant' && !q.forAlerting ? await tenantNamesFor(call, [...spend.keys()], ctx) : undefined;
  const frame = spendSpikesFrame(spend, {
    refId,
    by: q.by,
    buckets: b,
    window,
    baselineDays: q.baselineDays,
    threshold: q.threshold,
    minSpend: q.minSpend,
    forAlerting: q.forAlerting,
    notices,
    names,
  });
  return withSource(frame, plan);
}
