/**
 * Cost and token statements over the usage table. A row's cost is its stored `cost`; a row stored
 * without one is priced by the price interval its time falls in (joined from a derived table of
 * `?` values, matched on the model key), or left out of the cost and counted as unpriced.
 */
import type { BreakdownSort, CostGroupBy } from '../../src/shared/queryTypes';
import { type PriceInterval } from '../pricing/priceList';
import type { LedgerSettings } from '../settings';
import { bucketIndex, type Buckets } from './buckets';
import { column, inList, tableName, tenantPin, timeFilter, where, type Statement, type TimeRange } from './sql';

export interface UsageFilters {
  tenants?: string[];
  users?: string[];
  models?: string[];
  range: TimeRange;
}

const ALIAS = 'u';
const u = (name: string) => column(name, ALIAS);

/** The model key of a name column, as src/shared/pricing.ts `modelKey` computes it. */
function modelKeySql(column: string): string {
  return `LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(${column}, '@', 1), '/', -1))`;
}

function timeColumn(s: LedgerSettings): string {
  return u(s.timeAxis === 'timestamp' ? s.usageColumns.timestamp : s.usageColumns.createTime);
}

/** A row's UTC day (days since 1970-01-01): prices change at day boundaries. */
function dayIndexSql(s: LedgerSettings): string {
  return s.timeAxis === 'timestamp'
    ? `TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${timeColumn(s)}) DIV 86400`
    : `${timeColumn(s)} DIV 86400000`;
}

const DAY_MS = 86_400_000;

/**
 * `LEFT JOIN (SELECT ? … UNION ALL …) p ON …` onto the per-model-day aggregate `d`, or nothing
 * when no price applies to the range. Intervals are in whole days, as price entries are.
 */
function priceJoin(prices: PriceInterval[], byDay: boolean): Statement {
  if (prices.length === 0) {
    return { sql: '', params: [] };
  }
  const rows = prices.map((_, i) =>
    i === 0
      ? 'SELECT ? AS model_key, ? AS from_day, ? AS to_day, ? AS input_per_m, ? AS output_per_m'
      : 'SELECT ?, ?, ?, ?, ?'
  );
  return {
    sql: ` LEFT JOIN (${rows.join(' UNION ALL ')}) p ON p.model_key = ${modelKeySql('d.model')}${byDay ? ' AND d.day >= p.from_day AND d.day < p.to_day' : ''}`,
    params: prices.flatMap((p) => [
      p.model,
      Math.floor(p.fromMs / DAY_MS),
      Math.floor(p.toMs / DAY_MS),
      p.inputPerMillion,
      p.outputPerMillion,
    ]),
  };
}

/**
 * Usage summed per model (and day, group and bucket when needed): the rows are read once and the
 * price list joins the few aggregate rows, not every usage row.
 */
function perModelDay(
  s: LedgerSettings,
  f: UsageFilters,
  keys: Array<{ sql: string; params: unknown[]; as: string }>,
  byDay: boolean
): Statement {
  const c = s.usageColumns;
  const stored = u(c.cost);
  const time = timeColumn(s);
  const select = [
    ...keys.map((k) => `${k.sql} AS ${k.as}`),
    `${u(c.model)} AS model`,
    ...(byDay ? [`${dayIndexSql(s)} AS day`] : []),
    `SUM(${stored}) AS stored_cost`,
    `SUM(${u(c.inputTokens)}) AS input_tokens`,
    `SUM(${u(c.outputTokens)}) AS output_tokens`,
    'COUNT(*) AS requests',
    `SUM(CASE WHEN ${stored} IS NULL THEN ${u(c.inputTokens)} ELSE 0 END) AS null_input`,
    `SUM(CASE WHEN ${stored} IS NULL THEN ${u(c.outputTokens)} ELSE 0 END) AS null_output`,
    `SUM(CASE WHEN ${stored} IS NULL THEN 1 ELSE 0 END) AS null_requests`,
    `MIN(CASE WHEN ${stored} IS NULL THEN ${time} END) AS null_first`,
    `MAX(CASE WHEN ${stored} IS NULL THEN ${time} END) AS null_last`,
  ];
  const filter = usageWhere(s, f);
  const groupBy = [...keys.map((k) => k.as), 'model', ...(byDay ? ['day'] : [])].join(', ');
  return {
    sql: `(SELECT ${select.join(', ')} FROM ${tableName(s, 'usage')} ${ALIAS}${filter.sql} GROUP BY ${groupBy}) d`,
    params: [...keys.flatMap((k) => k.params), ...filter.params],
  };
}

/** SQL aggregates over `d` (and `p` when priced) shared by every cost statement. */
function aggregates(priced: boolean): string {
  const estimate = priced ? '(d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000' : 'NULL';
  const hasPrice = priced ? 'p.model_key IS NOT NULL' : 'FALSE';
  return [
    `SUM(COALESCE(d.stored_cost, 0) + COALESCE(${estimate}, 0)) AS cost`,
    `SUM(${estimate}) AS estimated_cost`,
    'SUM(d.input_tokens) AS input_tokens',
    'SUM(d.output_tokens) AS output_tokens',
    'SUM(d.requests) AS requests',
    `SUM(CASE WHEN ${hasPrice} THEN d.null_requests ELSE 0 END) AS estimated_requests`,
    `SUM(CASE WHEN ${hasPrice} THEN 0 ELSE d.null_requests END) AS unpriced_requests`,
  ].join(', ');
}

function usageWhere(s: LedgerSettings, f: UsageFilters, extra: Array<Statement | null> = []): Statement {
  const c = s.usageColumns;
  return where([
    timeFilter(s, 'usage', f.range, ALIAS),
    tenantPin(s, 'usage', ALIAS),
    inList(c.tenantId, f.tenants, ALIAS),
    inList(c.userId, f.users, ALIAS),
    inList(c.model, f.models, ALIAS),
    ...extra,
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
 * The aggregate `d` joined to the prices. Days are only kept apart when some price starts or ends
 * within the range; otherwise one price per model applies and fewer, larger groups are cheaper.
 */
function from(
  s: LedgerSettings,
  f: UsageFilters,
  keys: Array<{ sql: string; params: unknown[]; as: string }>,
  prices: PriceInterval[]
): Statement {
  const models = prices.map((p) => p.model);
  // A model with two prices in the range, or one whose only price starts or ends inside it, needs
  // its usage per day; otherwise a model's single price covers the whole range.
  const coversRange = (p: PriceInterval) => p.fromMs <= f.range.fromMs && p.toMs > f.range.toMs;
  const byDay = new Set(models).size < models.length || !prices.every(coversRange);
  const inner = perModelDay(s, f, keys, byDay);
  const join = priceJoin(prices, byDay);
  return { sql: ` FROM ${inner.sql}${join.sql}`, params: [...inner.params, ...join.params] };
}

function statement(parts: Array<string | Statement>): Statement {
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
  const group = groupColumn(s, groupBy);
  const bucket = bucketIndex(s, 'usage', b.sizeMs, ALIAS);
  const keys = [{ ...bucket, as: 'bucket' }, ...(group ? [{ sql: group, params: [], as: 'grp' }] : [])];
  const outer = group ? 'd.bucket, d.grp' : 'd.bucket';
  return statement([
    `SELECT ${outer}, ${aggregates(prices.length > 0)}`,
    from(s, f, keys, prices),
    ` GROUP BY ${outer} ORDER BY ${outer} LIMIT ?`,
    { sql: '', params: [s.maxRows + 1] },
  ]);
}

const BREAKDOWN_ORDER: Record<BreakdownSort, string> = {
  cost: 'cost',
  tokens: 'input_tokens + output_tokens',
  requests: 'requests',
  costPerRequest: 'cost / requests',
};

export function costBreakdownStatement(
  s: LedgerSettings,
  f: UsageFilters,
  groupBy: CostGroupBy,
  sort: BreakdownSort,
  limit: number,
  prices: PriceInterval[]
): Statement {
  const group = groupColumn(s, groupBy);
  const keys = group ? [{ sql: group, params: [], as: 'grp' }] : [];
  return statement([
    `SELECT ${group ? 'd.grp, ' : ''}${aggregates(prices.length > 0)}`,
    from(s, f, keys, prices),
    // The group breaks ties so that a top N is stable.
    `${group ? ' GROUP BY d.grp' : ''} ORDER BY ${BREAKDOWN_ORDER[sort]} DESC${group ? ', d.grp' : ''} LIMIT ?`,
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
