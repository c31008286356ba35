/**
 * Cost and token statements over the usage table. A row's cost is its stored `cost`; a row stored
 * without one is priced by the price interval its time falls in (joined from a derived table of
 * `?` values, matched on the model key), or left out of the cost and counted as unpriced.
 */
import type { BreakdownSort, CostGroupBy } from '../../src/shared/queryTypes';
import { type PriceInterval } from '../pricing/priceList';
import type { LedgerSettings } from '../settings';
import { bucketIndex, type Buckets } from './buckets';
import { column, tableName, tenantPin, timeFilter, utcDateTime, where, type Statement, type TimeRange } from './sql';

export interface UsageFilters {
  tenants?: string[];
  users?: string[];
  models?: string[];
  range: TimeRange;
}

const ALIAS = 'u';
const u = (name: string) => column(name, ALIAS);

/** The model key of a row, as pricing/priceList.ts `modelKey` computes it. */
function modelKeySql(s: LedgerSettings): string {
  return `LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(${u(s.usageColumns.model)}, '@', 1), '/', -1))`;
}

function timeColumn(s: LedgerSettings): string {
  return u(s.timeAxis === 'timestamp' ? s.usageColumns.timestamp : s.usageColumns.createTime);
}

/** A price bound in the unit of the time axis. */
function bound(s: LedgerSettings, ms: number): string | number {
  return s.timeAxis === 'timestamp' ? utcDateTime(ms) : ms;
}

/** `LEFT JOIN (SELECT ? … UNION ALL …) p ON …`, or nothing when no price applies to the range. */
function priceJoin(s: LedgerSettings, prices: PriceInterval[]): Statement {
  if (prices.length === 0) {
    return { sql: '', params: [] };
  }
  const rows = prices.map((_, i) =>
    i === 0
      ? 'SELECT ? AS model_key, ? AS valid_from, ? AS valid_to, ? AS input_per_m, ? AS output_per_m'
      : 'SELECT ?, ?, ?, ?, ?'
  );
  const time = timeColumn(s);
  return {
    sql: ` LEFT JOIN (${rows.join(' UNION ALL ')}) p ON p.model_key = ${modelKeySql(s)} AND ${time} >= p.valid_from AND ${time} < p.valid_to`,
    params: prices.flatMap((p) => [
      p.model,
      bound(s, p.fromMs),
      bound(s, p.toMs),
      p.inputPerMillion,
      p.outputPerMillion,
    ]),
  };
}

/** SQL aggregates shared by every cost statement. */
function aggregates(s: LedgerSettings, priced: boolean): string {
  const c = s.usageColumns;
  const stored = u(c.cost);
  const estimate = priced
    ? `(${u(c.inputTokens)} * p.input_per_m + ${u(c.outputTokens)} * p.output_per_m) / 1000000`
    : 'NULL';
  const hasPrice = priced ? 'p.model_key IS NOT NULL' : 'FALSE';
  return [
    `SUM(COALESCE(${stored}, ${estimate})) AS cost`,
    `SUM(CASE WHEN ${stored} IS NULL THEN ${estimate} END) AS estimated_cost`,
    `SUM(${u(c.inputTokens)}) AS input_tokens`,
    `SUM(${u(c.outputTokens)}) AS output_tokens`,
    'COUNT(*) AS requests',
    `SUM(CASE WHEN ${stored} IS NULL AND ${hasPrice} THEN 1 ELSE 0 END) AS estimated_requests`,
    `SUM(CASE WHEN ${stored} IS NULL AND NOT (${hasPrice}) THEN 1 ELSE 0 END) AS unpriced_requests`,
  ].join(', ');
}

function inList(column: string, values: string[] | undefined): Statement | null {
  return values && values.length > 0
    ? { sql: `${u(column)} IN (${values.map(() => '?').join(', ')})`, params: values }
    : null;
}

function usageWhere(s: LedgerSettings, f: UsageFilters, extra: Array<Statement | null> = []): Statement {
  const c = s.usageColumns;
  return where([
    timeFilter(s, 'usage', f.range, ALIAS),
    tenantPin(s, 'usage', ALIAS),
    inList(c.tenantId, f.tenants),
    inList(c.userId, f.users),
    inList(c.model, f.models),
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

function from(s: LedgerSettings, prices: PriceInterval[]): Statement {
  const join = priceJoin(s, prices);
  return { sql: ` FROM ${tableName(s, 'usage')} ${ALIAS}${join.sql}`, params: join.params };
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
  return statement([
    {
      sql: `SELECT ${bucket.sql} AS bucket${group ? `, ${group} AS grp` : ''}, ${aggregates(s, prices.length > 0)}`,
      params: bucket.params,
    },
    from(s, prices),
    usageWhere(s, f),
    ` GROUP BY bucket${group ? ', grp' : ''} ORDER BY bucket${group ? ', grp' : ''} LIMIT ?`,
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
  return statement([
    `SELECT ${group ? `${group} AS grp, ` : ''}${aggregates(s, prices.length > 0)}`,
    from(s, prices),
    usageWhere(s, f),
    // The group breaks ties so that a top N is stable.
    `${group ? ' GROUP BY grp' : ''} ORDER BY ${BREAKDOWN_ORDER[sort]} DESC${group ? ', grp' : ''} LIMIT ?`,
    { sql: '', params: [limit + 1] },
  ]);
}

export function unpricedModelsStatement(s: LedgerSettings, f: UsageFilters, prices: PriceInterval[]): Statement {
  const c = s.usageColumns;
  const noPrice =
    prices.length > 0
      ? { sql: `${u(c.cost)} IS NULL AND p.model_key IS NULL`, params: [] }
      : { sql: `${u(c.cost)} IS NULL`, params: [] };
  const time = timeColumn(s);
  return statement([
    `SELECT ${u(c.model)} AS model, COUNT(*) AS requests, SUM(${u(c.inputTokens)}) AS input_tokens, SUM(${u(c.outputTokens)}) AS output_tokens, MIN(${time}) AS first_seen, MAX(${time}) AS last_seen`,
    from(s, prices),
    usageWhere(s, f, [noPrice]),
    ' GROUP BY model ORDER BY requests DESC, model LIMIT ?',
    { sql: '', params: [s.maxRows + 1] },
  ]);
}
