/**
 * Test helpers for the rollups: a database with the rollup tables and the users the README asks for
 * (schema/mysql/002, 003, 004), and the job run as users run it: the built executable's `rollup`
 * subcommand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { schemaDir, splitSqlStatements } from '../../tools/seed/schema';
import type { TestDatabase } from '../db/mariadb';
import { PLUGIN_BINARY } from './host';

export const RO = { user: 'ledger_ro', password: 'ro-pass' };
export const JOB = { user: 'ledger_rollup', password: 'rollup-pass' };

export async function applyTemplate(
  conn: Connection,
  file: string,
  placeholder: string,
  password: string
): Promise<void> {
  const text = readFileSync(join(schemaDir(), file), 'utf8').replaceAll(placeholder, password);
  for (const statement of splitSqlStatements(text)) {
    await conn.query(statement);
  }
}

/** The rollup tables (003), the datasource's read-only user (002) and the job's user (004). */
export async function installRollups(conn: Connection): Promise<void> {
  await applyTemplate(conn, '002_readonly_user.sql', '__LEDGER_RO_PASSWORD__', RO.password);
  for (const statement of splitSqlStatements(readFileSync(join(schemaDir(), '003_rollups.sql'), 'utf8'))) {
    await conn.query(statement);
  }
  await applyTemplate(conn, '004_rollup_user.sql', '__LEDGER_ROLLUP_PASSWORD__', JOB.password);
}

export interface JobRun {
  status: number | null;
  /** The job's JSON log lines. */
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

/** Starts `gpx_ledger_linux_amd64 rollup` against the database, as the job's user. */
export function startJob(db: TestDatabase, args: string[] = []): { child: ChildProcess; done: Promise<JobRun> } {
  const child = spawn(
    PLUGIN_BINARY,
    ['rollup', '--host', db.host, '--port', String(db.port), '--database', db.database, '--user', JOB.user, ...args],
    { env: { LEDGER_ROLLUP_PASSWORD: JOB.password, GF_PLUGIN_LOG_LEVEL: 'debug' }, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<JobRun>((resolve) =>
    child.once('exit', (status) => {
      const lines = stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ status, lines, stderr });
    })
  );
  return { child, done };
}

/** One refresh (`--once`, plus `args`), to its end. */
export async function runJob(db: TestDatabase, args: string[] = []): Promise<JobRun> {
  const run = await startJob(db, ['--once', ...args]).done;
  if (run.status !== 0) {
    throw new Error(`rollup job exited ${run.status}:\n${run.stderr}`);
  }
  return run;
}

/** The log line of the run's refresh or reconcile. */
export function logLine(run: JobRun, message: RegExp): Record<string, unknown> {
  const line = run.lines.find((l) => message.test(String(l['@message'])));
  if (!line) {
    throw new Error(`no log line ${message}:\n${run.stderr}`);
  }
  return line;
}
