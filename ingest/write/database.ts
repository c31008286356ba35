/**
 * The ingest's MySQL connection pool and the one way it runs a write: a transaction with a deadline,
 * retried on deadlock, whose failure says how to answer the sender (dbErrors.ts).
 */
import { createPool, type Pool, type PoolConnection, type PoolOptions, type RowDataPacket } from 'mysql2/promise';
import type { IngestConfig } from '../config';
import { classifyWriteError, WriteError } from './dbErrors';

export type Conn = PoolConnection;

export function createIngestPool(mysql: IngestConfig['mysql']): Pool {
  const options: PoolOptions = {
    host: mysql.host,
    port: mysql.port,
    database: mysql.database,
    user: mysql.user,
    password: mysql.password,
    connectionLimit: 4,
    connectTimeout: 5000,
    enableKeepAlive: true,
    // DATETIME values are written as UTC text; numbers stay numbers.
    timezone: 'Z',
    supportBigNumbers: true,
    charset: 'utf8mb4_unicode_ci',
  };
  if (mysql.tlsMode !== 'disabled') {
    options.ssl = {
      ca: mysql.tlsCa,
      rejectUnauthorized: mysql.tlsMode !== 'required',
      ...(mysql.tlsMode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  const pool = createPool(options);
  // Leaf wins relies on InnoDB's locking reads taking gap locks, which READ COMMITTED turns off.
  // Commands on a connection run in order, so these precede the first write. A failure here shows up
  // as the write's own error; the callbacks only keep it from being an unhandled 'error' event.
  // The event hands over the callback-style connection, whatever mysql2's promise types say.
  pool.on('connection', (conn) => {
    const core = conn as unknown as { query(sql: string, callback: (err: Error | null) => void): void };
    const ignore = () => undefined;
    core.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ', ignore);
    core.query("SET time_zone = '+00:00'", ignore);
  });
  return pool;
}

/** Lower-cased column names of a table in the pool's database; empty when the table does not exist. */
export async function columnsOf(pool: Pool, table: string): Promise<Set<string>> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table]
  );
  return new Set(rows.map((r) => String(r.c).toLowerCase()));
}

/**
 * The table's columns, or WriteError('unavailable') when the table or one of `required` is missing:
 * readiness says so and writes answer 503 until a migration fixes it.
 */
export async function requireColumns(pool: Pool, table: string, required: readonly string[]): Promise<Set<string>> {
  const present = await columnsOf(pool, table).catch((err) => {
    throw new WriteError('unavailable', (err as Error).message);
  });
  const missing = required.filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new WriteError(
      'unavailable',
      present.size === 0
        ? `table ${table} does not exist (apply schema/mysql/001_ledger.sql)`
        : `table ${table} has no column ${missing.join(', ')}`
    );
  }
  return present;
}

export interface TxOptions {
  /** Abandon the transaction (and its connection) after this long. */
  deadlineMs: number;
  /** Attempts on deadlock or lock wait timeout. */
  attempts: number;
}

export const DEFAULT_TX: TxOptions = { deadlineMs: 30_000, attempts: 4 };

/**
 * Runs `work` in a transaction and commits. A connection that failed or ran past the deadline is
 * destroyed, not returned to the pool. Throws WriteError.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (conn: Conn) => Promise<T>,
  options: TxOptions = DEFAULT_TX
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let conn: Conn | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      conn = await pool.getConnection();
      const c = conn;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          c.destroy();
          reject(
            Object.assign(new Error(`the write took longer than ${options.deadlineMs} ms`), { code: 'WRITE_TIMEOUT' })
          );
        }, options.deadlineMs);
      });
      const result = await Promise.race([
        (async () => {
          await c.beginTransaction();
          const out = await work(c);
          await c.commit();
          return out;
        })(),
        deadline,
      ]);
      clearTimeout(timer);
      c.release();
      return result;
    } catch (err) {
      clearTimeout(timer);
      const failure = classifyWriteError(err);
      if (conn) {
        if (failure === 'unavailable') {
          conn.destroy();
        } else {
          await conn.rollback().catch(() => undefined);
          conn.release();
        }
      }
      if (failure === 'conflict' && attempt < options.attempts) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
        continue;
      }
      const message = (err as Error).message ?? String(err);
      throw new WriteError(failure === 'conflict' ? 'unavailable' : failure, message);
    }
  }
}
