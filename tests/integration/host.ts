/**
 * Starts the Go conformance host (tests/grafana-host) with the built plugin, the way Grafana would
 * run it, and gives tests its URL, the plugin's pid and the host's logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root: the first folder above this file that holds the conformance host (works bundled too). */
function findRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tests', 'grafana-host', 'go.mod'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      return resolve(__dirname, '..', '..');
    }
  }
}

export const ROOT = findRoot();
export const HOST_BINARY = join(ROOT, 'tests', 'grafana-host', 'bin', 'grafana-host');
export const PLUGIN_BINARY = join(ROOT, 'dist', 'datasource', 'gpx_ledger_linux_amd64');
export const PLUGIN_ID = 'llmops-ledger-datasource';
export const DS_UID = 'llmops-ledger';

export interface LedgerConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface DatasourceSpec {
  uid: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

/** jsonData and secrets of a ledger datasource that connects to `db`. */
export function ledgerDatasource(
  uid: string,
  db: LedgerConnection,
  jsonData: Record<string, unknown> = {}
): DatasourceSpec {
  return {
    uid,
    jsonData: { host: db.host, port: db.port, database: db.database, user: db.user, ...jsonData },
    secureJsonData: { password: db.password },
  };
}

/** Grafana's datasource provisioning YAML (JSON is valid YAML) for ledger datasources. */
export function datasourcesYaml(datasources: DatasourceSpec[]): string {
  return JSON.stringify({
    apiVersion: 1,
    datasources: datasources.map((d) => ({ name: d.uid, type: PLUGIN_ID, ...d })),
  });
}

/** The default datasource (uid `llmops-ledger`), connected to `db` when given. */
export function provisioningYaml(description = 'integration test', db?: LedgerConnection): string {
  const spec: DatasourceSpec = db
    ? ledgerDatasource(DS_UID, db, { description })
    : { uid: DS_UID, jsonData: { description }, secureJsonData: { password: 'not-used' } };
  return datasourcesYaml([spec]);
}

export interface HostEvent {
  event: string;
  url?: string;
  plugins?: Array<{ id: string; pid: number; executable?: string; graceful?: boolean; ms?: number }>;
}

export interface Host {
  url: string;
  pluginPid: number;
  /** The host's `listening` event: its URL and each plugin's pid and executable. */
  listening: HostEvent;
  process: ChildProcess;
  provisioningFile: string;
  /** Everything the host (and through it the plugin) logged so far. */
  logs(): string;
  /** Resolves with the host's next stdout event of that name. */
  nextEvent(name: string): Promise<HostEvent>;
  /** SIGTERM to the host; resolves with its `stopped` event once it exited. */
  stop(): Promise<HostEvent>;
  cleanup(): void;
}

export function assertBuilt(): void {
  for (const file of [HOST_BINARY, PLUGIN_BINARY]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run npm run build && npm run build:host first`);
    }
  }
}

/** `pluginsDir`: the folder the host scans for plugins (default dist/, checked to be built). */
export async function startHost(options: { yaml?: string; args?: string[]; pluginsDir?: string } = {}): Promise<Host> {
  if (!options.pluginsDir) {
    assertBuilt();
  }
  const dir = mkdtempSync(join(tmpdir(), 'ledger-it-'));
  const provisioningFile = join(dir, 'datasources.yaml');
  writeFileSync(provisioningFile, options.yaml ?? provisioningYaml());
  // stdin is /dev/null, as when Grafana runs under a service manager: the plugin must not exit on it.
  const child = spawn(
    HOST_BINARY,
    [
      'serve',
      '--plugins',
      options.pluginsDir ?? join(ROOT, 'dist'),
      '--provisioning',
      provisioningFile,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GRAFANA_HOST_TEST: '1' } }
  );
  let logs = '';
  child.stderr!.on('data', (d: Buffer) => {
    logs += d.toString();
  });
  const events: HostEvent[] = [];
  const waiters: Array<{ name: string; resolve: (e: HostEvent) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: HostEvent;
    try {
      event = JSON.parse(line);
    } catch {
      logs += `[stdout] ${line}\n`;
      return;
    }
    const waiter = waiters.findIndex((w) => w.name === event.event);
    if (waiter >= 0) {
      waiters.splice(waiter, 1)[0].resolve(event);
    } else {
      events.push(event);
    }
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const nextEvent = (name: string) =>
    new Promise<HostEvent>((resolveEvent, reject) => {
      const queued = events.findIndex((e) => e.event === name);
      if (queued >= 0) {
        resolveEvent(events.splice(queued, 1)[0]);
        return;
      }
      waiters.push({ name, resolve: resolveEvent });
      void exited.then((code) => reject(new Error(`host exited (${code}) before "${name}"; logs:\n${logs}`)));
    });

  const listening = await nextEvent('listening');
  const plugin = listening.plugins?.find((p) => p.id === PLUGIN_ID);
  if (!listening.url || !plugin) {
    throw new Error(`host did not report the plugin: ${JSON.stringify(listening)}`);
  }
  return {
    url: listening.url,
    pluginPid: plugin.pid,
    listening,
    process: child,
    provisioningFile,
    logs: () => logs,
    nextEvent,
    async stop() {
      const stopped = nextEvent('stopped');
      child.kill('SIGTERM');
      const event = await stopped;
      await exited;
      return event;
    },
    cleanup() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Role = 'Viewer' | 'Editor' | 'Admin';

export function userHeaders(role: Role = 'Admin', login = role.toLowerCase()): Record<string, string> {
  return { 'X-Test-User-Login': login, 'X-Test-User-Email': `${login}@example.com`, 'X-Test-User-Role': role };
}

/** True while the process runs; a zombie (exited, not yet reaped by its new parent) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised command name.
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls until `check` passes or `timeoutMs` runs out; for outcomes that take a moment, never for timing. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10000, stepMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) {
        throw err;
      }
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

export interface QueryOptions {
  format?: 'json';
  role?: Role;
  from?: string | number;
  to?: string | number;
  signal?: AbortSignal;
}

export async function query(host: Host, queries: unknown[], options: QueryOptions = {}) {
  const res = await fetch(`${host.url}/api/ds/query${options.format ? `?format=${options.format}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...userHeaders(options.role) },
    signal: options.signal,
    body: JSON.stringify({
      from: String(options.from ?? '1700000000000'),
      to: String(options.to ?? '1700000060000'),
      queries,
    }),
  });
  return { status: res.status, formats: res.headers.get('X-Plugin-Frame-Formats'), body: (await res.json()) as any };
}

/** One query (refId A) on the datasource `uid`: its result as Grafana's frontend receives it. */
export async function queryOne(host: Host, uid: string, q: object, options: QueryOptions = {}) {
  const { status, body } = await query(host, [{ refId: 'A', datasource: { uid }, ...q }], {
    role: 'Admin',
    ...options,
  });
  if (!body.results) {
    throw new Error(`/api/ds/query answered ${status}: ${JSON.stringify(body)}`);
  }
  return body.results.A;
}

export const ledger = { uid: DS_UID, type: PLUGIN_ID };

/** The plugin's socket directory, from its "plugin started" log line. */
export function socketDirOf(logs: string): string {
  const match = /plugin started: .*address=(\S+)\/grpc\.sock/.exec(logs);
  if (!match) {
    throw new Error(`no socket address in the logs:\n${logs}`);
  }
  return match[1];
}

/** A UTC DATETIME(3) literal for test rows and reference SQL (written here, not taken from the backend). */
export function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
