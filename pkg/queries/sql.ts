/**
 * Pieces every ledger statement is built from. Identifiers come only from the datasource's
 * validated settings (never from a query) and are quoted; values are always `?` placeholders.
 */
import { IDENTIFIER_PATTERN } from '../../src/shared/datasourceSettings';
import type { LedgerSettings } from '../settings';

export interface Statement {
  sql: string;
  params: unknown[];
}

export type LedgerTable = 'usage' | 'audit';

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** Backtick-quotes a name that the settings validated; refuses anything else (a bug if reached). */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER_PATTERN.test(name)) {
    throw new Error(`refusing identifier ${JSON.stringify(name)}`);
  }
  return `\`${name}\``;
}

export function tableName(s: LedgerSettings, table: LedgerTable): string {
  return quoteIdentifier(table === 'usage' ? s.usageTable : s.auditTable);
}

/** A quoted column, qualified with a table alias when the statement joins (`u.\`cost\``). */
export function column(name: string, alias?: string): string {
  return alias ? `${alias}.${quoteIdentifier(name)}` : quoteIdentifier(name);
}

export function tenantColumn(s: LedgerSettings, table: LedgerTable, alias?: string): string {
  return column(table === 'usage' ? s.usageColumns.tenantId : s.auditColumns.tenantId, alias);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, as a DATETIME(3) parameter. */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * The time filter: the usage table on its configured axis (UTC DATETIME or epoch-ms BIGINT), the
 * audit table on `create_time` (epoch ms, as RAGFlow writes it). Both ends inclusive, as Grafana's
 * `$__timeFilter` is.
 */
export function timeFilter(s: LedgerSettings, table: LedgerTable, range: TimeRange, alias?: string): Statement {
  if (table === 'usage' && s.timeAxis === 'timestamp') {
    return {
      sql: `${column(s.usageColumns.timestamp, alias)} BETWEEN ? AND ?`,
      params: [utcDateTime(range.fromMs), utcDateTime(range.toMs)],
    };
  }
  const name = table === 'usage' ? s.usageColumns.createTime : s.auditColumns.createTime;
  return { sql: `${column(name, alias)} BETWEEN ? AND ?`, params: [range.fromMs, range.toMs] };
}

/** `tenant_id = ?` when the datasource is pinned to a tenant: added to every statement. */
export function tenantPin(s: LedgerSettings, table: LedgerTable, alias?: string): Statement | null {
  return s.pinnedTenant ? { sql: `${tenantColumn(s, table, alias)} = ?`, params: [s.pinnedTenant] } : null;
}

/** `LIKE ?` for "contains", with the wildcards in the search escaped (ESCAPE '!' works in every SQL mode). */
export function containsPattern(search: string): string {
  return `%${search.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** `column IN (?, …)`, or no condition for an absent or empty list. */
export function inList(name: string, values: string[] | undefined, alias?: string): Statement | null {
  return values && values.length > 0
    ? { sql: `${column(name, alias)} IN (${values.map(() => '?').join(', ')})`, params: values }
    : null;
}

/** Joins conditions with AND into a WHERE clause. */
export function where(conditions: Array<Statement | null>): Statement {
  const present = conditions.filter((c): c is Statement => c !== null);
  if (present.length === 0) {
    return { sql: '', params: [] };
  }
  return { sql: ` WHERE ${present.map((c) => c.sql).join(' AND ')}`, params: present.flatMap((c) => c.params) };
}
