/**
 * Global setup of the `shell` project: a throwaway MariaDB (or the server in MYSQL_URL) seeded with
 * the demo generator (fixed seed), a read-only database user for the datasources, and the
 * conformance host serving the built plugin, Grafana's HTTP API and the browser shell. The specs
 * get the host's URL and the database from `.build/e2e/shell-environment.json` (environment.ts).
 *
 * Runs only when the run selects the shell project; the Grafana projects (`npm run e2e`) skip it.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { startDatabase, type TestDatabase } from '../../db/mariadb';
import { HOST_BINARY, PLUGIN_BINARY, ledgerDatasource, startHost, type Host } from '../../integration/host';
import { SCRAPE_INTERVAL, startObservability, type Observability } from '../../integration/observability';
import { PROVISIONED_SERVICE, readYaml } from '../../../src/provisioning/provisioningFiles';
import { READONLY_USER_SCHEMA, schemaDir, seed, splitSqlStatements } from '../../../tools/seed';
import {
  ENVIRONMENT_FILE,
  LEDGER_UID,
  ROOT,
  SCRATCH_UID,
  type LedgerDatabase,
  type ShellEnvironment,
} from './environment';
import { runsShellProject } from './projects';

export const SHELL_DIR = join(ROOT, '.build', 'shell');
export const HOST_LOG = join(ROOT, '.build', 'e2e', 'host.log');
const DIRECTORY_SQL = join(ROOT, 'deploy', 'mysql', '01-directory.sql');

/** The demo data: a fixed seed, ~20k calls over the 35 days before this hour, so "last 7 days" has data. */
const SEED = 42;
const ROWS = 20_000;
const AUDIT_ROWS = 1_000;
const DAYS = 35;

/** What the teardown stops; both hooks run in Playwright's runner process. */
export interface RunningShell {
  host: Host;
  db: TestDatabase;
  observability: Observability;
  dropUser?: () => Promise<void>;
}

const RUNNING = Symbol.for('llmops.e2e.shell');
type WithRunning = typeof globalThis & { [RUNNING]?: RunningShell };

export function running(): RunningShell | undefined {
  return (globalThis as WithRunning)[RUNNING];
}

/**
 * Where the seeded data ends: the start of the current hour (UTC). Not today's midnight: a run late
 * in the UTC day would find almost nothing in "Last 24 hours".
 */
function startOfThisHourUtc(): Date {
  const hour = 3600_000;
  return new Date(Math.floor(Date.now() / hour) * hour);
}

/** Everything the run needs that a build makes; one message naming each missing piece and its script. */
function assertBuilt(): void {
  const missing: string[] = [];
  const need = (file: string, script: string) => {
    if (!existsSync(file)) {
      missing.push(`${file} (npm run ${script})`);
    }
  };
  need(join(ROOT, 'dist', 'module.js'), 'build:frontend');
  need(join(ROOT, 'dist', 'datasource', 'module.js'), 'build:frontend');
  need(PLUGIN_BINARY, 'build:backend');
  need(HOST_BINARY, 'build:host');
  need(join(SHELL_DIR, 'index.html'), 'build:shell');
  if (missing.length > 0) {
    throw new Error(`The shell project needs these builds first:\n  ${missing.join('\n  ')}`);
  }
  const help = spawnSync(HOST_BINARY, ['serve', '-h'], { encoding: 'utf8' });
  if (!`${help.stdout}${help.stderr}`.includes('-shell')) {
    throw new Error(`${HOST_BINARY} does not know --shell: rebuild it (npm run build:host)`);
  }
}

/**
 * A user with SELECT on the two ledger tables only, from the repository's template
 * (schema/mysql/002_readonly_user.sql) under a name of its own. Undefined when the server does not
 * let the test create users (a MYSQL_URL account without that right): the datasources then use it.
 */
async function readOnlyUser(
  db: TestDatabase
): Promise<{ user: string; password: string; drop: () => Promise<void> } | undefined> {
  const user = `e2e_ro_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const template = readFileSync(join(schemaDir(), READONLY_USER_SCHEMA), 'utf8')
    .replace(/'ledger_ro'/g, `'${user}'`)
    .replace(/__LEDGER_RO_PASSWORD__/g, password);
  const conn = await db.connect();
  try {
    for (const statement of splitSqlStatements(template)) {
      await conn.query(statement);
    }
  } catch (err) {
    if (db.kind === 'mariadb') {
      throw err;
    }
    process.stdout.write(`[e2e] cannot create a read-only user on MYSQL_URL (${String(err)}); using its own account\n`);
    return undefined;
  } finally {
    await conn.end();
  }
  const drop = async () => {
    const c = await db.connect();
    try {
      await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
    } finally {
      await c.end();
    }
  };
  return { user, password, drop };
}

interface ProvisionedDatasource {
  url: string;
  jsonData?: Record<string, unknown>;
}

/** The product's datasource of provisioning/datasources/<file> (one per file), as provisioned. */
function productDatasource(file: string): ProvisionedDatasource {
  return (readYaml(`datasources/${file}`) as { datasources: ProvisionedDatasource[] }).datasources[0]!;
}

/**
 * Grafana's datasource provisioning (JSON is YAML): the ledger, a scratch copy of it, and the
 * product's own Prometheus and Jaeger datasources (provisioning/datasources/, same uids and
 * settings) pointed at the ones started here, Prometheus's scrape interval set to theirs. Loki
 * cannot run here: its datasource is left out, and the page says so where its panels would be.
 */
function provisioning(ledger: LedgerDatabase, observability: Observability): string {
  const connection = {
    host: ledger.host,
    port: ledger.port,
    database: ledger.database,
    user: ledger.user,
    password: ledger.password,
  };
  const datasource = (uid: string, name: string) => ({
    name,
    type: 'llmops-ledger-datasource',
    ...ledgerDatasource(uid, connection, { description: `${name} (browser specs)` }),
  });
  const prometheus = productDatasource('prometheus.yaml');
  const jaeger = productDatasource('jaeger.yaml');
  return JSON.stringify({
    apiVersion: 1,
    datasources: [
      datasource(LEDGER_UID, 'LLM Ops Ledger'),
      datasource(SCRATCH_UID, 'LLM Ops Ledger scratch'),
      {
        ...prometheus,
        url: observability.prometheusUrl,
        jsonData: { ...prometheus.jsonData, timeInterval: SCRAPE_INTERVAL },
      },
      { ...jaeger, url: observability.jaegerUrl },
    ],
  });
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  if (!runsShellProject()) {
    return;
  }
  const { environment, shell, seconds } = await startShellEnvironment();
  mkdirSync(dirname(ENVIRONMENT_FILE), { recursive: true });
  writeFileSync(ENVIRONMENT_FILE, `${JSON.stringify(environment, null, 2)}\n`);
  // Workers start after this and inherit the environment.
  process.env.LLMOPS_E2E_SHELL_ENV = JSON.stringify(environment);
  const child = shell.host.process;
  process.on('exit', () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
  });
  (globalThis as WithRunning)[RUNNING] = shell;
  const { seed: s } = environment;
  process.stdout.write(
    `[e2e] shell at ${environment.url}: ${s.rows} usage rows and ${s.auditRows} audit events (seed ${s.seed}, ${s.days} days to ${new Date(s.endMs).toISOString()}) in ${shell.db.kind === 'mariadb' ? 'a throwaway MariaDB' : 'MYSQL_URL'}, ready in ${seconds} s\n`
  );
}

/**
 * The shell's environment as the specs get it (the seeded database, the host with the shell),
 * without Playwright: also used by scripts/screenshots.mjs and scripts/bench-bundle.mjs. Stop it
 * with stopShellEnvironment().
 */
export async function startShellEnvironment(): Promise<{
  environment: ShellEnvironment;
  shell: RunningShell;
  seconds: string;
}> {
  assertBuilt();
  const started = performance.now();
  const db = await startDatabase();
  let observability: Observability | undefined;
  let host: Host | undefined;
  let dropUser: (() => Promise<void>) | undefined;
  try {
    const end = startOfThisHourUtc();
    const conn = await db.connect();
    try {
      // The demo stack's RAGFlow-shaped tenant and user tables, filled from the seed's catalog: the
      // pages show names, as they do on a RAGFlow database (the read-only user below is granted them).
      for (const statement of splitSqlStatements(readFileSync(DIRECTORY_SQL, 'utf8'))) {
        await conn.query(statement);
      }
      await seed({
        connection: conn,
        rows: ROWS,
        seed: SEED,
        end,
        days: DAYS,
        auditRows: AUDIT_ROWS,
        schema: true,
        directory: true,
      });
    } finally {
      await conn.end();
    }
    const reader = await readOnlyUser(db);
    dropUser = reader?.drop;
    const ledger: LedgerDatabase = {
      url: db.url,
      host: db.host,
      port: db.port,
      database: db.database,
      user: reader?.user ?? db.user,
      password: reader?.password ?? db.password,
    };
    observability = await startObservability(PROVISIONED_SERVICE);
    host = await startHost({
      yaml: provisioning(ledger, observability),
      args: ['--shell', SHELL_DIR, '--log-level', 'debug'],
    });
    const environment: ShellEnvironment = {
      url: host.url,
      ledger,
      seed: { seed: SEED, rows: ROWS, auditRows: AUDIT_ROWS, days: DAYS, endMs: end.getTime() },
      observability: {
        service: PROVISIONED_SERVICE,
        prometheusUrl: observability.prometheusUrl,
        jaegerUrl: observability.jaegerUrl,
      },
    };
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return { environment, shell: { host, db, observability, dropUser }, seconds };
  } catch (err) {
    if (host) {
      writeHostLog(host);
      host.cleanup();
    }
    await dropUser?.().catch(() => undefined);
    await observability?.stop();
    await db.stop();
    throw err;
  }
}

/** Stops what startShellEnvironment() started; the host's log goes to `.build/e2e/host.log`. */
export async function stopShellEnvironment(shell: RunningShell): Promise<void> {
  const { host, db, observability, dropUser } = shell;
  try {
    await host.stop();
  } finally {
    writeHostLog(host);
    host.cleanup();
    try {
      await dropUser?.();
      await observability.stop();
    } finally {
      await db.stop();
    }
  }
}

export function writeHostLog(host: Host): void {
  mkdirSync(dirname(HOST_LOG), { recursive: true });
  writeFileSync(HOST_LOG, host.logs());
}
