/**
 * What the health check asks MySQL about the ledger: server version, the configured tables'
 * columns and indexes, and whether the datasource's user could write to them. All statements are
 * constant SQL; table names travel as `?` values into information_schema.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';

export interface ServerInfo {
  version: string;
  database: string;
}

export async function serverInfo(conn: PoolConnection): Promise<ServerInfo> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS version, DATABASE() AS db');
  return { version: String(rows[0].version), database: String(rows[0].db ?? '') };
}

/** Column names per table (lower-cased table names as MySQL may report them either way). */
export async function tableColumns(conn: PoolConnection, tables: string[]): Promise<Map<string, Set<string>>> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)',
    [tables]
  );
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    const table = String(row.t).toLowerCase();
    if (!out.has(table)) {
      out.set(table, new Set());
    }
    out.get(table)!.add(String(row.c).toLowerCase());
  }
  return out;
}

/** For each table, its indexes as ordered column lists. */
export async function tableIndexes(conn: PoolConnection, tables: string[]): Promise<Map<string, string[][]>> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t, INDEX_NAME AS i, SEQ_IN_INDEX AS s, COLUMN_NAME AS c FROM information_schema.STATISTICS ' +
      'WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
    [tables]
  );
  const byIndex = new Map<string, { table: string; columns: string[] }>();
  for (const row of rows) {
    const table = String(row.t).toLowerCase();
    const key = `${table}\u0000${row.i}`;
    if (!byIndex.has(key)) {
      byIndex.set(key, { table, columns: [] });
    }
    byIndex.get(key)!.columns.push(String(row.c).toLowerCase());
  }
  const out = new Map<string, string[][]>();
  for (const { table, columns } of byIndex.values()) {
    out.set(table, [...(out.get(table) ?? []), columns]);
  }
  return out;
}

/** True when some index starts with exactly these columns, in this order. */
export function hasIndexLeadingWith(indexes: string[][] | undefined, columns: string[]): boolean {
  const wanted = columns.map((c) => c.toLowerCase());
  return (indexes ?? []).some((index) => wanted.every((column, i) => index[i] === column));
}

const WRITE_PRIVILEGES = ['ALL PRIVILEGES', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'CREATE', 'INDEX'];

/**
 * The write privileges the current user holds on the ledger tables, read from SHOW GRANTS: a grant
 * counts when its scope is `*.*`, the database, or one of the tables.
 */
export function writePrivileges(grants: string[], database: string, tables: string[]): string[] {
  const scopes = new Set([
    '*.*',
    `${database}.*`.toLowerCase(),
    ...tables.map((t) => `${database}.${t}`.toLowerCase()),
  ]);
  const found = new Set<string>();
  for (const grant of grants) {
    const match = /^GRANT (.+?) ON (\S+) TO /i.exec(grant);
    if (!match) {
      continue;
    }
    // Grants quote names with backticks and may escape the LIKE wildcards _ and % with a backslash.
    const scope = match[2].replace(/[`\\]/g, '').toLowerCase();
    if (!scopes.has(scope)) {
      continue;
    }
    for (const privilege of match[1].split(',').map((p) => p.trim().toUpperCase())) {
      if (WRITE_PRIVILEGES.includes(privilege)) {
        found.add(privilege);
      }
    }
  }
  return [...found].sort();
}

export async function currentGrants(conn: PoolConnection): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW GRANTS FOR CURRENT_USER()');
  return rows.map((row) => String(Object.values(row)[0]));
}
