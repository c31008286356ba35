/**
 * Runs one read-only statement for a datasource instance with the rules every query follows:
 * the server stops it at the datasource's query timeout (MySQL's MAX_EXECUTION_TIME hint, or
 * MariaDB's max_statement_time), a cancelled request kills it in MySQL (KILL QUERY on the
 * connection's thread), and errors come back as PluginErrors with `downstream` as their source.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { LedgerDatasource } from '../datasource';
import { PluginError } from '../errors';
import type { Statement } from '../queries/sql';
import { mapDbError } from './errors';

export type ServerFlavor = 'mysql' | 'mariadb';

export interface RunOptions {
  signal: AbortSignal;
  timeoutSeconds: number;
}

/** The statement with the server's own time limit. The limit is a validated integer from settings. */
export function withTimeout(sql: string, flavor: ServerFlavor, timeoutSeconds: number): string {
  const seconds = Math.max(1, Math.floor(timeoutSeconds));
  if (flavor === 'mariadb') {
    return `SET STATEMENT max_statement_time=${seconds} FOR ${sql}`;
  }
  // MySQL reads optimizer hints only right after SELECT.
  return sql.replace(/^SELECT\b/, `SELECT /*+ MAX_EXECUTION_TIME(${seconds * 1000}) */`);
}

export function flavorOf(version: string): ServerFlavor {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

async function detectFlavor(ds: LedgerDatasource, conn: PoolConnection): Promise<ServerFlavor> {
  if (!ds.serverFlavor) {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS version');
    ds.serverFlavor = flavorOf(String(rows[0].version));
  }
  return ds.serverFlavor;
}

export async function runSelect<T extends RowDataPacket>(
  ds: LedgerDatasource,
  statement: Statement,
  options: RunOptions
): Promise<T[]> {
  const s = ds.settings!;
  const where = `${s.host}:${s.port}`;
  const cancelled = () => new PluginError('request.cancelled', 'the query was cancelled');
  if (options.signal.aborted) {
    throw cancelled();
  }
  const pool = ds.getPool();
  let conn: PoolConnection | undefined;
  let killed = false;
  const kill = () => {
    if (conn) {
      killed = true;
      // A second connection stops the statement in the server; the first is busy waiting for it.
      pool.query('KILL QUERY ?', [conn.threadId]).catch(() => {});
    }
  };
  try {
    conn = await pool.getConnection();
    const flavor = await detectFlavor(ds, conn);
    options.signal.addEventListener('abort', kill, { once: true });
    if (options.signal.aborted) {
      throw cancelled();
    }
    const [rows] = await conn.query<T[]>(withTimeout(statement.sql, flavor, options.timeoutSeconds), statement.params);
    return rows;
  } catch (err) {
    if (killed || options.signal.aborted) {
      throw cancelled();
    }
    throw mapDbError(err, where);
  } finally {
    options.signal.removeEventListener('abort', kill);
    conn?.release();
  }
}
