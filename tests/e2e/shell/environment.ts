/**
 * What the `shell` project's global setup hands the specs: the host's URL, the seeded database and
 * the datasources it provisioned. Written to `.build/e2e/shell-environment.json` (and exported as
 * environment variables) by globalSetup.ts, read by fixtures.ts in the workers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const ENVIRONMENT_FILE = join(ROOT, '.build', 'e2e', 'shell-environment.json');

/** The ledger datasource every app page reads (the app's default, as provisioned in Grafana). */
export const LEDGER_UID = 'llmops-ledger';
/**
 * A second datasource on the same database, for the config editor's health-check outcomes (a bad
 * password, a missing table): breaking it leaves the pages that other workers test alone.
 */
export const SCRATCH_UID = 'llmops-ledger-scratch';

/** How the reference SQL and the datasources reach the seeded database. */
export interface LedgerDatabase {
  /** mysql://user:password@host:port/database, for the specs' own connection (an administrator). */
  url: string;
  /** What the datasources connect with: a read-only user, as the docs recommend. */
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface ShellEnvironment {
  /** The host, serving Grafana's HTTP API, the plugin and the shell page. */
  url: string;
  ledger: LedgerDatabase;
  /** What the generator was asked for: the data is `[end - days, end)`. */
  seed: { seed: number; rows: number; auditRows: number; days: number; endMs: number };
  /**
   * The demo workload's observability side (tests/integration/observability.ts): Prometheus
   * scraping it and Jaeger holding its traces, which the product's datasources point at.
   */
  observability: { service: string; prometheusUrl: string; jaegerUrl: string };
}

export function readShellEnvironment(): ShellEnvironment {
  const fromEnv = process.env.LLMOPS_E2E_SHELL_ENV;
  if (fromEnv) {
    return JSON.parse(fromEnv) as ShellEnvironment;
  }
  if (!existsSync(ENVIRONMENT_FILE)) {
    throw new Error(
      `${ENVIRONMENT_FILE} is missing: the shell project's global setup did not run (select the project: npx playwright test --project shell)`
    );
  }
  return JSON.parse(readFileSync(ENVIRONMENT_FILE, 'utf8')) as ShellEnvironment;
}
