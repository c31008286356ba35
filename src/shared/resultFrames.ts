/**
 * The result contract: the frames each query type answers with, declared once. The backend builds
 * its frames from these declarations (pkg/frames/fields.ts); pages, dashboards and test fixtures
 * find fields through them. A rename here is a rename everywhere, and a rename anywhere else fails
 * to compile or fails a test.
 *
 * Like the rest of src/shared, this file is imported by the backend: no `@grafana/*` runtime import.
 */
import type { CostGroupBy, CostMetric } from './queryTypes';

/** The field types the backend writes (Grafana's Go SDK names, as pkg/frames encodes them). */
export type ResultFieldType = 'time' | 'float64' | 'int64' | 'string' | 'boolean' | 'json';

/** One field of a result frame: its name in the frame, its type and how Grafana shows it. */
export interface ResultField {
  /** The field's name in the frame; what `byName` matchers and transformations match. */
  readonly name: string;
  readonly type: ResultFieldType;
  /** Whether the field may hold nulls. */
  readonly nullable?: boolean;
  /** Grafana unit id (`config.unit`). */
  readonly unit?: string;
  /** What Grafana shows instead of the name (`config.displayName`); display-name matchers see this. */
  readonly displayName?: string;
  /** `config.description`: the column's tooltip. */
  readonly description?: string;
}

export const UNIT = { usd: 'currencyUSD', share: 'percentunit', none: 'none' } as const;

/** Keeps each declaration's literal types (names, units) while checking it against ResultField. */
const declare = <const T extends ResultField>(field: T): T => field;

const time = declare({ name: 'time', type: 'time' });

/** The figures of a cost aggregate (a breakdown row, the totals), in frame order. */
const AGGREGATE = {
  cost: declare({ name: 'cost', type: 'float64', unit: UNIT.usd }),
  estimatedCost: declare({ name: 'estimated cost', type: 'float64', unit: UNIT.usd }),
  inputTokens: declare({ name: 'input tokens', type: 'int64' }),
  outputTokens: declare({ name: 'output tokens', type: 'int64' }),
  requests: declare({ name: 'requests', type: 'int64' }),
  costPerRequest: declare({ name: 'cost per request', type: 'float64', nullable: true, unit: UNIT.usd }),
  estimatedRequests: declare({ name: 'estimated requests', type: 'int64' }),
  unpricedRequests: declare({ name: 'unpriced requests', type: 'int64' }),
};

/** The label (and breakdown column) of each grouping. */
export const GROUP_NAME = { model: 'model', tenant: 'tenant', user: 'user' } as const satisfies Record<
  Exclude<CostGroupBy, 'none'>,
  string
>;

const METRIC_UNIT: Record<CostMetric, string | undefined> = {
  cost: UNIT.usd,
  tokens: 'short',
  inputTokens: 'short',
  outputTokens: 'short',
  requests: 'short',
};

/**
 * Every query type's frames. `fields` lists each frame's fields in frame order; a field whose name
 * depends on the query (the metric of a time series, the grouping of a breakdown) is a function.
 * Time series frames (`timeseries-wide`) repeat their value field once per series, told apart by
 * labels (`labels` names the label key).
 */
export const RESULT_FRAMES = {
  ping: {
    name: 'ping',
    fields: {
      time,
      value: declare({ name: 'value', type: 'float64', unit: UNIT.none }),
      message: declare({ name: 'message', type: 'string', nullable: true }),
      ok: declare({ name: 'ok', type: 'boolean' }),
    },
  },
  /** Grafana's shape for variable values: `text` and `value`. */
  variableValues: {
    name: 'values',
    fields: {
      text: declare({ name: 'text', type: 'string' }),
      value: declare({ name: 'value', type: 'string' }),
    },
  },
  auditEvents: {
    name: 'audit events',
    fields: {
      time,
      id: declare({ name: 'id', type: 'string' }),
      user: declare({ name: 'user', type: 'string', nullable: true }),
      tenant: declare({ name: 'tenant', type: 'string', nullable: true }),
      action: declare({ name: 'action', type: 'string' }),
      details: declare({ name: 'details', type: 'string', nullable: true }),
    },
  },
  /** `auditEvents` with `asAnnotations`: the fields Grafana maps to annotations by name. */
  auditAnnotations: {
    name: 'audit annotations',
    fields: {
      time,
      title: declare({ name: 'title', type: 'string' }),
      text: declare({ name: 'text', type: 'string' }),
      tags: declare({ name: 'tags', type: 'json' }),
    },
  },
  /** One `events` series per action (label `action`). */
  auditCounts: {
    name: 'audit counts',
    labels: 'action',
    fields: {
      time,
      events: declare({ name: 'events', type: 'int64' }),
    },
  },
  /**
   * One row per chain, the worst first. `verified to` is the last event whose link holds (for a
   * broken chain: the last before the break); the break's columns are null unless `status` is
   * `broken`. `not chained` counts the events of the time range written without a link (by other
   * means than the ingest, or before 007_audit_chain.sql).
   */
  auditVerify: {
    name: 'audit verification',
    fields: {
      tenant: declare({
        name: 'tenant',
        type: 'string',
        description: "the chain's tenant; empty for the events without a tenant",
      }),
      status: declare({ name: 'status', type: 'string', description: 'verified, broken, not chained or empty' }),
      verified: declare({ name: 'verified events', type: 'int64' }),
      firstVerified: declare({ name: 'verified from', type: 'time', nullable: true }),
      lastVerified: declare({ name: 'verified to', type: 'time', nullable: true }),
      notChained: declare({
        name: 'not chained',
        type: 'int64',
        description: 'events of the time range written without a link',
      }),
      breakKind: declare({
        name: 'break',
        type: 'string',
        nullable: true,
        description: 'content_edited, row_missing, row_inserted or order_changed',
      }),
      breakEventId: declare({ name: 'break event', type: 'string', nullable: true }),
      breakTime: declare({ name: 'break time', type: 'time', nullable: true }),
      message: declare({ name: 'message', type: 'string', nullable: true }),
    },
  },
  /** `auditVerify` with `forAlerting`: the tenant (a label) and 1 when its chain is broken, else 0. */
  auditVerifyAlerting: {
    name: 'audit verification',
    fields: {
      tenant: declare({ name: 'tenant', type: 'string' }),
      broken: declare({ name: 'broken', type: 'float64' }),
    },
  },
  /**
   * One row: the oldest event the audit log holds, and the last purge (the maintenance job's
   * AUDIT_RETENTION_PURGE event for the audit table); the purge's columns are null when there was none.
   */
  auditTrailState: {
    name: 'audit trail state',
    fields: {
      oldestEvent: declare({ name: 'oldest event', type: 'time', nullable: true }),
      lastPurge: declare({ name: 'last purge', type: 'time', nullable: true }),
      retentionDays: declare({ name: 'retention days', type: 'int64', nullable: true }),
      removedRows: declare({ name: 'removed rows', type: 'int64', nullable: true }),
      purgedBefore: declare({ name: 'purged before', type: 'time', nullable: true }),
      dryRun: declare({ name: 'dry run', type: 'boolean', nullable: true }),
    },
  },
  /** One series per group (label `model`, `tenant` or `user`), or one series without labels. */
  costTimeSeries: {
    name: 'cost',
    fields: {
      time,
      value: (metric: CostMetric): ResultField => ({ name: metric, type: 'float64', unit: METRIC_UNIT[metric] }),
    },
  },
  /** The group column (none for `groupBy: none`), then the aggregate. */
  costBreakdown: {
    name: 'cost breakdown',
    fields: {
      group: (groupBy: Exclude<CostGroupBy, 'none'>): ResultField => ({
        name: GROUP_NAME[groupBy],
        type: 'string',
        nullable: true,
      }),
      ...AGGREGATE,
    },
  },
  costTotals: { name: 'cost totals', fields: AGGREGATE },
  unpricedModels: {
    name: 'unpriced models',
    fields: {
      model: declare({ name: 'model', type: 'string' }),
      requests: AGGREGATE.requests,
      inputTokens: AGGREGATE.inputTokens,
      outputTokens: AGGREGATE.outputTokens,
      firstSeen: declare({ name: 'first seen', type: 'time' }),
      lastSeen: declare({ name: 'last seen', type: 'time' }),
    },
  },
  /**
   * One row per call, the most expensive first. `cost` is null only for a call of a model without a
   * price (those sort last); trace and span ids are null when the call has none or the usage table
   * has no such columns (schema/mysql/005_trace_columns.sql adds them).
   */
  costTopCalls: {
    name: 'most expensive calls',
    fields: {
      time,
      tenant: declare({ name: 'tenant', type: 'string', nullable: true }),
      user: declare({ name: 'user', type: 'string', nullable: true }),
      model: declare({ name: 'model', type: 'string' }),
      inputTokens: AGGREGATE.inputTokens,
      outputTokens: AGGREGATE.outputTokens,
      cost: declare({
        name: 'cost',
        type: 'float64',
        nullable: true,
        unit: UNIT.usd,
        description: 'stored cost, else estimated from the price list; empty when the model has no price',
      }),
      traceId: declare({ name: 'trace id', type: 'string', nullable: true }),
      spanId: declare({ name: 'span id', type: 'string', nullable: true }),
    },
  },
  budget: {
    name: 'budget',
    fields: {
      tenant: declare({ name: 'tenant', type: 'string' }),
      budget: declare({ name: 'budget', type: 'float64', nullable: true, unit: UNIT.usd }),
      spent: declare({ name: 'spent', type: 'float64', unit: UNIT.usd, displayName: 'month to date' }),
      used: declare({ name: 'used', type: 'float64', nullable: true, unit: UNIT.share }),
      forecast: declare({ name: 'forecast', type: 'float64', unit: UNIT.usd, displayName: 'month-end forecast' }),
      forecastUsed: declare({ name: 'forecast used', type: 'float64', nullable: true, unit: UNIT.share }),
    },
  },
  /** `budget` with `forAlerting`: string labels and exactly one number, the share used. */
  budgetAlerting: {
    name: 'budget',
    fields: {
      tenant: declare({ name: 'tenant', type: 'string' }),
      used: declare({ name: 'used', type: 'float64', unit: UNIT.share }),
    },
  },
  spendSpikes: {
    name: 'spend spikes',
    fields: {
      time,
      key: (by: 'tenant' | 'model'): ResultField => ({ name: by, type: 'string' }),
      spend: declare({ name: 'spend', type: 'float64', unit: UNIT.usd }),
      baseline: declare({
        name: 'baseline',
        type: 'float64',
        unit: UNIT.usd,
        description: 'median of the previous window',
      }),
      mad: declare({ name: 'mad', type: 'float64', unit: UNIT.usd }),
      score: declare({
        name: 'score',
        type: 'float64',
        description: 'robust standard deviations above the baseline',
      }),
    },
  },
  /** `spendSpikes` with `forAlerting`: the tenant or model, and its highest score in the range. */
  spendSpikesAlerting: {
    name: 'spend spikes',
    fields: {
      key: (by: 'tenant' | 'model'): ResultField => ({ name: by, type: 'string' }),
      score: declare({ name: 'score', type: 'float64' }),
    },
  },
} as const;

export type ResultFrameName = keyof typeof RESULT_FRAMES;

/** What Grafana shows for a field: its display name, else its name. */
export function displayNameOf(field: ResultField): string {
  return field.displayName ?? field.name;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A `/^(a|b)$/` pattern that matches exactly these fields by what Grafana shows (their display
 * names): the form of a stat or bar gauge panel's `reduceOptions.fields`.
 */
export function displayNamePattern(...fields: ResultField[]): string {
  const names = fields.map((f) => escapeRegExp(displayNameOf(f)));
  return names.length === 1 ? `/^${names[0]}$/` : `/^(${names.join('|')})$/`;
}

/** The fixed fields of a frame (not the ones whose name depends on the query). */
export function fixedFields(frame: {
  fields: Record<string, ResultField | ((arg: never) => ResultField)>;
}): ResultField[] {
  return Object.values(frame.fields).filter((f): f is ResultField => typeof f !== 'function');
}
