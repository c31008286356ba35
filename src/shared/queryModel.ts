/**
 * The query contract: the JSON a panel sends and the backend validates.
 *
 * This file is imported by the datasource frontend and by the Node backend (`pkg/`), so it must not
 * import any `@grafana/*` runtime module. The zod schemas are the single source of truth; the
 * TypeScript types are inferred from them so the two sides cannot drift apart.
 */
import * as z from './zod';
import { BUDGETS_MAX } from './datasourceSettings';
import { tenantBudgetSchema } from './datasourceSettingsSchema';
import {
  BUDGET_LOOKBACK_WEEKS_MAX,
  SPIKE_BASELINE_DAYS_MAX,
  SPIKE_BASELINE_DAYS_MIN,
  SPIKE_BY,
  SPIKE_GRANULARITY,
  SPIKE_THRESHOLD_MAX,
  BREAKDOWN_LIMIT_MAX,
  TOP_CALLS_LIMIT_MAX,
  BREAKDOWN_SORT,
  COST_GROUP_BY,
  COST_METRICS,
  AUDIT_PAGE_MAX,
  AUDIT_PAGE_SIZE_MAX,
  AUDIT_SORT_COLUMNS,
  AUDIT_VERIFY_TENANT_MAX_LENGTH,
  FILTER_VALUE_MAX_LENGTH,
  FILTER_VALUES_MAX,
  SORT_DIRECTIONS,
  PING_MAX_ROWS,
  PING_MESSAGE_MAX_LENGTH,
  QUERY_DEFAULTS,
  QUERY_TYPES,
  VARIABLE_SEARCH_MAX_LENGTH,
  VARIABLE_VALUES_MAX,
  VARIABLES,
} from './queryTypes';

export { PING_MAX_ROWS, PING_MESSAGE_MAX_LENGTH, QUERY_DEFAULTS, QUERY_TYPES, type QueryType } from './queryTypes';

/** Fields Grafana adds to every query; the backend ignores them but they must be accepted. */
const grafanaQueryFields = {
  refId: z.optional(z.string()),
  hide: z.optional(z.boolean()),
  datasource: z.optional(z.unknown()),
  key: z.optional(z.string()),
  intervalMs: z.optional(z.number()),
  maxDataPoints: z.optional(z.number()),
  datasourceId: z.optional(z.number()),
};

/**
 * `ping`: a small frame (time, number, nullable string, boolean) that proves the whole path from
 * panel to backend and back without touching MySQL.
 */
export const pingQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('ping'),
  /** Number of rows, spread evenly over the query's time range. */
  rows: z._default(z.int().check(z.minimum(1), z.maximum(PING_MAX_ROWS)), QUERY_DEFAULTS.ping.rows),
  /** Text echoed in the `message` column; every third row leaves it null. */
  message: z._default(z.string().check(z.maxLength(PING_MESSAGE_MAX_LENGTH)), QUERY_DEFAULTS.ping.message),
});
export type PingQuery = z.infer<typeof pingQuerySchema>;
export type PingQueryInput = z.input<typeof pingQuerySchema>;

/**
 * `variableValues`: the distinct tenants, users, models or audit actions seen in the time range, for
 * dashboard variables; `search` keeps the values that contain it.
 */
export const variableValuesQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('variableValues'),
  variable: z.enum(VARIABLES),
  search: z.optional(z.string().check(z.maxLength(VARIABLE_SEARCH_MAX_LENGTH))),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(VARIABLE_VALUES_MAX))),
});
export type VariableValuesQuery = z.infer<typeof variableValuesQuerySchema>;
export type VariableValuesQueryInput = z.input<typeof variableValuesQuerySchema>;

const filterValues = z.optional(
  z.array(z.string().check(z.minLength(1), z.maxLength(FILTER_VALUE_MAX_LENGTH))).check(z.maxLength(FILTER_VALUES_MAX))
);

/** Filters of the audit trail; absent or empty lists filter nothing. */
const auditFilters = {
  users: filterValues,
  tenants: filterValues,
  actions: filterValues,
  /** Text the event's details must contain. */
  text: z.optional(z.string().check(z.maxLength(FILTER_VALUE_MAX_LENGTH))),
};

/** `auditEvents`: one page of the audit trail, sorted; or the events as annotations. */
export const auditEventsQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('auditEvents'),
  ...auditFilters,
  sort: z._default(z.enum(AUDIT_SORT_COLUMNS), QUERY_DEFAULTS.auditEvents.sort),
  direction: z._default(z.enum(SORT_DIRECTIONS), QUERY_DEFAULTS.auditEvents.direction),
  page: z._default(z.int().check(z.minimum(1), z.maximum(AUDIT_PAGE_MAX)), QUERY_DEFAULTS.auditEvents.page),
  /** Events per page; the datasource's max rows may make it smaller. */
  pageSize: z._default(
    z.int().check(z.minimum(1), z.maximum(AUDIT_PAGE_SIZE_MAX)),
    QUERY_DEFAULTS.auditEvents.pageSize
  ),
  /** Answer with Grafana's annotation fields (time, title, text, tags) instead of the table. */
  asAnnotations: z._default(z.boolean(), QUERY_DEFAULTS.auditEvents.asAnnotations),
  /**
   * One event by its id, whatever the time range (an event's detail page stays valid when the
   * range it was found in has moved on). The other filters still apply.
   */
  eventId: z.optional(z.string().check(z.minLength(1), z.maxLength(FILTER_VALUE_MAX_LENGTH))),
});
export type AuditEventsQuery = z.infer<typeof auditEventsQuerySchema>;
export type AuditEventsQueryInput = z.input<typeof auditEventsQuerySchema>;

/** `auditCounts`: events per action over time, bucketed by the panel's interval. */
export const auditCountsQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('auditCounts'),
  ...auditFilters,
});
export type AuditCountsQuery = z.infer<typeof auditCountsQuerySchema>;
export type AuditCountsQueryInput = z.input<typeof auditCountsQuerySchema>;

/**
 * `auditVerify`: walks audit hash chains (schema/mysql/007_audit_chain.sql) from their first
 * remaining event to their head, recomputing every link, and says for each chain whether it holds
 * and where it first breaks. The whole chain, whatever the time range (the range only bounds the
 * count of events that are not chained).
 */
export const auditVerifyQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('auditVerify'),
  /** One chain: a tenant id, or '' for the events without a tenant. Absent: every chain. */
  tenant: z.optional(z.string().check(z.maxLength(AUDIT_VERIFY_TENANT_MAX_LENGTH))),
  /** The chains of these tenants (the page's tenant variable); absent or empty: every chain. */
  tenants: filterValues,
  /** For alert rules: one number per chain, 1 when it is broken, else 0. */
  forAlerting: z._default(z.boolean(), QUERY_DEFAULTS.auditVerify.forAlerting),
});
export type AuditVerifyQuery = z.infer<typeof auditVerifyQuerySchema>;
export type AuditVerifyQueryInput = z.input<typeof auditVerifyQuerySchema>;

/**
 * `auditTrailState`: what the audit log holds now, whatever the time range: its oldest event, and
 * the last purge of old events (the maintenance job's AUDIT_RETENTION_PURGE event).
 */
export const auditTrailStateQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('auditTrailState'),
  /** The oldest event of these tenants; the purge is the whole table's. */
  tenants: filterValues,
});
export type AuditTrailStateQuery = z.infer<typeof auditTrailStateQuerySchema>;
export type AuditTrailStateQueryInput = z.input<typeof auditTrailStateQuerySchema>;

/** Filters of usage queries; absent or empty lists filter nothing. */
const usageFilters = { tenants: filterValues, users: filterValues, models: filterValues };

/** `costTimeSeries`: cost, tokens or requests per bucket of the panel's interval, one series per group. */
export const costTimeSeriesQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('costTimeSeries'),
  ...usageFilters,
  groupBy: z._default(z.enum(COST_GROUP_BY), QUERY_DEFAULTS.costTimeSeries.groupBy),
  metric: z._default(z.enum(COST_METRICS), QUERY_DEFAULTS.costTimeSeries.metric),
});
export type CostTimeSeriesQuery = z.infer<typeof costTimeSeriesQuerySchema>;
export type CostTimeSeriesQueryInput = z.input<typeof costTimeSeriesQuerySchema>;

/** `costBreakdown`: one row per model, tenant or user, sorted, the first `limit` (top N). */
export const costBreakdownQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('costBreakdown'),
  ...usageFilters,
  groupBy: z.enum(COST_GROUP_BY),
  sort: z._default(z.enum(BREAKDOWN_SORT), QUERY_DEFAULTS.costBreakdown.sort),
  /** At most this many rows (top N); the datasource's max rows when absent or smaller. */
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(BREAKDOWN_LIMIT_MAX))),
});
export type CostBreakdownQuery = z.infer<typeof costBreakdownQuerySchema>;
export type CostBreakdownQueryInput = z.input<typeof costBreakdownQuerySchema>;

/** `costTotals`: one row for stat panels: cost, tokens in/out, requests, cost per request. */
export const costTotalsQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('costTotals'),
  ...usageFilters,
});
export type CostTotalsQuery = z.infer<typeof costTotalsQuerySchema>;
export type CostTotalsQueryInput = z.input<typeof costTotalsQuerySchema>;

/** `unpricedModels`: models with usage stored without a cost and no price in the price list. */
export const unpricedModelsQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('unpricedModels'),
  ...usageFilters,
});
export type UnpricedModelsQuery = z.infer<typeof unpricedModelsQuerySchema>;
export type UnpricedModelsQueryInput = z.input<typeof unpricedModelsQuerySchema>;

/**
 * `costTopCalls`: the most expensive single calls of the range (cost as every cost query counts it:
 * stored, else priced from the price list), each with its trace and span when the table has them.
 */
export const costTopCallsQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('costTopCalls'),
  ...usageFilters,
  limit: z._default(z.int().check(z.minimum(1), z.maximum(TOP_CALLS_LIMIT_MAX)), QUERY_DEFAULTS.costTopCalls.limit),
});
export type CostTopCallsQuery = z.infer<typeof costTopCallsQuerySchema>;
export type CostTopCallsQueryInput = z.input<typeof costTopCallsQuerySchema>;

/**
 * `budget`: per tenant, month-to-date spend (the month of the range's end, UTC) against its
 * monthly budget, and a month-end forecast from the weekday rhythm of the last weeks.
 */
export const budgetQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('budget'),
  tenants: filterValues,
  /** A budget for every listed tenant, instead of the datasource's budgets. */
  monthlyBudget: z.optional(z.number().check(z.positive())),
  /**
   * Budgets per tenant that replace the datasource's for those tenants (the app's own budgets);
   * without `tenants`, every tenant budgeted here or in the datasource gets a row.
   */
  budgets: z.optional(z.array(tenantBudgetSchema).check(z.maxLength(BUDGETS_MAX))),
  /**
   * For alert rules: one row per budgeted tenant with only the share used (0.8 = 80 %), so that each
   * tenant becomes its own alert instance.
   */
  forAlerting: z._default(z.boolean(), QUERY_DEFAULTS.budget.forAlerting),
  lookbackWeeks: z._default(
    z.int().check(z.minimum(1), z.maximum(BUDGET_LOOKBACK_WEEKS_MAX)),
    QUERY_DEFAULTS.budget.lookbackWeeks
  ),
});
export type BudgetQuery = z.infer<typeof budgetQuerySchema>;
export type BudgetQueryInput = z.input<typeof budgetQuerySchema>;

/**
 * `spendSpikes`: hours or days where a tenant's or a model's spend is far above its own trailing
 * baseline (median and MAD of the previous `baselineDays`), for panels and alert rules.
 */
export const spendSpikesQuerySchema = z.object({
  ...grafanaQueryFields,
  queryType: z.literal('spendSpikes'),
  ...usageFilters,
  by: z._default(z.enum(SPIKE_BY), QUERY_DEFAULTS.spendSpikes.by),
  granularity: z._default(z.enum(SPIKE_GRANULARITY), QUERY_DEFAULTS.spendSpikes.granularity),
  baselineDays: z._default(
    z.int().check(z.minimum(SPIKE_BASELINE_DAYS_MIN), z.maximum(SPIKE_BASELINE_DAYS_MAX)),
    QUERY_DEFAULTS.spendSpikes.baselineDays
  ),
  /** How many robust standard deviations (1.4826 × MAD) above the median is a spike. */
  threshold: z._default(
    z.number().check(z.positive(), z.maximum(SPIKE_THRESHOLD_MAX)),
    QUERY_DEFAULTS.spendSpikes.threshold
  ),
  /** Spend below this is never a spike (USD per bucket). */
  minSpend: z._default(z.number().check(z.minimum(0)), QUERY_DEFAULTS.spendSpikes.minSpend),
  /**
   * For alert rules: one row per tenant or model with its highest score in the range (buckets under
   * `minSpend` count as 0), so that a threshold on the score fires per tenant or model.
   */
  forAlerting: z._default(z.boolean(), QUERY_DEFAULTS.spendSpikes.forAlerting),
});
export type SpendSpikesQuery = z.infer<typeof spendSpikesQuerySchema>;
export type SpendSpikesQueryInput = z.input<typeof spendSpikesQuerySchema>;

export const ledgerQuerySchema = z.discriminatedUnion('queryType', [
  budgetQuerySchema,
  spendSpikesQuerySchema,
  costTimeSeriesQuerySchema,
  costBreakdownQuerySchema,
  costTotalsQuerySchema,
  unpricedModelsQuerySchema,
  costTopCallsQuerySchema,
  pingQuerySchema,
  variableValuesQuerySchema,
  auditEventsQuerySchema,
  auditCountsQuerySchema,
  auditVerifyQuerySchema,
  auditTrailStateQuerySchema,
]);
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;
/** A query as a panel may send it: options with a default may be left out. */
export type LedgerQueryInput = z.input<typeof ledgerQuerySchema>;

/** The result of validating one query: either the typed query with every default filled in, or the first problem with a field path. */
export type QueryValidation = { ok: true; query: LedgerQuery } | { ok: false; field: string; message: string };

/**
 * Validates raw query JSON. The error names the field (dotted path) so the user can fix the panel.
 */
export function validateQuery(raw: unknown): QueryValidation {
  const parsed = ledgerQuerySchema.safeParse(raw);
  if (parsed.success) {
    return { ok: true, query: parsed.data };
  }
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : 'query';
  // zod reports an unknown discriminator on the `queryType` path; say which values are known.
  const message =
    issue.code === 'invalid_union' && field === 'queryType'
      ? `unknown query type; expected one of ${QUERY_TYPES.join(', ')}`
      : issue.message;
  return { ok: false, field, message };
}
