/**
 * Names for the tenant and user ids a result holds, from the application's own tables (RAGFlow's
 * `tenant(id, name)` and `user(id, nickname, email)` by default; both are settings). One statement
 * per kind and request, for the ids of that result only: never a whole table, and never an id the
 * result (already filtered by the pinned tenant) does not hold.
 */
import type { LedgerSettings } from '../settings';
import { quoteIdentifier, type Statement } from './sql';

export type NameKind = 'tenant' | 'user';

/**
 * The most ids named in one statement. A breakdown of more rows keeps its ids past these: a
 * table of ten thousand users is read by id anyway, and the statement stays small.
 */
export const NAMES_MAX_IDS = 1000;

/**
 * `SELECT id, name[, email] FROM <table> WHERE id IN (?, …)` for at most NAMES_MAX_IDS distinct,
 * non-empty ids; null when there is nothing to look up. The e-mail column is read only when users
 * are shown with it (`userLabel`); the service asks for users only for roles allowed personal data.
 */
export function namesStatement(
  s: LedgerSettings,
  kind: NameKind,
  ids: ReadonlyArray<string | null | undefined>
): Statement | null {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))].slice(
    0,
    NAMES_MAX_IDS
  );
  if (wanted.length === 0) {
    return null;
  }
  const table = kind === 'tenant' ? s.tenantTable : s.userTable;
  const cols = kind === 'tenant' ? s.tenantColumns : s.userColumns;
  const email = kind === 'user' && s.userLabel !== 'name' ? `, ${quoteIdentifier(s.userColumns.email)} AS email` : '';
  const id = quoteIdentifier(cols.id);
  return {
    sql: `SELECT ${id} AS id, ${quoteIdentifier(cols.name)} AS name${email} FROM ${quoteIdentifier(table)} WHERE ${id} IN (${wanted.map(() => '?').join(', ')})`,
    params: wanted,
  };
}

/** The table and columns a kind reads, for the health check. */
export function nameTable(s: LedgerSettings, kind: NameKind): { table: string; columns: string[] } {
  return kind === 'tenant'
    ? { table: s.tenantTable, columns: [s.tenantColumns.id, s.tenantColumns.name] }
    : { table: s.userTable, columns: [s.userColumns.id, s.userColumns.name, s.userColumns.email] };
}
