/**
 * The ledger queries of the LLM Cost page and its drilldowns, one builder per query. Each returns the
 * whole query with its refId; the page's single runner holds them all and panels pick theirs by refId.
 */
import type {
  BudgetQueryInput,
  CostBreakdownQueryInput,
  CostTimeSeriesQueryInput,
  CostTopCallsQueryInput,
  CostTotalsQueryInput,
  SpendSpikesQueryInput,
  UnpricedModelsQueryInput,
} from '../../shared/queryModel';
import { QUERY_DEFAULTS } from '../../shared/queryTypes';
import type { PageQuery, RunnerOptions } from '../common/ledgerData';

/** A query of the contract as a panel sends it (defaults may be left out): its own fields and a refId (the runner sets the datasource). */
type Built<Q> = Omit<Q, 'refId' | 'datasource' | 'hide' | 'key' | 'intervalMs' | 'maxDataPoints' | 'datasourceId'> & {
  refId: string;
};

/** Usage filters; an entry may be a variable (`$tenant`), which the datasource expands. */
export interface CostFilters {
  tenants: string[];
  users: string[];
  models: string[];
}

/** The page's filters: every usage query follows the tenant, user and model variables. */
export const VARIABLE_FILTERS: CostFilters = { tenants: ['$tenant'], users: ['$user'], models: ['$model'] };

/** A tenant's drilldown: that tenant, and the user and model variables. */
export function tenantFilters(tenant: string): CostFilters {
  return { tenants: [tenant], users: ['$user'], models: ['$model'] };
}

/** One user's drilldown: that tenant and user, and the model variable. */
export function userFilters(tenant: string, user: string): CostFilters {
  return { tenants: [tenant], users: [user], models: ['$model'] };
}

/**
 * The resolution of spend over time: whole hours at least, about 60 buckets whatever the range (an
 * hour over a day, 3 hours over a week, a day over a month). Spend per hour or day is what a reader
 * compares, and whole hours and days are what the rollup tables hold, so long ranges read a few
 * thousand summary rows instead of the calls.
 */
export const COST_SERIES = { maxDataPoints: 60, minInterval: '1h' } as const satisfies RunnerOptions;

/** How many users the "top spenders" panel lists. */
export const TOP_SPENDERS = 10;

/** How many calls the "most expensive calls" panel lists. */
export const TOP_CALLS = QUERY_DEFAULTS.costTopCalls.limit;

/** refIds of the queries; unique within a page because each page has one runner. */
export const REF = {
  totals: 'totals',
  spendByModel: 'spendByModel',
  byTenant: 'byTenant',
  byUser: 'byUser',
  byModel: 'byModel',
  topSpenders: 'topSpenders',
  budget: 'budget',
  spikes: 'spikes',
  unpriced: 'unpriced',
  topCalls: 'topCalls',
} as const;

// Each builder copies the filter lists so that no two queries share an array a later edit could change.
const lists = (f: CostFilters) => ({ tenants: [...f.tenants], users: [...f.users], models: [...f.models] });

/** Spend, tokens in and out, requests and cost per request, in one row. */
export function totalsQuery(filters: CostFilters): Built<CostTotalsQueryInput> & PageQuery {
  return { refId: REF.totals, queryType: 'costTotals', ...lists(filters) };
}

/** Spend per interval, one series per model, for the stacked time series. */
export function spendByModelQuery(filters: CostFilters): Built<CostTimeSeriesQueryInput> & PageQuery {
  return { refId: REF.spendByModel, queryType: 'costTimeSeries', ...lists(filters), groupBy: 'model', metric: 'cost' };
}

/** One row per tenant, user or model, the biggest spenders first. */
export function breakdownQuery(
  groupBy: 'tenant' | 'user' | 'model',
  filters: CostFilters
): Built<CostBreakdownQueryInput> & PageQuery {
  const refId = { tenant: REF.byTenant, user: REF.byUser, model: REF.byModel }[groupBy];
  return { refId, queryType: 'costBreakdown', ...lists(filters), groupBy, sort: 'cost' };
}

/** The users who spent most. */
export function topSpendersQuery(filters: CostFilters): Built<CostBreakdownQueryInput> & PageQuery {
  return {
    refId: REF.topSpenders,
    queryType: 'costBreakdown',
    ...lists(filters),
    groupBy: 'user',
    sort: 'cost',
    limit: TOP_SPENDERS,
  };
}

/**
 * Month-to-date spend and forecast per tenant against its monthly budget. The app's budgets go with
 * the query, so they win over the datasource's for the tenants they name (also once the panel is
 * added to a dashboard).
 */
export function budgetQuery(
  tenants: string[],
  budgets: Array<{ tenant: string; monthlyBudget: number }>
): Built<BudgetQueryInput> & PageQuery {
  return {
    refId: REF.budget,
    queryType: 'budget',
    tenants: [...tenants],
    budgets: budgets.map((b) => ({ tenant: b.tenant, monthlyBudget: b.monthlyBudget })),
  };
}

/** Days where a tenant spent far more than its own baseline. */
export function spikesQuery(filters: CostFilters): Built<SpendSpikesQueryInput> & PageQuery {
  return { refId: REF.spikes, queryType: 'spendSpikes', ...lists(filters), by: 'tenant', granularity: 'day' };
}

/** Models with usage but no price: their usage is not in the spend. */
export function unpricedModelsQuery(filters: CostFilters): Built<UnpricedModelsQueryInput> & PageQuery {
  return { refId: REF.unpriced, queryType: 'unpricedModels', ...lists(filters) };
}

/** The single calls that cost most, with their trace ids. */
export function topCallsQuery(filters: CostFilters): Built<CostTopCallsQueryInput> & PageQuery {
  return { refId: REF.topCalls, queryType: 'costTopCalls', ...lists(filters), limit: TOP_CALLS };
}
