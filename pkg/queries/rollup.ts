/**
 * The rollup job's statements (pkg/rollups/job.ts): rebuilding whole hour and day buckets from the
 * raw table, the state row and its lease, finding late rows, and comparing days with the raw table.
 * Identifiers of the raw table come from the validated settings; the rollup tables have fixed names.
 */
import { DAY_MS, DAY_OF, GRAINS, HOUR_MS, KEY_COLUMNS, STATE_TABLE, type Grain } from '../rollups/grains';
import type { LedgerSettings } from '../settings';
import { column, quoteIdentifier, tableName, type Statement } from './sql';

const U = 'u';
const u = (name: string) => column(name, U);
const T = (grain: Grain) => quoteIdentifier(GRAINS[grain].table);
const STATE = quoteIdentifier(STATE_TABLE);

/** The raw time axis in epoch ms, as integer arithmetic (DATETIME(3) or BIGINT epoch ms). */
export function axisMsSql(s: LedgerSettings): string {
  return s.timeAxis === 'timestamp'
    ? `TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ${u(s.usageColumns.timestamp)}) DIV 1000`
    : u(s.usageColumns.createTime);
}

/** Bucket index of a raw row: whole hours or days since the epoch on the axis. */
function rawIndexSql(s: LedgerSettings, unitMs: number): string {
  return s.timeAxis === 'timestamp'
    ? `TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${u(s.usageColumns.timestamp)}) DIV ${unitMs / 1000}`
    : `${u(s.usageColumns.createTime)} DIV ${unitMs}`;
}

/** The raw rows whose axis lies in [fromMs, toMs): on the axis column itself, so its index serves. */
function rawWindow(s: LedgerSettings, fromMs: number, toMs: number): Statement {
  if (s.timeAxis === 'timestamp') {
    const ts = u(s.usageColumns.timestamp);
    const at = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
    return { sql: `${ts} >= ? AND ${ts} < ?`, params: [at(fromMs), at(toMs)] };
  }
  const ct = u(s.usageColumns.createTime);
  return { sql: `${ct} >= ? AND ${ct} < ?`, params: [fromMs, toMs] };
}

type RawKey = 'tenant' | 'user' | 'model';
const RAW_KEY_COLUMN: Record<RawKey, (s: LedgerSettings) => string> = {
  tenant: (s) => s.usageColumns.tenantId,
  user: (s) => s.usageColumns.userId,
  model: (s) => s.usageColumns.model,
};

/** The sums of a bucket's raw rows, in the rollup tables' column order. */
function rawSums(s: LedgerSettings): string[] {
  const c = s.usageColumns;
  const cost = u(c.cost);
  const ms = axisMsSql(s);
  return [
    'COUNT(*)',
    `SUM(${u(c.inputTokens)})`,
    `SUM(${u(c.outputTokens)})`,
    `SUM(${cost})`,
    `SUM(CASE WHEN ${cost} IS NULL THEN 1 ELSE 0 END)`,
    `SUM(CASE WHEN ${cost} IS NULL THEN ${u(c.inputTokens)} ELSE 0 END)`,
    `SUM(CASE WHEN ${cost} IS NULL THEN ${u(c.outputTokens)} ELSE 0 END)`,
    `MIN(CASE WHEN ${cost} IS NULL THEN ${ms} END)`,
    `MAX(CASE WHEN ${cost} IS NULL THEN ${ms} END)`,
  ];
}

const MEASURE_COLUMNS =
  'requests, input_tokens, output_tokens, stored_cost, null_requests, null_input, null_output, null_first, null_last';

function keyColumns(keys: RawKey[]): string {
  return keys.map((k) => `${KEY_COLUMNS[k].isNull}, ${KEY_COLUMNS[k].value}`).join(', ');
}

/**
 * Rebuilds the rows of an hour table for the hours in [fromMs, toMs) from raw rows: the DELETE and
 * the INSERT of one transaction. NULL keys are stored as '' with their flag set.
 */
export function rebuildFromRaw(
  s: LedgerSettings,
  grain: 'hour' | 'hourUser',
  fromMs: number,
  toMs: number
): Statement[] {
  const g = GRAINS[grain];
  const keys: RawKey[] = g.user ? ['tenant', 'user', 'model'] : ['tenant', 'model'];
  const index = rawIndexSql(s, g.ms);
  const keySql = keys.flatMap((k) => {
    const col = u(RAW_KEY_COLUMN[k](s));
    return [`${col} IS NULL`, `COALESCE(${col}, '')`];
  });
  const window = rawWindow(s, fromMs, toMs);
  const groupBy = ['bucket', ...keys.map((k) => u(RAW_KEY_COLUMN[k](s)))].join(', ');
  return [
    {
      sql: `DELETE FROM ${T(grain)} WHERE ${g.index} >= ? AND ${g.index} < ?`,
      params: [fromMs / g.ms, toMs / g.ms],
    },
    {
      sql:
        `INSERT INTO ${T(grain)} (${g.index}, ${keyColumns(keys)}, ${MEASURE_COLUMNS}) ` +
        `SELECT ${index} AS bucket, ${keySql.join(', ')}, ${rawSums(s).join(', ')} ` +
        `FROM ${tableName(s, 'usage')} ${U} WHERE ${window.sql} GROUP BY ${groupBy}`,
      params: window.params,
    },
  ];
}

/** Rebuilds the day rows of [fromMs, toMs) (whole days) from their hour table: day from hour, day × user from hour × user. */
export function rebuildDaysFromHours(hours: 'hour' | 'hourUser', fromMs: number, toMs: number): Statement[] {
  const days = DAY_OF[hours];
  const keys = keyColumns(GRAINS[hours].user ? ['tenant', 'user', 'model'] : ['tenant', 'model']);
  const index = GRAINS[days].index;
  return [
    { sql: `DELETE FROM ${T(days)} WHERE ${index} >= ? AND ${index} < ?`, params: [fromMs / DAY_MS, toMs / DAY_MS] },
    {
      sql:
        `INSERT INTO ${T(days)} (${index}, ${keys}, ${MEASURE_COLUMNS}) ` +
        `SELECT hour_index DIV 24 AS bucket, ${keys}, SUM(requests), SUM(input_tokens), SUM(output_tokens), ` +
        'SUM(stored_cost), SUM(null_requests), SUM(null_input), SUM(null_output), MIN(null_first), MAX(null_last) ' +
        `FROM ${T(hours)} WHERE hour_index >= ? AND hour_index < ? GROUP BY bucket, ${keys}`,
      params: [fromMs / HOUR_MS, toMs / HOUR_MS],
    },
  ];
}

/** Creates the state row for this usage table and axis, if there is none. */
export function ensureStateRow(s: LedgerSettings, schemaVersion: number): Statement {
  return {
    sql: `INSERT IGNORE INTO ${STATE} (id, schema_version, source_table, time_axis) VALUES (1, ?, ?, ?)`,
    params: [schemaVersion, s.usageTable, s.timeAxis],
  };
}

/** Points the state row at another table, axis or schema version: nothing built so far counts. */
export function resetState(s: LedgerSettings, schemaVersion: number): Statement {
  return {
    sql: `UPDATE ${STATE} SET schema_version = ?, source_table = ?, time_axis = ?, watermark_ms = NULL, ct_high_water = NULL WHERE id = 1`,
    params: [schemaVersion, s.usageTable, s.timeAxis],
  };
}

/** Empties a rollup table, for a reset. */
export function clearRollup(grain: Grain): Statement {
  return { sql: `DELETE FROM ${T(grain)}`, params: [] };
}

/**
 * Takes (or renews) the lease for `seconds`: one row changes only if nobody else holds an unexpired
 * lease. Plain UPDATE on one row, so it works where GET_LOCK does not (Galera, Vitess).
 */
export function takeLease(owner: string, seconds: number): Statement {
  return {
    sql:
      `UPDATE ${STATE} SET lease_owner = ?, lease_until = UTC_TIMESTAMP(3) + INTERVAL ? SECOND ` +
      'WHERE id = 1 AND (lease_owner = ? OR lease_until IS NULL OR lease_until < UTC_TIMESTAMP(3))',
    params: [owner, seconds, owner],
  };
}

/** Gives the lease back, if it is still ours. */
export function releaseLease(owner: string): Statement {
  return {
    sql: `UPDATE ${STATE} SET lease_owner = NULL, lease_until = NULL WHERE id = 1 AND lease_owner = ?`,
    params: [owner],
  };
}

/**
 * Inside a bucket's transaction: locks the state row and finds it still leased to us. No row means
 * the lease was lost (another job took it after it expired): the transaction must not write.
 */
export function holdLease(owner: string): Statement {
  return {
    sql: `SELECT id FROM ${STATE} WHERE id = 1 AND lease_owner = ? AND lease_until > UTC_TIMESTAMP(3) FOR UPDATE`,
    params: [owner],
  };
}

/** Advances the watermark and records the run, in the run's last transaction. */
export function recordRefresh(
  watermarkMs: number,
  ctHighWater: number | null,
  tookMs: number,
  hours: number
): Statement {
  return {
    sql:
      `UPDATE ${STATE} SET watermark_ms = ?, ct_high_water = ?, refreshed_at = UTC_TIMESTAMP(3), ` +
      'last_refresh_ms = ?, last_refresh_hours = ? WHERE id = 1',
    params: [watermarkMs, ctHighWater, tookMs, hours],
  };
}

/** Records a reconcile: how many days it compared and how many it found wrong (and rebuilt). */
export function recordReconcile(days: number, drift: number): Statement {
  return {
    sql:
      `UPDATE ${STATE} SET reconciled_at = UTC_TIMESTAMP(3), reconcile_days = ?, drift_days_last = ?, ` +
      'drift_days_total = drift_days_total + ? WHERE id = 1',
    params: [days, drift, drift],
  };
}

/** The first instant on the axis and the highest create_time of the raw table (both from indexes). */
export function rawExtent(s: LedgerSettings): Statement {
  const ct = u(s.usageColumns.createTime);
  const first =
    s.timeAxis === 'timestamp'
      ? `TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', MIN(${u(s.usageColumns.timestamp)})) DIV 1000`
      : `MIN(${ct})`;
  return { sql: `SELECT ${first} AS first_ms, MAX(${ct}) AS ct_high FROM ${tableName(s, 'usage')} ${U}`, params: [] };
}

/**
 * The hours below `belowMs` that rows written since `sinceCreateTime` fall in: rows that arrived
 * late for buckets already built. The create_time index finds them without reading the rest.
 */
export function lateHours(s: LedgerSettings, sinceCreateTime: number, belowMs: number): Statement {
  return {
    sql:
      `SELECT DISTINCT ${rawIndexSql(s, HOUR_MS)} AS hour_index FROM ${tableName(s, 'usage')} ${U} ` +
      `WHERE ${u(s.usageColumns.createTime)} >= ? AND ${axisMsSql(s)} < ?`,
    params: [sinceCreateTime, belowMs],
  };
}

/** What a group contributes to a day's fingerprint: its keys (case-folded, NULL apart from '') and its sums. */
function fingerprint(keys: string[]): string {
  return (
    `BIT_XOR(CRC32(CONCAT_WS('|', ${keys.join(', ')}, ` +
    "requests, input_tokens, output_tokens, COALESCE(stored_cost, 'null'), null_requests)))"
  );
}

const DAY_TOTALS =
  'SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, ' +
  'SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests';

/**
 * Per day in [fromMs, belowMs): the raw table's requests, token sums, stored cost and calls without a
 * cost, and a fingerprint of its tenant × user × model groups (so that a changed tenant, user or model
 * is drift even where the day's totals did not change).
 */
export function rawDayTotals(s: LedgerSettings, fromMs: number, belowMs: number): Statement {
  const c = s.usageColumns;
  const cost = u(c.cost);
  const window = rawWindow(s, fromMs, belowMs);
  const keys = ['tenant', 'usr', 'model'];
  return {
    sql:
      `SELECT day_index, ${DAY_TOTALS}, ${fingerprint(keys.map((k) => `COALESCE(LOWER(${k}), CHAR(0))`))} AS keys_crc FROM (` +
      `SELECT ${rawIndexSql(s, DAY_MS)} AS day_index, ${u(c.tenantId)} AS tenant, ${u(c.userId)} AS usr, ` +
      `${u(c.model)} AS model, COUNT(*) AS requests, SUM(${u(c.inputTokens)}) AS input_tokens, ` +
      `SUM(${u(c.outputTokens)}) AS output_tokens, SUM(${cost}) AS stored_cost, ` +
      `SUM(CASE WHEN ${cost} IS NULL THEN 1 ELSE 0 END) AS null_requests ` +
      `FROM ${tableName(s, 'usage')} ${U} WHERE ${window.sql} GROUP BY day_index, tenant, usr, model) g GROUP BY day_index`,
    params: window.params,
  };
}

/**
 * The same per day from a rollup table: the totals (an hour table's hours summed per day) and, for
 * the tables by user, the same fingerprint (per day and key first: an hour table has a row per hour).
 */
export function rollupDayTotals(grain: Grain, fromMs: number, belowMs: number): Statement {
  const g = GRAINS[grain];
  const day = g.index === 'hour_index' ? 'hour_index DIV 24' : 'day_index';
  const range = `${g.index} >= ? AND ${g.index} < ?`;
  const params = [fromMs / g.ms, belowMs / g.ms];
  if (!g.user) {
    return { sql: `SELECT ${day} AS day_index, ${DAY_TOTALS} FROM ${T(grain)} WHERE ${range} GROUP BY ${day}`, params };
  }
  const keys = keyColumns(['tenant', 'user', 'model']);
  const keyOf = (k: keyof typeof KEY_COLUMNS) =>
    `IF(${KEY_COLUMNS[k].isNull} = 1, CHAR(0), LOWER(${KEY_COLUMNS[k].value}))`;
  return {
    sql:
      `SELECT day_index, ${DAY_TOTALS}, ${fingerprint([keyOf('tenant'), keyOf('user'), keyOf('model')])} AS keys_crc ` +
      `FROM (SELECT ${day} AS day_index, ${keys}, ${DAY_TOTALS} FROM ${T(grain)} WHERE ${range} ` +
      `GROUP BY day_index, ${keys}) g GROUP BY day_index`,
    params,
  };
}
