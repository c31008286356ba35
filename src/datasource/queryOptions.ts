/**
 * What the editors know of each query type: its name, the options it takes and their limits, and
 * the query a new one starts from. One place, so that switching types never carries an option the
 * new type rejects (`sort: 'cost'` is no audit sort) and the editors accept what the backend does.
 * queryOptions.test.ts checks both against the shared schemas.
 */
import { CoreApp } from '@grafana/data';
import {
  AUDIT_PAGE_MAX,
  AUDIT_PAGE_SIZE_MAX,
  AUDIT_VERIFY_TENANT_MAX_LENGTH,
  BREAKDOWN_LIMIT_MAX,
  BUDGET_LOOKBACK_WEEKS_MAX,
  FILTER_VALUE_MAX_LENGTH,
  PING_MAX_ROWS,
  PING_MESSAGE_MAX_LENGTH,
  SPIKE_BASELINE_DAYS_MAX,
  SPIKE_BASELINE_DAYS_MIN,
  SPIKE_THRESHOLD_MAX,
  TOP_CALLS_LIMIT_MAX,
  VARIABLE_SEARCH_MAX_LENGTH,
  VARIABLE_VALUES_MAX,
  QUERY_DEFAULTS,
  type QueryType,
} from '../shared/queryTypes';
import type { LedgerDataQuery, LedgerQueryFields } from './types';

export type QueryField = Exclude<keyof LedgerQueryFields, 'queryType'>;

interface QueryTypeInfo {
  label: string;
  description: string;
  /** Every option of this type, as the shared schema names them. */
  fields: readonly QueryField[];
  /**
   * A new query of this type: its main options spelled out, with the schema's defaults
   * (QUERY_DEFAULTS) where the schema has one; a required option (a breakdown's grouping, a
   * variable's name) or a deliberate start (a new time series grouped by model) is named here.
   */
  defaults: Partial<LedgerDataQuery>;
}

const USAGE_FILTERS = ['tenants', 'users', 'models'] as const;
const AUDIT_FILTERS = ['users', 'tenants', 'actions', 'text'] as const;

/** In the order the query type menu lists them. */
export const QUERY_TYPE_INFO: Record<QueryType, QueryTypeInfo> = {
  costTimeSeries: {
    label: 'Cost over time',
    description: 'Cost, tokens or requests per interval, one series per model, tenant or user',
    fields: [...USAGE_FILTERS, 'groupBy', 'metric'],
    defaults: { groupBy: 'model', metric: QUERY_DEFAULTS.costTimeSeries.metric },
  },
  costBreakdown: {
    label: 'Cost breakdown',
    description: 'One row per model, tenant or user: cost, tokens, requests, cost per request (top N)',
    fields: [...USAGE_FILTERS, 'groupBy', 'sort', 'limit'],
    defaults: { groupBy: 'model', sort: QUERY_DEFAULTS.costBreakdown.sort },
  },
  costTotals: {
    label: 'Cost totals',
    description: 'One row for stat panels: cost, tokens in and out, requests, cost per request',
    fields: [...USAGE_FILTERS],
    defaults: {},
  },
  costTopCalls: {
    label: 'Most expensive calls',
    description: 'The single calls that cost most, with their trace ids: time, tenant, user, model, tokens, cost',
    fields: [...USAGE_FILTERS, 'limit'],
    defaults: { limit: QUERY_DEFAULTS.costTopCalls.limit },
  },
  budget: {
    label: 'Budget',
    description: 'Month-to-date spend per tenant against its monthly budget, with a month-end forecast',
    fields: ['tenants', 'monthlyBudget', 'budgets', 'forAlerting', 'lookbackWeeks'],
    defaults: {},
  },
  spendSpikes: {
    label: 'Spend spikes',
    description: "Hours or days where a tenant's or model's spend is far above its own baseline",
    fields: [...USAGE_FILTERS, 'by', 'granularity', 'baselineDays', 'threshold', 'minSpend', 'forAlerting'],
    defaults: { by: QUERY_DEFAULTS.spendSpikes.by, granularity: QUERY_DEFAULTS.spendSpikes.granularity },
  },
  unpricedModels: {
    label: 'Unpriced models',
    description: 'Models used without a stored cost and without any price: add their prices',
    fields: [...USAGE_FILTERS],
    defaults: {},
  },
  auditEvents: {
    label: 'Audit events',
    description: 'A page of the audit trail, filtered and sorted; or the events as annotations',
    fields: [...AUDIT_FILTERS, 'sort', 'direction', 'page', 'pageSize', 'asAnnotations', 'eventId'],
    defaults: { sort: QUERY_DEFAULTS.auditEvents.sort, direction: QUERY_DEFAULTS.auditEvents.direction },
  },
  auditCounts: {
    label: 'Audit counts',
    description: 'Audit events per action over time',
    fields: [...AUDIT_FILTERS],
    defaults: {},
  },
  auditVerify: {
    label: 'Audit verification',
    description: "Whether each tenant's audit hash chain holds: verified to which event, or where it breaks",
    fields: ['tenant', 'tenants', 'forAlerting'],
    defaults: {},
  },
  auditTrailState: {
    label: 'Audit trail state',
    description: 'The oldest audit event held, and the last purge of old events (retention)',
    fields: ['tenants'],
    defaults: {},
  },
  variableValues: {
    label: 'Variable values',
    description: 'The tenants, users, models or audit actions seen in the time range',
    fields: ['variable', 'search', 'limit'],
    defaults: { variable: 'tenants' },
  },
  ping: {
    label: 'Ping',
    description: 'A few generated rows; checks the path to the backend without MySQL',
    fields: ['rows', 'message'],
    defaults: { rows: QUERY_DEFAULTS.ping.rows },
  },
};

export const MENU_ORDER = Object.keys(QUERY_TYPE_INFO) as QueryType[];

const ALL_FIELDS = new Set<string>(MENU_ORDER.flatMap((type) => QUERY_TYPE_INFO[type].fields));
/** The options that mean the same in every type that has them; the others (sort, limit…) do not. */
const FILTERS = new Set<string>(['tenants', 'users', 'models', 'actions', 'text']);

/** Where the editor is part of an alert rule. */
export const isAlerting = (app?: CoreApp | string) => app === CoreApp.UnifiedAlerting || app === CoreApp.CloudAlerting;

/** Types whose `forAlerting` shape (one number per tenant or model, or per chain) is what an alert rule needs. */
const ALERTING_SHAPE: readonly QueryType[] = ['budget', 'spendSpikes', 'auditVerify'];

/**
 * The query as another type: Grafana's own fields (refId, datasource, hide…) stay, and so do the
 * filters the new type has; its defaults replace every other option. A query of that type already
 * keeps its options, and gets the defaults it lacks. In an alert rule, a budget or spikes query
 * starts in its alerting shape.
 */
export function withQueryType(query: LedgerDataQuery, type: QueryType, app?: CoreApp | string): LedgerDataQuery {
  if (query.queryType === type) {
    return { ...QUERY_TYPE_INFO[type].defaults, ...query };
  }
  const fields = new Set<string>(QUERY_TYPE_INFO[type].fields);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!ALL_FIELDS.has(key) || (FILTERS.has(key) && fields.has(key))) {
      kept[key] = value;
    }
  }
  const alerting = isAlerting(app) && ALERTING_SHAPE.includes(type) ? { forAlerting: true } : {};
  return { ...(kept as LedgerDataQuery), ...QUERY_TYPE_INFO[type].defaults, ...alerting, queryType: type };
}

/** The query a new panel, Explore pane or alert rule starts from. */
export function defaultQueryFor(app?: CoreApp | string): Partial<LedgerDataQuery> {
  if (isAlerting(app)) {
    // One number per tenant: each tenant becomes its own alert instance.
    return { queryType: 'budget', forAlerting: true };
  }
  return { queryType: 'costTimeSeries', ...QUERY_TYPE_INFO.costTimeSeries.defaults };
}

/**
 * The value an option shows when the query leaves it out: the schema's default (what the backend
 * uses), else what a new query of this type starts with.
 */
export function shownValue(query: LedgerDataQuery, field: QueryField): unknown {
  const type = query.queryType as QueryType | undefined;
  if (query[field] !== undefined || type === undefined || !(type in QUERY_TYPE_INFO)) {
    return query[field];
  }
  const schemaDefault = (QUERY_DEFAULTS[type] as Partial<Record<QueryField, unknown>>)[field];
  return schemaDefault ?? QUERY_TYPE_INFO[type].defaults[field];
}

/** A number option's limits, as the shared schema sets them. */
export interface NumberRule {
  min: number;
  /** The minimum itself is not allowed (a budget of 0 is no budget). */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
}

const count = (max: number): NumberRule => ({ min: 1, max, integer: true });

/** Where a number option's limits differ by query type, the type names them. */
export function numberRule(type: QueryType, field: QueryField): NumberRule {
  switch (field) {
    case 'rows':
      return count(PING_MAX_ROWS);
    case 'limit':
      return count(
        type === 'variableValues'
          ? VARIABLE_VALUES_MAX
          : type === 'costTopCalls'
            ? TOP_CALLS_LIMIT_MAX
            : BREAKDOWN_LIMIT_MAX
      );
    case 'page':
      return count(AUDIT_PAGE_MAX);
    case 'pageSize':
      return count(AUDIT_PAGE_SIZE_MAX);
    case 'lookbackWeeks':
      return count(BUDGET_LOOKBACK_WEEKS_MAX);
    case 'baselineDays':
      return { min: SPIKE_BASELINE_DAYS_MIN, max: SPIKE_BASELINE_DAYS_MAX, integer: true };
    case 'threshold':
      return { min: 0, minExclusive: true, max: SPIKE_THRESHOLD_MAX };
    case 'monthlyBudget':
      return { min: 0, minExclusive: true };
    case 'minSpend':
      return { min: 0 };
    default:
      throw new Error(`${field} is not a number option`);
  }
}

/** What the user should type, for the field's error message. */
export function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'A whole number' : 'A number';
  if (rule.max === undefined) {
    return rule.minExclusive ? `${kind} above ${rule.min}` : `${kind} from ${rule.min}`;
  }
  return rule.minExclusive
    ? `${kind} above ${rule.min}, at most ${rule.max}`
    : `${kind} from ${rule.min} to ${rule.max}`;
}

/**
 * Parses a number option as typed: `undefined` means "use the default" (empty), `null` means the
 * text is not a number the backend accepts.
 */
export function parseNumber(text: string, rule: NumberRule): number | undefined | null {
  if (text.trim() === '') {
    return undefined;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    return null;
  }
  if (rule.minExclusive ? value <= rule.min : value < rule.min) {
    return null;
  }
  return rule.max !== undefined && value > rule.max ? null : value;
}

/** The longest text each text option takes. */
export const TEXT_MAX_LENGTH = {
  message: PING_MESSAGE_MAX_LENGTH,
  search: VARIABLE_SEARCH_MAX_LENGTH,
  text: FILTER_VALUE_MAX_LENGTH,
  eventId: FILTER_VALUE_MAX_LENGTH,
  tenant: AUDIT_VERIFY_TENANT_MAX_LENGTH,
} as const satisfies Partial<Record<QueryField, number>>;

const list = (label: string, values?: string[]) => (values?.length ? `${label} ${values.join(', ')}` : '');

/** One line for query history and the inspector, e.g. "Cost over time: cost by model · tenants a, b". */
export function queryDisplayText(query: LedgerDataQuery): string {
  const type = query.queryType as QueryType | undefined;
  if (type === undefined || !(type in QUERY_TYPE_INFO)) {
    return query.queryType ? `Unknown query type ${query.queryType}` : 'No query type';
  }
  const shown = (field: QueryField) => String(shownValue(query, field));
  const what: Record<QueryType, string> = {
    costTimeSeries: `${shown('metric')}${query.groupBy && query.groupBy !== 'none' ? ` by ${query.groupBy}` : ''}`,
    costBreakdown: `by ${shown('groupBy')}, sorted by ${shown('sort')}${query.limit ? `, top ${query.limit}` : ''}`,
    costTotals: '',
    budget: query.forAlerting ? 'share used per tenant' : '',
    spendSpikes: `by ${shown('by')} per ${shown('granularity')}${query.forAlerting ? ', highest score' : ''}`,
    unpricedModels: '',
    costTopCalls: `top ${shown('limit')}`,
    auditEvents: query.asAnnotations ? 'as annotations' : `sorted by ${shown('sort')} ${shown('direction')}`,
    auditCounts: '',
    auditVerify: `${query.tenant !== undefined ? `tenant ${query.tenant === '' ? '(none)' : query.tenant}` : 'every chain'}${query.forAlerting ? ', broken per tenant' : ''}`,
    auditTrailState: '',
    variableValues: shown('variable'),
    ping: `${shown('rows')} rows`,
  };
  const parts = [
    what[type],
    list('tenants', query.tenants),
    list('users', query.users),
    list('models', query.models),
    list('actions', query.actions),
    query.text ? `text "${query.text}"` : '',
    query.search ? `search "${query.search}"` : '',
  ].filter((p) => p !== '');
  const label = QUERY_TYPE_INFO[type].label;
  return parts.length > 0 ? `${label}: ${parts.join(' · ')}` : label;
}
