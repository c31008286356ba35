/**
 * The statements that verify the audit hash chains (schema/mysql/007_audit_chain.sql) and read the
 * audit trail's state. The chain's columns and tables have fixed names, as 007 creates them; the
 * audit table and the columns the canonical form covers come from the settings, like every audit
 * statement. A pinned datasource sees only its tenant's chain, and its audit statements carry
 * `tenant_id = ?` as every statement does.
 */
import { AUDIT_PURGE_ACTION } from '../../src/shared/queryTypes';
import type { LedgerSettings } from '../settings';
import { quoteIdentifier, tableName, tenantPin, timeFilter, where, type Statement, type TimeRange } from './sql';

/** The chain's columns on the audit table, and its two tables. */
export const CHAIN_COLUMNS = {
  key: 'chain_key',
  seq: 'chain_seq',
  prevHash: 'prev_hash',
  rowHash: 'row_hash',
} as const;
export const CHAIN_HEAD_TABLE = 'audit_chain_head';
export const CHAIN_CHECKPOINT_TABLE = 'audit_checkpoint';

/**
 * Rows per page of a walk, and rows of lookahead after it (a moved event names a later one as its
 * predecessor). Pages of a few thousand keep each statement short (an index range scan on
 * idx_al_chain) and the plugin's memory flat, whatever the chain's length.
 */
export const VERIFY_PAGE_ROWS = 5000;
export const VERIFY_AHEAD_ROWS = 16;

/**
 * Which of the chain's columns and tables the user can see (constant SQL: the names travel as `?`
 * values into information_schema, which lists only what the user may read).
 */
export function chainSchemaStatement(s: LedgerSettings): Statement {
  const c = Object.values(CHAIN_COLUMNS);
  return {
    sql: 'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND ((TABLE_NAME = ? AND COLUMN_NAME IN (?, ?, ?, ?)) OR (TABLE_NAME IN (?, ?) AND COLUMN_NAME = ?))',
    params: [s.auditTable, ...c, CHAIN_HEAD_TABLE, CHAIN_CHECKPOINT_TABLE, CHAIN_COLUMNS.key],
  };
}

/** The audit table has the four chain columns, and both chain tables exist. */
export function hasChainSchema(s: LedgerSettings, rows: Iterable<{ t: string; c: string }>): boolean {
  const seen = new Set([...rows].map((r) => `${r.t.toLowerCase()}.${r.c.toLowerCase()}`));
  const audit = s.auditTable.toLowerCase();
  return (
    Object.values(CHAIN_COLUMNS).every((c) => seen.has(`${audit}.${c}`)) &&
    seen.has(`${CHAIN_HEAD_TABLE}.${CHAIN_COLUMNS.key}`) &&
    seen.has(`${CHAIN_CHECKPOINT_TABLE}.${CHAIN_COLUMNS.key}`)
  );
}

/**
 * Every chain there is: those with a head, with events, or with checkpoints (a chain whose events
 * and head were all deleted still has its checkpoints). Each part reads an index prefix. At most
 * `limit` keys.
 */
export function chainKeysStatement(s: LedgerSettings, limit: number): Statement {
  const key = quoteIdentifier(CHAIN_COLUMNS.key);
  // Pinned, only the tenant's chain: by key in the chain tables, and by key and tenant in the audit table.
  const pinned = s.pinnedTenant ? { sql: `${key} = ?`, params: [s.pinnedTenant] } : null;
  const head = where([pinned]);
  const events = where([{ sql: `${key} IS NOT NULL`, params: [] }, pinned, tenantPin(s, 'audit')]);
  const checkpoints = where([pinned]);
  return {
    sql:
      `SELECT ${key} AS k FROM ${quoteIdentifier(CHAIN_HEAD_TABLE)}${head.sql}` +
      ` UNION SELECT DISTINCT ${key} FROM ${tableName(s, 'audit')}${events.sql}` +
      ` UNION SELECT DISTINCT ${key} FROM ${quoteIdentifier(CHAIN_CHECKPOINT_TABLE)}${checkpoints.sql}` +
      ' ORDER BY k LIMIT ?',
    params: [...head.params, ...events.params, ...checkpoints.params, limit],
  };
}

/** A chain's head: its last link as the writer recorded it. */
export function chainHeadStatement(chainKey: string): Statement {
  return {
    sql: `SELECT chain_seq AS seq, row_hash AS hash FROM ${quoteIdentifier(CHAIN_HEAD_TABLE)} WHERE chain_key = ?`,
    params: [chainKey],
  };
}

/** Every checkpoint of a chain (periodic, and one before each purge), in order. */
export function chainCheckpointsStatement(chainKey: string): Statement {
  return {
    sql: `SELECT chain_seq AS seq, row_hash AS hash, reason FROM ${quoteIdentifier(CHAIN_CHECKPOINT_TABLE)} WHERE chain_key = ? ORDER BY chain_seq`,
    params: [chainKey],
  };
}

/**
 * Where a chain's events start: its lowest place (idx_al_chain's first entry for the key).
 */
export function chainFirstSeqStatement(s: LedgerSettings, chainKey: string): Statement {
  const filter = where([
    { sql: `${quoteIdentifier(CHAIN_COLUMNS.key)} = ?`, params: [chainKey] },
    tenantPin(s, 'audit'),
  ]);
  return {
    sql: `SELECT MIN(${quoteIdentifier(CHAIN_COLUMNS.seq)}) AS first FROM ${tableName(s, 'audit')}${filter.sql}`,
    params: filter.params,
  };
}

/**
 * Events of a chain at places from `fromSeq` up to, not including, `toSeq` (no upper end when null),
 * in the order the verifier walks them: by place, then id (idx_al_chain's order, since InnoDB keys
 * end with the id); at most `limit`. Every column the canonical form covers, as stored.
 *
 * The upper end is what keeps this an index range scan: with only `chain_seq >= ?` on a long
 * chain, the optimizer estimates most of the chain and prefers a full scan and a sort, per page.
 */
export function chainPageStatement(
  s: LedgerSettings,
  chainKey: string,
  fromSeq: number,
  toSeq: number | null,
  limit: number
): Statement {
  const c = s.auditColumns;
  const q = quoteIdentifier;
  const seq = q(CHAIN_COLUMNS.seq);
  const filter = where([
    { sql: `${q(CHAIN_COLUMNS.key)} = ?`, params: [chainKey] },
    toSeq === null
      ? { sql: `${seq} >= ?`, params: [fromSeq] }
      : { sql: `${seq} >= ? AND ${seq} < ?`, params: [fromSeq, toSeq] },
    tenantPin(s, 'audit'),
  ]);
  const columns = [
    `${q(c.id)} AS id`,
    `${q(c.tenantId)} AS tenant_id`,
    `${q(c.userId)} AS user_id`,
    `${q(c.action)} AS action`,
    `${q(c.details)} AS details`,
    `${q(c.createTime)} AS create_time`,
    `${seq} AS chain_seq`,
    `${q(CHAIN_COLUMNS.prevHash)} AS prev_hash`,
    `${q(CHAIN_COLUMNS.rowHash)} AS row_hash`,
  ].join(', ');
  return {
    sql: `SELECT ${columns} FROM ${tableName(s, 'audit')}${filter.sql} ORDER BY ${seq}, ${q(c.id)} LIMIT ?`,
    params: [...filter.params, limit],
  };
}

/**
 * Events of the time range written without a link, per chain key (the tenant, '' for none): all of
 * them when the table has no chain columns. `keys` narrows to those chains.
 */
export function notChainedStatement(
  s: LedgerSettings,
  range: TimeRange,
  { chained, keys }: { chained: boolean; keys?: string[] }
): Statement {
  const tenant = `COALESCE(${quoteIdentifier(s.auditColumns.tenantId)}, '')`;
  const filter = where([
    timeFilter(s, 'audit', range),
    tenantPin(s, 'audit'),
    chained ? { sql: `${quoteIdentifier(CHAIN_COLUMNS.rowHash)} IS NULL`, params: [] } : null,
    keys ? { sql: `${tenant} IN (${keys.map(() => '?').join(', ')})`, params: keys } : null,
  ]);
  return {
    sql: `SELECT ${tenant} AS k, COUNT(*) AS n FROM ${tableName(s, 'audit')}${filter.sql} GROUP BY k ORDER BY k LIMIT ?`,
    params: [...filter.params, s.maxRows + 1],
  };
}

/** The oldest event the audit log holds (of these tenants), whatever the time range: idx_al_ct's first entry. */
export function oldestEventStatement(s: LedgerSettings, tenants?: string[]): Statement {
  const tenant = quoteIdentifier(s.auditColumns.tenantId);
  const filter = where([
    tenantPin(s, 'audit'),
    tenants && tenants.length > 0
      ? { sql: `${tenant} IN (${tenants.map(() => '?').join(', ')})`, params: tenants }
      : null,
  ]);
  return {
    sql: `SELECT MIN(${quoteIdentifier(s.auditColumns.createTime)}) AS oldest FROM ${tableName(s, 'audit')}${filter.sql}`,
    params: filter.params,
  };
}

/**
 * How many of the latest purge events are read to find the audit table's: the job purges each table
 * it keeps, so the audit table's is among the last few.
 */
export const PURGE_EVENTS_READ = 20;

/** The latest purge events (the maintenance job's), newest first: idx_al_action_ct. */
export function purgeEventsStatement(s: LedgerSettings): Statement {
  const c = s.auditColumns;
  const filter = where([
    { sql: `${quoteIdentifier(c.action)} = ?`, params: [AUDIT_PURGE_ACTION] },
    tenantPin(s, 'audit'),
  ]);
  return {
    sql: `SELECT ${quoteIdentifier(c.createTime)} AS time_ms, ${quoteIdentifier(c.details)} AS details FROM ${tableName(s, 'audit')}${filter.sql} ORDER BY ${quoteIdentifier(c.createTime)} DESC, ${quoteIdentifier(c.id)} DESC LIMIT ?`,
    params: [...filter.params, PURGE_EVENTS_READ],
  };
}
