/**
 * The most expensive single calls of a range. A call's cost is the one every cost statement counts
 * (./cost.ts): its stored `cost`, else its tokens priced by the price interval its day falls in,
 * joined the same way from the same `?` values; a call of a model without a price has none.
 *
 * No rollup holds single calls, so this reads the usage table over the whole range. Two things keep
 * that cheap at production volume:
 *
 * 1. A threshold first: the `limit`-th largest stored cost of the range (`th`, one row). Every call
 *    in the answer costs at least that much, so the range is then read keeping only the calls stored
 *    at or above it and the unpriced-stored ones whose tokens could reach it at the range's highest
 *    prices. Only those few are joined to the price list, and the per-row join over every call of
 *    the range, the expensive part, is gone. When fewer than `limit` calls have a stored cost the
 *    threshold is NULL and every call is a candidate, which is correct and then small or cheap.
 * 2. Both reads take what they need from the time-range index (time, tenant, model, user, tokens,
 *    cost and, as InnoDB keys do, the id): the rows themselves are read by id for the trace and span
 *    of the `limit` calls kept, and only when the table has those columns.
 */
import type { PriceInterval } from '../pricing/priceList';
import type { LedgerSettings } from '../settings';
import {
  dayIndexSql,
  priceJoin,
  pricesChangeInRange,
  statement,
  timeColumn,
  u,
  usageWhere,
  USAGE_ALIAS,
  type UsageFilters,
} from './cost';
import { column, tableName, type Statement } from './sql';

/** The optional trace columns; fixed names, as schema/mysql/005_trace_columns.sql adds them. */
export const TRACE_COLUMNS = { traceId: 'trace_id', spanId: 'span_id' } as const;

export interface TopCallsOptions {
  limit: number;
  /** The usage table has trace_id and span_id (else the frame's ids are all null). */
  traceColumns: boolean;
}

/**
 * Slack on the candidates' cost bound, in USD. The bound is computed in floating point; the estimate
 * it bounds is DECIMAL arithmetic, whose division keeps 4 more decimals than the prices have and
 * rounds there (from 5 · 10⁻⁵ USD off with whole-dollar prices). A bound this much higher admits
 * every call whose estimate can reach the threshold; the few extra candidates only cost their join.
 */
const BOUND_SLACK_USD = 0.0001;

export function topCallsStatement(
  s: LedgerSettings,
  f: UsageFilters,
  prices: PriceInterval[],
  { limit, traceColumns }: TopCallsOptions
): Statement {
  const c = s.usageColumns;
  const stored = u(c.cost);
  const [input, output] = [u(c.inputTokens), u(c.outputTokens)];
  const priced = prices.length > 0;
  const estimate = priced ? `(${input} * p.input_per_m + ${output} * p.output_per_m) / 1000000` : 'NULL';
  const filter = usageWhere(s, f);
  const usage = `${tableName(s, 'usage')} ${USAGE_ALIAS}`;

  // usageWhere always holds the time range, so `filter` starts with WHERE.
  // The limit-th largest stored cost in the range, or NULL when fewer calls have one: a scalar
  // subquery, so that the derived table `th` has its one row even then.
  const threshold = statement([
    `(SELECT (SELECT ${stored} FROM ${usage}`,
    { sql: `${filter.sql} AND ${stored} IS NOT NULL`, params: filter.params },
    ` ORDER BY ${stored} DESC LIMIT 1 OFFSET ?) AS cost)`,
    { sql: '', params: [limit - 1] },
  ]);
  // A call stored without a cost can reach the threshold only if its tokens at the highest input and
  // output prices of the range do (token counts are never negative).
  const maxInput = Math.max(0, ...prices.map((p) => p.inputPerMillion));
  const maxOutput = Math.max(0, ...prices.map((p) => p.outputPerMillion));
  const candidate = priced
    ? {
        sql: ` AND (th.cost IS NULL OR ${stored} >= th.cost OR (${stored} IS NULL AND (${input} * ? + ${output} * ?) / 1e6 + ? >= th.cost))`,
        params: [maxInput, maxOutput, BOUND_SLACK_USD],
      }
    : { sql: ` AND (th.cost IS NULL OR ${stored} >= th.cost)`, params: [] };

  const select = [
    `${u(c.id)} AS call_id`,
    `${timeColumn(s)} AS call_time`,
    `${u(c.tenantId)} AS tenant_id`,
    `${u(c.userId)} AS user_id`,
    `${u(c.model)} AS model`,
    `${input} AS input_tokens`,
    `${output} AS output_tokens`,
    `COALESCE(${stored}, ${estimate}) AS call_cost`,
  ];
  const byDay = pricesChangeInRange(prices, f.range);
  const join = priceJoin(prices, { model: u(c.model), day: byDay ? dayIndexSql(s) : undefined });
  // A cross join with the one-row threshold, then only the candidates are priced.
  const top = statement([
    `(SELECT ${select.join(', ')} FROM ${usage} CROSS JOIN `,
    threshold,
    ' th',
    join,
    filter,
    candidate,
    // The id breaks ties, so that the same range always lists the same calls.
    ' ORDER BY call_cost DESC, call_time DESC, call_id LIMIT ?) t',
    { sql: '', params: [limit] },
  ]);

  const ids = traceColumns
    ? `x.${column(TRACE_COLUMNS.traceId)} AS trace_id, x.${column(TRACE_COLUMNS.spanId)} AS span_id`
    : 'NULL AS trace_id, NULL AS span_id';
  return statement([
    'SELECT t.call_id, t.call_time, t.tenant_id, t.user_id, t.model, t.input_tokens, t.output_tokens, t.call_cost, ',
    ids,
    ' FROM ',
    top,
    traceColumns ? ` JOIN ${tableName(s, 'usage')} x ON x.${column(c.id)} = t.call_id` : '',
    ' ORDER BY t.call_cost DESC, t.call_time DESC, t.call_id',
  ]);
}

/**
 * Which of the trace columns the usage table has (constant SQL: the table and column names travel as
 * `?` values into information_schema).
 */
export function traceColumnsStatement(s: LedgerSettings): Statement {
  return {
    sql: 'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME IN (?, ?)',
    params: [s.usageTable, TRACE_COLUMNS.traceId, TRACE_COLUMNS.spanId],
  };
}

/** Both trace columns are among these column names (as information_schema spells them). */
export function hasTraceColumns(columns: Iterable<string>): boolean {
  const names = new Set([...columns].map((c) => c.toLowerCase()));
  return names.has(TRACE_COLUMNS.traceId) && names.has(TRACE_COLUMNS.spanId);
}
