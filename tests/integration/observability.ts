/**
 * The demo stack's observability side, natively: the demo workload (bundled as `npm run workload`
 * bundles it), Debian's Prometheus scraping it with the repo's config (deploy/prometheus/
 * prometheus.yml, its target pointed at the workload and its intervals at 1 s), and Jaeger v1.75.0
 * (.build/tools/jaeger, `npm run build:test-tools`) with in-memory storage, receiving the workload's
 * traces over OTLP. Used by the integration tests of each part and by the browser shell's setup,
 * where the Service Health page queries Prometheus and Jaeger through the conformance host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parse, stringify } from 'yaml';
import { PROVISIONED_SERVICE, REPO_ROOT } from '../../src/provisioning/provisioningFiles';
import { freePort } from '../db/mariadb';

export { freePort };

export const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
export const PROMETHEUS_CONFIG = join(REPO_ROOT, 'deploy', 'prometheus', 'prometheus.yml');
const TOOLS_BIN = join(REPO_ROOT, '.build', 'tools');
export const OTELCOL = process.env.OTELCOL_PATH ?? join(TOOLS_BIN, 'otelcol');
export const JAEGER = process.env.JAEGER_PATH ?? join(TOOLS_BIN, 'jaeger');
/** The scrape interval used here: Grafana's `$__rate_interval` is then at least 4 s. */
export const SCRAPE_INTERVAL = '1s';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function requireTool(path: string, what: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${path} (${what}) is missing: build it with \`npm run build:test-tools\` (scripts/build-test-tools.mjs; needs Go and the Go module proxy the first time)`
    );
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A child whose output is collected in `logs`, for the error that says why it failed. */
export function startProcess(file: string, args: string[], env: NodeJS.ProcessEnv, logs: string[]): ChildProcess {
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  return child;
}

/** Waits until `url` answers 200, or fails with the process's output. */
export async function waitReady(url: string, child: ChildProcess, logs: string[], what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${what} exited (${child.exitCode}):\n${logs.join('')}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${what} not ready at ${url}:\n${logs.join('')}`);
}

export interface JaegerPorts {
  /** OTLP/gRPC receiver (the collector exports to it). */
  otlp: number;
  /** OTLP/HTTP receiver, when wanted (the workload can export to it directly). */
  otlpHttp?: number;
  /** The query service's HTTP API (`/api/services`, `/api/traces`). */
  http: number;
  grpc: number;
  health: number;
}

/** Jaeger v1.75.0 all-in-one: OTLP in, in-memory storage, the query API; nothing else. */
export function jaegerConfig(ports: JaegerPorts): string {
  const httpReceiver =
    ports.otlpHttp === undefined
      ? ''
      : `
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}`;
  return `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${ports.health}
  jaeger_query:
    # No traces of its own (they would go to localhost:4317).
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.http}
    grpc:
      endpoint: 127.0.0.1:${ports.grpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${ports.otlp}${httpReceiver}
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

export interface RunningJaeger {
  child: ChildProcess;
  /** The query API, e.g. http://127.0.0.1:PORT (Grafana's Jaeger datasource URL). */
  url: string;
  ports: JaegerPorts;
  logs: string[];
}

/** Starts Jaeger (config written into `dir`) and waits for its query API. */
export async function startJaeger(dir: string, options: { otlpHttp?: boolean } = {}): Promise<RunningJaeger> {
  requireTool(JAEGER, 'Jaeger v1.75.0, tests/tools/jaeger');
  const ports: JaegerPorts = {
    otlp: await freePort(),
    otlpHttp: options.otlpHttp ? await freePort() : undefined,
    http: await freePort(),
    grpc: await freePort(),
    health: await freePort(),
  };
  const file = join(dir, 'jaeger.yaml');
  writeFileSync(file, jaegerConfig(ports));
  const logs: string[] = [];
  const child = startProcess(JAEGER, ['--config', file], {}, logs);
  const url = `http://127.0.0.1:${ports.http}`;
  try {
    await waitReady(`http://127.0.0.1:${ports.health}/status`, child, logs, 'jaeger');
    await waitReady(`${url}/api/services`, child, logs, 'jaeger');
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  return { child, url, ports, logs };
}

export interface RunningWorkload {
  child: ChildProcess;
  metricsPort: number;
}

/** The workload bundled into `dir` as scripts/workload.mjs bundles it, started with `args`. */
export async function startWorkload(dir: string, args: string[]): Promise<RunningWorkload> {
  const bundle = join(dir, 'workload.cjs');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'tools', 'workload', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  const child = spawn(process.execPath, [bundle, '--metrics-host', '127.0.0.1', '--metrics-port', '0', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const metricsPort = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`workload did not start: ${err}`)), 15000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /metrics on [^:\s]+:(\d+)\/metrics/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`workload exited (${code}): ${err}`)));
  });
  return { child, metricsPort };
}

export interface RunningPrometheus {
  child: ChildProcess;
  url: string;
  /** The config it runs (the repo's, retargeted). */
  configFile: string;
  logs: string[];
}

interface PrometheusYaml {
  global?: Record<string, unknown>;
  scrape_configs: Array<{ job_name: string; scrape_interval?: string; static_configs?: Array<{ targets: string[] }> }>;
}

/**
 * Debian's Prometheus with the repo's config, its service job's targets pointed at the workload and
 * its intervals shortened to 1 s (the job name and metrics path stay as the stack has them); resolves
 * once the target has been scraped `scrapes` times (3: enough for a rate over a 5 s window).
 */
export async function startPrometheus(dir: string, metricsPort: number, scrapes = 3): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(`${PROMETHEUS} is missing: install Debian's prometheus package (or set PROMETHEUS_PATH)`);
  }
  const config = parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as PrometheusYaml;
  const job = config.scrape_configs.find((j) => j.job_name === PROVISIONED_SERVICE);
  if (!job) {
    throw new Error(`${PROMETHEUS_CONFIG} has no scrape job named ${PROVISIONED_SERVICE}`);
  }
  config.global = { ...config.global, scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL };
  config.scrape_configs = [
    { ...job, scrape_interval: SCRAPE_INTERVAL, static_configs: [{ targets: [`127.0.0.1:${metricsPort}`] }] },
  ];
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const query = `count_over_time(up{job="${PROVISIONED_SERVICE}"}[1m])`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode}): ${logs.join('')}`);
    }
    try {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
      if (res.ok) {
        const body = (await res.json()) as { data?: { result: Array<{ value: [number, string] }> } };
        if (Number(body.data?.result[0]?.value[1] ?? 0) >= scrapes) {
          return { child, url, configFile, logs };
        }
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`no scrapes of the workload within 30 s: ${logs.join('')}`);
    }
    await sleep(250);
  }
}

export interface Observability {
  prometheusUrl: string;
  jaegerUrl: string;
  stop(): Promise<void>;
}

/**
 * The workload (no ledger writes: the specs compare the ledger with SQL), its traces sent straight
 * to Jaeger over OTLP/HTTP, and Prometheus scraping it. Resolves once Prometheus has enough scrapes
 * for a rate and Jaeger has the service's traces.
 */
export async function startObservability(service: string, rps = 20): Promise<Observability> {
  const dir = mkdtempSync(join(tmpdir(), 'llmops-observability-'));
  const started: ChildProcess[] = [];
  const stop = async () => {
    for (const child of started.reverse()) {
      await stopProcess(child);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const jaeger = await startJaeger(dir, { otlpHttp: true });
    started.push(jaeger.child);
    const workload = await startWorkload(dir, [
      '--otlp-url',
      `http://127.0.0.1:${jaeger.ports.otlpHttp}`,
      '--rps',
      String(rps),
      '--service',
      service,
      '--seed',
      'shell',
    ]);
    started.push(workload.child);
    const prometheus = await startPrometheus(dir, workload.metricsPort, 6);
    started.push(prometheus.child);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${jaeger.url}/api/services`);
      const body = (await res.json()) as { data: string[] | null };
      if (body.data?.includes(service)) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`Jaeger has no traces of ${service} after 30 s: ${jaeger.logs.join('')}`);
      }
      await sleep(250);
    }
    return { prometheusUrl: prometheus.url, jaegerUrl: jaeger.url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
