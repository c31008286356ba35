/**
 * Cost and token statements over the usage table. A row's cost is its stored `cost`; a row stored
 * without one is priced by the price interval its time falls in (joined from a derived table of
 * `?` values, matched on the model key), or left out of the cost and counted as unpriced.
 */
import type { BreakdownSort, CostGroupBy } from '../../src/shared/queryTypes';
import { type PriceInterval } from '../pricing/priceList';
import type { LedgerSettings } from '../settings';
import { GRAINS, KEY_COLUMNS } from '../rollups/grains';
import type { RangePlan, RollupPart } from '../rollups/planner';
import { bucketIndex, type Buckets } from './buckets';
import {
  column,
  inList,
  quoteIdentifier,
  tableName,
  tenantPin,
  timeFilter,
  where,
  type Statement,
  type TimeRange,
} from './sql';

export interface UsageFilters {
  tenants?: string[];
  users?: string[];
  models?: string[];
  range: TimeRange;
  /**
   * Where the range is read from when rollups may answer (see pkg/rollups/planner.ts): whole
   * buckets from the rollup tables, the rest from the raw table. Absent: all raw.
   */
  plan?: RangePlan;
}

/** A key the usage is summed by besides the model: a time bucket, or the group of a breakdown. */
export type UsageKey = { as: 'bucket'; sizeMs: number } | { as: 'grp'; groupBy: Exclude<CostGroupBy, 'none'> };

/** The alias every statement gives the usage table (usageWhere's conditions name it). */
export const USAGE_ALIAS = 'u';
const ALIAS = USAGE_ALIAS;
export const u = (name: string) => column(name, ALIAS);

/** The model key of a name column, as src/shared/pricing.ts `modelKey` computes it. */
function modelKeySql(column: string): string {
  return `LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(${column}, '@', 1), '/', -1))`;
}

export function timeColumn(s: LedgerSettings): string {
  return u(s.timeAxis === 'timestamp' ? s.usageColumns.timestamp : s.usageColumns.createTime);
}

/** A row's UTC day (days since 1970-01-01): prices change at day boundaries. */
export function dayIndexSql(s: LedgerSettings): string {
  return s.timeAxis === 'timestamp'
    ? `TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${timeColumn(s)}) DIV 86400`
    : `${timeColumn(s)} DIV 86400000`;
}

const DAY_MS = 86_400_000;

/**
 * `LEFT JOIN (SELECT ? … UNION ALL …) p ON …` onto rows that have a model name and (with `day`) a
 * UTC day index: the per-model-day aggregate `d`, or single usage rows (pkg/queries/topCalls.ts).
 * Nothing when no price applies to the range. Intervals are in whole days, as price entries are.
 */
export function priceJoin(prices: PriceInterval[], on: { model: string; day?: string }): Statement {
  if (prices.length === 0) {
    return { sql: '', params: [] };
  }
  const rows = prices.map((_, i) =>
    i === 0
      ? 'SELECT ? AS model_key, ? AS from_day, ? AS to_day, ? AS input_per_m, ? AS output_per_m'
      : 'SELECT ?, ?, ?, ?, ?'
  );
  const days = on.day ? ` AND ${on.day} >= p.from_day AND ${on.day} < p.to_day` : '';
  return {
    sql: ` LEFT JOIN (${rows.join(' UNION ALL ')}) p ON p.model_key = ${modelKeySql(on.model)}${days}`,
    params: prices.flatMap((p) => [
      p.model,
      Math.floor(p.fromMs / DAY_MS),
      Math.floor(p.toMs / DAY_MS),
      p.inputPerMillion,
      p.outputPerMillion,
    ]),
  };
}

/** The sums of a usage aggregate, in the order every part of a stitched aggregate selects them. */
const SUMS = [
  'stored_cost',
  'input_tokens',
  'output_tokens',
  'requests',
  'null_input',
  'null_output',
  'null_requests',
  'null_first',
  'null_last',
] as const;

function rawKey(s: LedgerSettings, key: UsageKey): Statement {
  return key.as === 'bucket'
    ? bucketIndex(s, 'usage', key.sizeMs, ALIAS)
    : { sql: groupColumn(s, key.groupBy)!, params: [] };
}

/**
 * The raw part: usage rows summed per key, model (and day). `ranges` replace the filter's range
 * (the parts of it the rollups do not cover); `msTimes` gives the first and last unpriced call in
 * epoch ms, as the rollups store them, instead of the axis column's own type.
 */
function rawSums(
  s: LedgerSettings,
  f: UsageFilters,
  keys: UsageKey[],
  byDay: boolean,
  ranges?: TimeRange[],
  msTimes = false
): Statement {
  const c = s.usageColumns;
  const stored = u(c.cost);
  const time = timeColumn(s);
  const timeValue = msTimes && s.timeAxis === 'timestamp' ? epochMsSql(time) : time;
  const rawKeys = keys.map((k) => rawKey(s, k));
  const select = [
    ...rawKeys.map((k, i) => `${k.sql} AS ${keys[i].as}`),
    `${u(c.model)} AS model`,
    ...(byDay ? [`${dayIndexSql(s)} AS day`] : []),
    `SUM(${stored}) AS stored_cost`,
    `SUM(${u(c.inputTokens)}) AS input_tokens`,
    `SUM(${u(c.outputTokens)}) AS output_tokens`,
    'COUNT(*) AS requests',
    `SUM(CASE WHEN ${stored} IS NULL THEN ${u(c.inputTokens)} ELSE 0 END) AS null_input`,
    `SUM(CASE WHEN ${stored} IS NULL THEN ${u(c.outputTokens)} ELSE 0 END) AS null_output`,
    `SUM(CASE WHEN ${stored} IS NULL THEN 1 ELSE 0 END) AS null_requests`,
    `MIN(CASE WHEN ${stored} IS NULL THEN ${timeValue} END) AS null_first`,
    `MAX(CASE WHEN ${stored} IS NULL THEN ${timeValue} END) AS null_last`,
  ];
  const filter = usageWhere(s, f, ranges);
  const groupBy = [...keys.map((k) => k.as), 'model', ...(byDay ? ['day'] : [])].join(', ');
  return {
    sql: `SELECT ${select.join(', ')} FROM ${tableName(s, 'usage')} ${ALIAS}${filter.sql} GROUP BY ${groupBy}`,
    params: [...rawKeys.flatMap((k) => k.params), ...filter.params],
  };
}

/** A DATETIME(3) as epoch milliseconds, in integer arithmetic (no session time zone involved). */
function epochMsSql(column: string): string {
  return `TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ${column}) DIV 1000`;
}

const R = 'r';
/** A rollup key column, NULL again where the ledger had NULL. */
function rollupKeyValue(key: keyof typeof KEY_COLUMNS): string {
  const k = KEY_COLUMNS[key];
  return `CASE WHEN ${R}.${k.isNull} = 1 THEN NULL ELSE ${R}.${k.value} END`;
}

function rollupKey(part: RollupPart, key: UsageKey): Statement {
  const g = GRAINS[part.grain];
  if (key.as === 'bucket') {
    return { sql: `(${R}.${g.index} * ${g.ms}) DIV ?`, params: [key.sizeMs] };
  }
  return { sql: rollupKeyValue(key.groupBy), params: [] };
}

/** A rollup part: its stored sums, per the same keys as the raw part, for its whole buckets. */
function rollupRows(s: LedgerSettings, f: UsageFilters, keys: UsageKey[], byDay: boolean, part: RollupPart): Statement {
  const g = GRAINS[part.grain];
  const rollupKeys = keys.map((k) => rollupKey(part, k));
  const day = g.index === 'hour_index' ? `${R}.hour_index DIV 24` : `${R}.day_index`;
  const select = [
    ...rollupKeys.map((k, i) => `${k.sql} AS ${keys[i].as}`),
    `${rollupKeyValue('model')} AS model`,
    ...(byDay ? [`${day} AS day`] : []),
    ...SUMS.map((m) => `${R}.${m}`),
  ];
  const filter = where([
    { sql: `${R}.${g.index} >= ? AND ${R}.${g.index} < ?`, params: [part.fromMs / g.ms, part.toMs / g.ms] },
    s.pinnedTenant ? { sql: `${R}.${KEY_COLUMNS.tenant.value} = ?`, params: [s.pinnedTenant] } : null,
    inList(KEY_COLUMNS.tenant.value, f.tenants, R),
    g.user ? inList(KEY_COLUMNS.user.value, f.users, R) : null,
    inList(KEY_COLUMNS.model.value, f.models, R),
  ]);
  return {
    sql: `SELECT ${select.join(', ')} FROM ${quoteIdentifier(g.table)} ${R}${filter.sql}`,
    params: [...rollupKeys.flatMap((k) => k.params), ...filter.params],
  };
}

/**
 * Usage summed per model (and day, group and bucket when needed): the rows are read once and the
 * price list joins the few aggregate rows, not every usage row. With a plan that has rollup parts,
 * the raw rows outside the rollups' buckets and the rollup rows inside them are summed again per
 * the same keys: the same aggregate, from far fewer rows.
 */
function perModelDay(s: LedgerSettings, f: UsageFilters, keys: UsageKey[], byDay: boolean): Statement {
  const plan = f.plan;
  if (!plan || plan.rollups.length === 0) {
    const raw = rawSums(s, f, keys, byDay);
    return { sql: `(${raw.sql}) d`, params: raw.params };
  }
  const parts = [
    ...(plan.raw.length > 0 ? [rawSums(s, f, keys, byDay, plan.raw, true)] : []),
    ...plan.rollups.map((part) => rollupRows(s, f, keys, byDay, part)),
  ];
  const names = [...keys.map((k) => k.as), 'model', ...(byDay ? ['day'] : [])];
  const sums = SUMS.map((m) =>
    m === 'null_first' ? `MIN(x.${m}) AS ${m}` : m === 'null_last' ? `MAX(x.${m}) AS ${m}` : `SUM(x.${m}) AS ${m}`
  );
  return {
    sql:
      `(SELECT ${[...names.map((n) => `x.${n}`), ...sums].join(', ')} FROM (${parts.map((p) => p.sql).join(' UNION ALL ')}) x` +
      ` GROUP BY ${names.join(', ')}) d`,
    params: parts.flatMap((p) => p.params),
  };
}

const estimateSql = (priced: boolean) =>
  priced ? '(d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000' : 'NULL';
/** The cost of a group: stored costs, and the estimate of the calls stored without one. */
const costSql = (priced: boolean) => `SUM(COALESCE(d.stored_cost, 0) + COALESCE(${estimateSql(priced)}, 0))`;

/** SQL aggregates over `d` (and `p` when priced) shared by every cost statement. */
function aggregates(priced: boolean): string {
  const estimate = estimateSql(priced);
  const hasPrice = priced ? 'p.model_key IS NOT NULL' : 'FALSE';
  return [
    `${costSql(priced)} AS cost`,
    `SUM(${estimate}) AS estimated_cost`,
    'SUM(d.input_tokens) AS input_tokens',
    'SUM(d.output_tokens) AS output_tokens',
    'SUM(d.requests) AS requests',
    `SUM(CASE WHEN ${hasPrice} THEN d.null_requests ELSE 0 END) AS estimated_requests`,
    `SUM(CASE WHEN ${hasPrice} THEN 0 ELSE d.null_requests END) AS unpriced_requests`,
  ].join(', ');
}

/** Any of the time ranges (both ends inclusive). */
function timeRanges(s: LedgerSettings, ranges: TimeRange[]): Statement {
  const each = ranges.map((r) => timeFilter(s, 'usage', r, ALIAS));
  return each.length === 1
    ? each[0]
    : { sql: `(${each.map((e) => e.sql).join(' OR ')})`, params: each.flatMap((e) => e.params) };
}

export function usageWhere(s: LedgerSettings, f: UsageFilters, ranges: TimeRange[] = [f.range]): Statement {
  const c = s.usageColumns;
  return where([
    timeRanges(s, ranges),
    tenantPin(s, 'usage', ALIAS),
    inList(c.tenantId, f.tenants, ALIAS),
    inList(c.userId, f.users, ALIAS),
    inList(c.model, f.models, ALIAS),
  ]);
}

export function groupColumn(s: LedgerSettings, groupBy: CostGroupBy): string | null {
  switch (groupBy) {
    case 'none':
      return null;
    case 'model':
      return u(s.usageColumns.model);
    case 'tenant':
      return u(s.usageColumns.tenantId);
    case 'user':
      return u(s.usageColumns.userId);
  }
}

/**
 * Whether prices must be matched per day: a model with two prices in the range, or one whose only
 * price starts or ends inside it. Otherwise a model's single price covers the whole range, and
 * fewer, larger groups are cheaper.
 */
export function pricesChangeInRange(prices: PriceInterval[], range: TimeRange): boolean {
  const models = prices.map((p) => p.model);
  const coversRange = (p: PriceInterval) => p.fromMs <= range.fromMs && p.toMs > range.toMs;
  return new Set(models).size < models.length || !prices.every(coversRange);
}

/** The aggregate `d` joined to the prices, per day only when some price changes within the range. */
function from(s: LedgerSettings, f: UsageFilters, keys: UsageKey[], prices: PriceInterval[]): Statement {
  const byDay = pricesChangeInRange(prices, f.range);
  const inner = perModelDay(s, f, keys, byDay);
  const join = priceJoin(prices, { model: 'd.model', day: byDay ? 'd.day' : undefined });
  return { sql: ` FROM ${inner.sql}${join.sql}`, params: [...inner.params, ...join.params] };
}

export function statement(parts: Array<string | Statement>): Statement {
  return parts.reduce<Statement>(
    (acc, part) =>
      typeof part === 'string'
        ? { sql: acc.sql + part, params: acc.params }
        : { sql: acc.sql + part.sql, params: [...acc.params, ...part.params] },
    { sql: '', params: [] }
  );
}

export function costTimeSeriesStatement(
  s: LedgerSettings,
  f: UsageFilters,
  groupBy: CostGroupBy,
  b: Buckets,
  prices: PriceInterval[]
): Statement {
  const keys: UsageKey[] = [
    { as: 'bucket', sizeMs: b.sizeMs },
    ...(groupBy !== 'none' ? [{ as: 'grp' as const, groupBy }] : []),
  ];
  const outer = groupBy !== 'none' ? 'd.bucket, d.grp' : 'd.bucket';
  return statement([
    `SELECT ${outer}, ${aggregates(prices.length > 0)}`,
    from(s, f, keys, prices),
    ` GROUP BY ${outer} ORDER BY ${outer} LIMIT ?`,
    { sql: '', params: [s.maxRows + 1] },
  ]);
}

/**
 * ORDER BY of a breakdown. A select alias may stand alone there, but not inside an expression (MySQL
 * and MariaDB refuse `cost / requests` as a reference to a group function, and read `input_tokens`
 * in an expression as d's column, one arbitrary row's value): expressions repeat the aggregates.
 */
const BREAKDOWN_ORDER: Record<BreakdownSort, (priced: boolean) => string> = {
  cost: () => 'cost',
  tokens: () => 'SUM(d.input_tokens) + SUM(d.output_tokens)',
  requests: () => 'requests',
  costPerRequest: (priced) => `${costSql(priced)} / SUM(d.requests)`,
};

export function costBreakdownStatement(
  s: LedgerSettings,
  f: UsageFilters,
  groupBy: CostGroupBy,
  sort: BreakdownSort,
  limit: number,
  prices: PriceInterval[]
): Statement {
  const group = groupBy !== 'none';
  const keys: UsageKey[] = group ? [{ as: 'grp', groupBy }] : [];
  return statement([
    `SELECT ${group ? 'd.grp, ' : ''}${aggregates(prices.length > 0)}`,
    from(s, f, keys, prices),
    // The group breaks ties so that a top N is stable.
    `${group ? ' GROUP BY d.grp' : ''} ORDER BY ${BREAKDOWN_ORDER[sort](prices.length > 0)} DESC${group ? ', d.grp' : ''} LIMIT ?`,
    { sql: '', params: [limit + 1] },
  ]);
}

export function unpricedModelsStatement(s: LedgerSettings, f: UsageFilters, prices: PriceInterval[]): Statement {
  const noPrice = prices.length > 0 ? ' AND p.model_key IS NULL' : '';
  return statement([
    'SELECT d.model, SUM(d.null_requests) AS requests, SUM(d.null_input) AS input_tokens, SUM(d.null_output) AS output_tokens, MIN(d.null_first) AS first_seen, MAX(d.null_last) AS last_seen',
    from(s, f, [], prices),
    ` WHERE d.null_requests > 0${noPrice} GROUP BY d.model ORDER BY requests DESC, d.model LIMIT ?`,
    { sql: '', params: [s.maxRows + 1] },
  ]);
}
