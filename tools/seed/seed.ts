/**
 * seed(): fills token_usage_log and audit_log with the deterministic demo data. The same `seed`,
 * `rows`, `end` and `days` always give byte-identical rows.
 */
import { createConnection, type Connection, type ConnectionOptions, type RowDataPacket } from 'mysql2/promise';
import { auditRows, burstOf, defaultAuditRows, type Burst } from './audit';
import { Rng } from './prng';
import { spikeOf, windowOf, type Spike, type Window } from './rhythm';
import { applySchemaFile, LEDGER_SCHEMA } from './schema';
import { AUDIT_COLUMNS, auditLine, tsvChunks, USAGE_COLUMNS, usageLine } from './tsv';
import { usageRows } from './usage';
import { loadTsv } from './load';
import { seedDirectory } from './directory';

export const DEFAULT_DAYS = 90;
export const MAX_ROWS = 100_000_000;

export interface SeedOptions {
  /** A mysql2/promise connection (left open), or else `url`. */
  connection?: Connection;
  /** mysql://user:password@host:port/database */
  url?: string;
  /** Usage rows. */
  rows: number;
  seed: number | string;
  /** Exclusive end of the data; rows cover [end - days, end). */
  end: Date;
  days?: number;
  /** Audit events; default max(400, rows / 50). */
  auditRows?: number;
  /** Apply schema/mysql/001_ledger.sql first (or this schema file, relative to schema/mysql). */
  schema?: boolean | string;
  /** Empty both tables first. Without it, the tables must be empty. */
  replace?: boolean;
  /** Also fill existing tenant and user tables from the catalog (directory.ts). */
  directory?: boolean;
  log?: (line: string) => void;
}

export interface SeedPlan {
  window: Window;
  rows: number;
  auditRows: number;
  seed: string;
  spike: Spike;
  burst: Burst;
}

export interface SeedResult extends SeedPlan {
  /** Wall-clock time of generating and loading both tables. */
  ms: number;
  usageMs: number;
  auditMs: number;
  /** (usage + audit rows) per second. */
  rowsPerSecond: number;
  bytes: number;
}

export function seedPlan(options: Pick<SeedOptions, 'rows' | 'seed' | 'end' | 'days' | 'auditRows'>): SeedPlan {
  const { rows } = options;
  if (!Number.isInteger(rows) || rows < 0 || rows > MAX_ROWS) {
    throw new Error(`rows must be an integer from 0 to ${MAX_ROWS}, not ${rows}`);
  }
  const window = windowOf(options.end, options.days ?? DEFAULT_DAYS);
  const audit = options.auditRows ?? defaultAuditRows(rows);
  if (!Number.isInteger(audit) || audit < 0) {
    throw new Error(`auditRows must be a non-negative integer, not ${audit}`);
  }
  return {
    window,
    rows,
    auditRows: audit,
    seed: String(options.seed),
    spike: spikeOf(window),
    burst: burstOf(window, audit),
  };
}

/** The usage rows of a plan as TSV Buffers (what the loader sends). */
export function usageChunks(plan: SeedPlan): Generator<Buffer> {
  return tsvChunks(usageRows(plan.window, plan.rows, new Rng(plan.seed)), usageLine);
}

/** The audit rows of a plan as TSV Buffers. */
export function auditChunks(plan: SeedPlan): Generator<Buffer> {
  return tsvChunks(auditRows(plan.window, plan.auditRows, new Rng(plan.seed)), auditLine);
}

/** mysql2 options from mysql://user:password@host:port/database. */
export function connectionOptions(url: string): ConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new Error(`expected a mysql:// URL, not ${u.protocol}`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) {
    throw new Error('the URL names no database (mysql://user:password@host:port/database)');
  }
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  };
}

async function tableExists(conn: Connection, table: string): Promise<boolean> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
    [table]
  );
  return rows.length > 0;
}

async function hasRows(conn: Connection, table: string): Promise<boolean> {
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT 1 FROM \`${table}\` LIMIT 1`);
  return rows.length > 0;
}

export async function seed(options: SeedOptions): Promise<SeedResult> {
  const plan = seedPlan(options);
  const log = options.log ?? (() => {});
  if (!options.connection && !options.url) {
    throw new Error('seed needs a connection or a url');
  }
  const conn = options.connection ?? (await createConnection(connectionOptions(options.url!)));
  try {
    if (options.schema) {
      const file = typeof options.schema === 'string' ? options.schema : LEDGER_SCHEMA;
      const n = await applySchemaFile(conn, file);
      log(`schema: ${n} statements from ${file}`);
    }
    if (options.directory) {
      await seedDirectory(conn, log);
    }
    for (const table of ['token_usage_log', 'audit_log']) {
      if (await hasRows(conn, table)) {
        if (!options.replace) {
          throw new Error(`${table} is not empty: seed only fills empty tables (use replace to empty them first)`);
        }
        await conn.query(`TRUNCATE TABLE \`${table}\``);
        log(`${table}: emptied`);
      }
    }
    if (options.replace) {
      // The audit hash chains (schema/mysql/007_audit_chain.sql) describe the events just removed: a
      // head or checkpoint left behind would make the next chained events look like a broken chain.
      for (const table of ['audit_chain_head', 'audit_checkpoint']) {
        if (await tableExists(conn, table)) {
          await conn.query(`DELETE FROM \`${table}\``);
          log(`${table}: emptied`);
        }
      }
    }
    // Into empty tables, MariaDB 10.6+ then builds the indexes by sorting instead of row by row.
    const [[saved]] = await conn.query<RowDataPacket[]>(
      'SELECT @@SESSION.unique_checks AS u, @@SESSION.foreign_key_checks AS f'
    );
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    const started = performance.now();
    let usage;
    let audit;
    try {
      usage = await loadTsv(conn, 'token_usage_log', USAGE_COLUMNS, usageChunks(plan), plan.rows);
      log(`token_usage_log: ${usage.rows} rows in ${(usage.ms / 1000).toFixed(2)} s`);
      audit = await loadTsv(conn, 'audit_log', AUDIT_COLUMNS, auditChunks(plan), plan.auditRows);
      log(`audit_log: ${audit.rows} rows in ${(audit.ms / 1000).toFixed(2)} s`);
    } finally {
      await conn.query('SET SESSION unique_checks = ?, foreign_key_checks = ?', [saved!.u, saved!.f]);
    }
    const ms = performance.now() - started;
    return {
      ...plan,
      ms,
      usageMs: usage.ms,
      auditMs: audit.ms,
      rowsPerSecond: Math.round(((plan.rows + plan.auditRows) * 1000) / ms),
      bytes: usage.bytes + audit.bytes,
    };
  } finally {
    if (!options.connection) {
      await conn.end();
    }
  }
}
