/**
 * Every PromQL expression the provisioned dashboards and datasources send (`provisionedPromql`, which
 * includes the Service Health page's) evaluated on a real Prometheus (Debian's `prometheus` package)
 * scraping the demo workload, run natively as `npm run workload` runs it: each must return series.
 * Prometheus runs the repo's config (deploy/prometheus/prometheus.yml, the compose stack's) with its
 * targets pointed at the workload and 1 s intervals; `promtool check config` checks both files.
 *
 * Grafana's `$__rate_interval` is max(4 × scrape interval, $__interval + scrape interval); with the
 * 1 s scrape used here that is 4 s, so a 5 s window is what Grafana would send at this resolution.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parse, stringify } from 'yaml';
import { PROVISIONED_SERVICE, REPO_ROOT, provisionedPromql } from '../../src/provisioning/provisioningFiles';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const REPO_CONFIG = join(REPO_ROOT, 'deploy', 'prometheus', 'prometheus.yml');
const RATE_INTERVAL = '5s';
const INTERVAL = '1s';

/** What Grafana puts in place of its interval variables at this scrape interval. */
function substitute(expr: string): string {
  return expr.replace(/\$__rate_interval/g, RATE_INTERVAL).replace(/\$__interval/g, INTERVAL);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Vector {
  status: string;
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

function stopProcess(child: ChildProcess | undefined): Promise<void> {
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

describe('PromQL on a real Prometheus scraping the demo workload', () => {
  let dir: string;
  let workload: ChildProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  let configFile: string;
  const logs: string[] = [];
  const counts: string[] = [];

  beforeAll(async () => {
    expect(existsSync(PROMETHEUS)).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'llmops-prometheus-'));

    // The workload bundled as scripts/workload.mjs bundles it, started as that script starts it.
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
    workload = spawn(
      process.execPath,
      [bundle, '--metrics-host', '127.0.0.1', '--metrics-port', '0', '--rps', '50', '--seed', '1'],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    const metricsPort = await new Promise<number>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`workload did not start: ${err}`)), 15000);
      workload!.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const m = /metrics on [^:\s]+:(\d+)\/metrics/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      workload!.once('exit', (code) => reject(new Error(`workload exited (${code}): ${err}`)));
    });

    // The repo's config (the compose stack's), its scrape targets pointed at this workload and its
    // intervals shortened to 1 s; the job name and metrics path stay as the stack has them.
    const repoConfig = parse(readFileSync(REPO_CONFIG, 'utf8')) as {
      global?: Record<string, unknown>;
      scrape_configs: Array<{
        job_name: string;
        scrape_interval?: string;
        static_configs?: Array<{ targets: string[] }>;
      }>;
    };
    const job = repoConfig.scrape_configs.find((j) => j.job_name === PROVISIONED_SERVICE);
    expect(job).toBeDefined();
    repoConfig.global = { ...repoConfig.global, scrape_interval: '1s', evaluation_interval: '1s' };
    repoConfig.scrape_configs = [
      {
        ...job!,
        scrape_interval: '1s',
        static_configs: [{ targets: [`127.0.0.1:${metricsPort}`] }],
      },
    ];
    configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, stringify(repoConfig));
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--web.enable-lifecycle',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    prometheus.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));

    // Ready, then enough scrapes of the target for a rate over the window (two samples at least).
    const deadline = Date.now() + 30000;
    for (;;) {
      if (prometheus.exitCode !== null) {
        throw new Error(`prometheus exited (${prometheus.exitCode}): ${logs.join('')}`);
      }
      try {
        const res = await fetch(
          `${promUrl}/api/v1/query?query=${encodeURIComponent(`count_over_time(up{job="${PROVISIONED_SERVICE}"}[${RATE_INTERVAL}])`)}`
        );
        if (res.ok) {
          const body = (await res.json()) as Vector;
          const n = Number(body.data?.result[0]?.value[1] ?? 0);
          if (n >= 3) {
            break;
          }
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`no scrapes of the workload within 30 s: ${logs.join('')}`);
      }
      await sleep(250);
    }
  }, 60000);

  afterAll(async () => {
    if (counts.length) {
       
      console.log(counts.join('\n'));
    }
    await stopProcess(prometheus);
    await stopProcess(workload);
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('promtool accepts the Prometheus config', () => {
    // The repo's (the compose stack's) and the copy used here.
    for (const file of [REPO_CONFIG, configFile]) {
      const run = spawnSync(PROMTOOL, ['check', 'config', file], { encoding: 'utf8' });
      expect({ file, status: run.status, output: run.status === 0 ? '' : run.stdout + run.stderr }).toEqual({
        file,
        status: 0,
        output: '',
      });
    }
  });

  const expressions = provisionedPromql();

  it('lists the expressions to evaluate', () => {
    expect(expressions.length).toBeGreaterThan(5);
  });

  it.each(expressions.map((e) => [e.source, e.expr]))('%s returns series', async (source, expr) => {
    const query = substitute(expr);
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as Vector;
    expect({ query, status: body.status, error: body.error }).toEqual({ query, status: 'success', error: undefined });
    expect(body.data!.resultType).toBe('vector');
    const values = body.data!.result.map((r) => Number(r.value[1]));
    counts.push(`${source}: ${values.length} series`);
    // At least one series, and numbers (a histogram_quantile or a ratio over no traffic is NaN).
    expect({ query, series: values.length > 0 }).toEqual({ query, series: true });
    expect({ query, values: values.filter((v) => !Number.isFinite(v)) }).toEqual({ query, values: [] });
  });
});
