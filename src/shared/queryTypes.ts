/**
 * The query contract's names and limits, without the validation library: the frontend imports
 * these (and the types) so that zod stays out of the browser bundle; the backend validates with
 * the schemas in queryModel.ts, built from the same constants.
 */
export const QUERY_TYPES = [
  'ping',
  'variableValues',
  'auditEvents',
  'auditCounts',
  'auditVerify',
  'auditTrailState',
  'costTimeSeries',
  'costBreakdown',
  'costTotals',
  'unpricedModels',
  'costTopCalls',
  'budget',
  'spendSpikes',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

/** `ping`: the most rows one query may ask for. */
export const PING_MAX_ROWS = 1000;
/** `ping`: the longest message. */
export const PING_MESSAGE_MAX_LENGTH = 200;

/** `variableValues`: what a dashboard variable can list. `actions` come from the audit trail. */
export const VARIABLES = ['tenants', 'users', 'models', 'actions'] as const;
export type VariableName = (typeof VARIABLES)[number];
/** `variableValues`: the most values one query returns. */
export const VARIABLE_VALUES_MAX = 1000;
export const VARIABLE_SEARCH_MAX_LENGTH = 100;

/** Audit filters: the most values one filter may list, and the longest value or search text. */
export const FILTER_VALUES_MAX = 100;
export const FILTER_VALUE_MAX_LENGTH = 200;

/** `auditEvents`: sortable columns, and page sizes. */
export const AUDIT_SORT_COLUMNS = ['time', 'action', 'user', 'tenant'] as const;
export type AuditSortColumn = (typeof AUDIT_SORT_COLUMNS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export const AUDIT_PAGE_SIZE_MAX = 1000;
export const AUDIT_PAGE_SIZE_DEFAULT = 100;
/** `auditEvents`: the highest page number a query may ask for. */
export const AUDIT_PAGE_MAX = 1_000_000;

/**
 * `auditVerify`: the longest tenant id a query may name (the chain key is the tenant id, '' for the
 * chain of events without a tenant).
 */
export const AUDIT_VERIFY_TENANT_MAX_LENGTH = FILTER_VALUE_MAX_LENGTH;

/** What verifying a chain found, worst first: a page shows the worst of several chains. */
export const AUDIT_VERIFY_STATUSES = ['broken', 'not chained', 'empty', 'verified'] as const;
export type AuditVerifyStatus = (typeof AUDIT_VERIFY_STATUSES)[number];

/**
 * The action of the audit event the maintenance job writes when it purges old rows; its details are
 * JSON `{"table", "retentionDays", "removedRows", "before" (epoch ms cutoff), "dryRun"}`.
 * `auditTrailState` reads the latest one.
 */
export const AUDIT_PURGE_ACTION = 'AUDIT_RETENTION_PURGE';

/** Cost queries: how usage is grouped, what a time series shows, how a breakdown sorts. */
export const COST_GROUP_BY = ['none', 'model', 'tenant', 'user'] as const;
export type CostGroupBy = (typeof COST_GROUP_BY)[number];
export const COST_METRICS = ['cost', 'tokens', 'inputTokens', 'outputTokens', 'requests'] as const;
export type CostMetric = (typeof COST_METRICS)[number];
export const BREAKDOWN_SORT = ['cost', 'tokens', 'requests', 'costPerRequest'] as const;
export type BreakdownSort = (typeof BREAKDOWN_SORT)[number];
export const BREAKDOWN_LIMIT_MAX = 10_000;

/**
 * `costTopCalls`: how many of the most expensive calls. Each is one row read from the usage table (no
 * rollup holds single calls), so the list is short.
 */
export const TOP_CALLS_LIMIT_DEFAULT = 20;
export const TOP_CALLS_LIMIT_MAX = 100;

/** `budget`: weeks of history whose weekday rhythm projects the rest of the month. */
export const BUDGET_LOOKBACK_WEEKS_DEFAULT = 4;
export const BUDGET_LOOKBACK_WEEKS_MAX = 12;

/** `spendSpikes`: who is watched, at what granularity, against how much history. */
export const SPIKE_BY = ['tenant', 'model'] as const;
export const SPIKE_GRANULARITY = ['hour', 'day'] as const;
export const SPIKE_BASELINE_DAYS_DEFAULT = 28;
export const SPIKE_BASELINE_DAYS_MIN = 2;
export const SPIKE_BASELINE_DAYS_MAX = 90;
export const SPIKE_THRESHOLD_DEFAULT = 3.5;
/** `spendSpikes`: the highest threshold, in robust standard deviations. */
export const SPIKE_THRESHOLD_MAX = 100;

/**
 * The All value of the app's multi-value variables (tenant, user, model). A filter list holding it
 * filters nothing: listing every tenant would be slower and would hit FILTER_VALUES_MAX.
 */
export const ALL_VALUE = '*';

/**
 * The value an option has when a query leaves it out: `validateQuery` (queryModel.ts) fills it in, so the backend
 * reads complete queries, and the editors show (and start new queries from) the same values. Options
 * without a default here depend on the datasource's settings (max rows) or are filters.
 */
export const QUERY_DEFAULTS = {
  ping: { rows: 3, message: 'pong' },
  variableValues: {},
  auditEvents: { sort: 'time', direction: 'desc', page: 1, pageSize: AUDIT_PAGE_SIZE_DEFAULT, asAnnotations: false },
  auditCounts: {},
  auditVerify: { forAlerting: false },
  auditTrailState: {},
  costTimeSeries: { groupBy: 'none', metric: 'cost' },
  costBreakdown: { sort: 'cost' },
  costTotals: {},
  unpricedModels: {},
  costTopCalls: { limit: TOP_CALLS_LIMIT_DEFAULT },
  budget: { forAlerting: false, lookbackWeeks: BUDGET_LOOKBACK_WEEKS_DEFAULT },
  spendSpikes: {
    by: 'tenant',
    granularity: 'day',
    baselineDays: SPIKE_BASELINE_DAYS_DEFAULT,
    threshold: SPIKE_THRESHOLD_DEFAULT,
    minSpend: 0,
    forAlerting: false,
  },
} as const;
