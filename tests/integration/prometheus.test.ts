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
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionedPromql } from '../../src/provisioning/provisioningFiles';
import {
  PROMETHEUS_CONFIG,
  PROMTOOL,
  startPrometheus,
  startWorkload,
  stopProcess,
  type RunningPrometheus,
  type RunningWorkload,
} from './observability';

const RATE_INTERVAL = '5s';
const INTERVAL = '1s';

/** What Grafana puts in place of its interval variables at this scrape interval. */
function substitute(expr: string): string {
  return expr.replace(/\$__rate_interval/g, RATE_INTERVAL).replace(/\$__interval/g, INTERVAL);
}

interface Vector {
  status: string;
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('PromQL on a real Prometheus scraping the demo workload', () => {
  let dir: string;
  let workload: RunningWorkload | undefined;
  let prometheus: RunningPrometheus | undefined;
  const counts: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-prometheus-'));
    workload = await startWorkload(dir, ['--rps', '50', '--seed', '1']);
    prometheus = await startPrometheus(dir, workload.metricsPort);
  }, 60000);

  afterAll(async () => {
    if (counts.length) {
      console.log(counts.join('\n'));
    }
    await stopProcess(prometheus?.child);
    await stopProcess(workload?.child);
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('promtool accepts the Prometheus config', () => {
    // The repo's (the compose stack's) and the copy used here.
    for (const file of [PROMETHEUS_CONFIG, prometheus!.configFile]) {
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
    const res = await fetch(`${prometheus!.url}/api/v1/query?query=${encodeURIComponent(query)}`);
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
