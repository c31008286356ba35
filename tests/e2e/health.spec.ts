/**
 * The Service Health page with real datasources. In the shell, its setup runs the demo workload with
 * Debian's Prometheus scraping it and Jaeger v1.75.0 receiving its traces, and provisions the
 * product's Prometheus and Jaeger datasources pointed at them (tests/integration/observability.ts);
 * the conformance host answers their queries from the two HTTP APIs, as Grafana's server does.
 *
 * Checked against the two services directly, not against the host's code: each Prometheus panel's
 * expression is the page's own with Grafana's `$__rate_interval` rule applied (max(step + scrape
 * interval, 4 × scrape interval)); evaluated on Prometheus at the panel's own step and instants, it
 * gives the panel's values, series by series (labels on the value field); the legend names what the
 * page's legend formats say. The latest traces are traces Jaeger holds for the service, each named
 * after its root span, within the page's range.
 *
 * Loki cannot run here (it is AGPL and has no Debian package): its panels' LogQL is parse-checked
 * in tests/integration (logql.test.ts), and in the shell the page says its datasource is missing.
 */
import type { Page } from '@playwright/test';
import { jaegerSearchQuery, serviceHealthQueries } from '../../src/pages/ServiceHealth/serviceHealthQueries';
import { expect, test } from './fixtures';
import type { DataFrameJson } from './pages/frame';
import { METRIC_PANELS, TRACES_PANEL, type MetricPanel } from './pages/HealthPage';

const PROMETHEUS_UID = 'llmops-prometheus';

/** A Prometheus/Grafana duration ("1m30s", "500ms", "15s") in ms. */
function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g, (_m, n: string, unit: string) => {
    total += Number(n) * units[unit]!;
    return '';
  });
  if (rest !== '' || text === '') {
    throw new Error(`not a duration: ${text}`);
  }
  return total;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The datasource's scrape interval (jsonData.timeInterval, Grafana's default 15 s). */
async function scrapeIntervalMs(page: Page): Promise<number> {
  const res = await page.request.get(`/api/datasources/uid/${PROMETHEUS_UID}`);
  expect(res.ok()).toBe(true);
  const ds = (await res.json()) as { jsonData?: { timeInterval?: string } };
  return durationMs(ds.jsonData?.timeInterval || '15s');
}

interface Matrix {
  status: string;
  error?: string;
  data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

const labelKey = (labels: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b)));

test.describe('Service Health', () => {
  test('the Prometheus panels draw the workload’s series as Prometheus computes them', async ({
    healthPage,
    queries,
    observability,
    page,
  }) => {
    // The last 5 minutes: the workload started shortly before the run, and at this range the step is
    // the scrape interval, so a few seconds of traffic already give several points.
    const range = { from: 'now-5m', to: 'now' };
    await healthPage.goto(range);
    await expect(healthPage.title()).toHaveText('Service Health');
    const scrapeMs = await scrapeIntervalMs(page);
    const expressions = new Map(serviceHealthQueries(observability.service).map((e) => [e.name as string, e]));

    for (const [panel, refIds] of Object.entries(METRIC_PANELS) as Array<[MetricPanel, readonly string[]]>) {
      for (const refId of refIds) {
        const expression = expressions.get(refId)!;
        // The panel has drawn at least one series with two points (a rate needs two scrapes).
        const shown = await expect
          .poll(
            async () => {
              const frames = await healthPage.series(panel, refId).catch(() => []);
              if (frames.some((f) => f.rows.length >= 2)) {
                return frames;
              }
              await healthPage.goto(range);
              return undefined;
            },
            { message: `${panel}: ${refId} shows a series`, timeout: 30_000 }
          )
          .toBeDefined()
          .then(() => healthPage.series(panel, refId));
        const sent = queries.framesJson(refId);
        expect(sent.length, `${refId}: one frame per series`).toBe(shown.length);

        // The expression Prometheus ran: the page's, with $__rate_interval by Grafana's rule.
        const executed = /^Expr: ([\s\S]*)\nStep: (\S+)$/.exec(sent[0]!.schema?.meta?.executedQueryString ?? '');
        expect(executed, `${refId}: executedQueryString`).not.toBeNull();
        const [, expr, stepText] = executed!;
        const stepMs = durationMs(stepText!);
        expect(stepMs).toBeGreaterThanOrEqual(scrapeMs);
        const pattern = new RegExp(`^${escapeRegExp(expression.expr).replace(/\\\$__rate_interval/g, '(\\w+)')}$`);
        const windows = pattern.exec(expr!);
        expect(windows, `${refId}: ${expr} is ${expression.expr} interpolated`).not.toBeNull();
        for (const window of windows!.slice(1)) {
          expect(durationMs(window!), `${refId}: $__rate_interval`).toBe(Math.max(stepMs + scrapeMs, 4 * scrapeMs));
        }

        // The same expression on Prometheus, at the panel's instants and step.
        const times = sent.flatMap((f) => (f.data?.values?.[0] ?? []) as number[]);
        const start = Math.min(...times);
        const end = Math.max(...times);
        const params = new URLSearchParams({
          query: expr!,
          start: String(start / 1000),
          end: String(end / 1000),
          step: String(stepMs / 1000),
        });
        const res = await fetch(`${observability.prometheusUrl}/api/v1/query_range?${params}`);
        const matrix = (await res.json()) as Matrix;
        expect(matrix.status, matrix.error).toBe('success');
        const truth = new Map(matrix.data.result.map((s) => [labelKey(s.metric), s.values]));

        sent.forEach((frame: DataFrameJson, i) => {
          const valueField = frame.schema!.fields![1]!;
          const values = truth.get(labelKey(valueField.labels));
          expect(values, `${refId}: Prometheus has the series ${labelKey(valueField.labels)}`).toBeDefined();
          const [ts, vs] = frame.data!.values! as [number[], Array<number | null>];
          // Every instant but the newest, whose last scrape may have landed after the page asked.
          const byTime = new Map(values!.map(([t, v]) => [Math.round(t * 1000), Number(v)]));
          for (let p = 0; p < ts.length - 1; p++) {
            // A data frame's JSON writes NaN (a ratio over no requests) as null.
            const want = byTime.get(ts[p]!);
            expect({ refId, t: ts[p], v: vs[p] }).toEqual({ refId, t: ts[p], v: Number.isNaN(want) ? null : want });
          }
          // What the panel shows is what came back: its name from the legend format, its points.
          const name = valueField.config?.displayNameFromDS;
          const legend = expression.legend?.replace(
            /\{\{\s*(\w+)\s*\}\}/g,
            (_m, l: string) => valueField.labels?.[l] ?? ''
          );
          expect(name).toBe(legend);
          const table = shown[i]!;
          expect(table.fields).toEqual(['Time', name]);
          expect(table.numbers('Time')).toEqual(ts);
        });
      }
    }

    // What a person reads: the legends name the series as the legend formats say.
    await expect(healthPage.visualization('Request rate')).toContainText('200');
    for (const name of ['5xx responses', 'exceptions']) {
      await expect(healthPage.visualization('Errors')).toContainText(name);
    }
    for (const name of ['p50', 'p90', 'p99', 'mean']) {
      await expect(healthPage.visualization('Latency')).toContainText(name);
    }
    const instance = (await healthPage.series('Memory', 'memory'))[0]!.fields[1]!;
    expect(instance).toMatch(/:\d+$/);
    await expect(healthPage.visualization('CPU')).toContainText(instance);
  });

  test('the latest traces are the service’s traces in Jaeger, named after their root spans', async ({
    healthPage,
    queries,
    observability,
  }) => {
    await healthPage.goto();
    const traces = await expect
      .poll(async () => (await healthPage.traces().catch(() => undefined))?.rows.length ?? 0, {
        message: 'the traces table has rows',
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
      .then(() => healthPage.traces());

    // The page's own search, as serviceHealthQueries.ts builds it.
    const trip = queries.last('traces')!;
    expect(trip.queries.find((q) => q.refId === 'traces')).toMatchObject({
      ...jaegerSearchQuery(observability.service),
    });
    expect(traces.rows.length).toBeLessThanOrEqual(jaegerSearchQuery(observability.service).limit);

    const jaeger = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${observability.jaegerUrl}${path}`);
      const body = (await res.json()) as { data: T; errors: unknown };
      expect(body.errors, path).toBeNull();
      return body.data;
    };
    expect(await jaeger<string[]>('/api/services')).toContain(observability.service);
    const operations = await jaeger<string[]>(`/api/services/${observability.service}/operations`);

    type Span = {
      spanID: string;
      operationName: string;
      processID: string;
      startTime: number;
      duration: number;
      references: Array<{ refType: string; spanID: string }>;
    };
    type Trace = { traceID: string; spans: Span[]; processes: Record<string, { serviceName: string }> };
    const starts = traces.numbers('Start time');
    for (const [i, row] of traces.records().entries()) {
      const [trace] = await jaeger<Trace[]>(`/api/traces/${row['Trace ID']}`);
      const ids = new Set(trace!.spans.map((s) => s.spanID));
      const roots = trace!.spans
        .filter((s) => !s.references.some((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID)))
        .sort((a, b) => a.startTime - b.startTime);
      const root = roots[0]!;
      const service = trace!.processes[root.processID]!.serviceName;
      expect(row['Trace name']).toBe(`${service}: ${root.operationName}`);
      expect(Number(row['Duration'])).toBe(root.duration);
      expect(starts[i]).toBe(Math.floor(root.startTime / 1000));
      // The service's spans are under the operations Jaeger lists for it.
      for (const span of trace!.spans.filter(
        (s) => trace!.processes[s.processID]!.serviceName === observability.service
      )) {
        expect(operations).toContain(span.operationName);
      }
      expect(starts[i]).toBeGreaterThanOrEqual(trip.range.fromMs);
      expect(starts[i]).toBeLessThanOrEqual(trip.range.toMs);
    }
    // Newest first.
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    // A trace id opens the trace.
    const first = traces.column('Trace ID')[0]!;
    await expect(healthPage.panel(TRACES_PANEL).getByRole('link', { name: first, exact: true })).toHaveAttribute(
      'href',
      /explore/
    );
  });

  test('says where a datasource is missing: Loki cannot run here', async ({ healthPage, target, capture }) => {
    await healthPage.goto();
    await expect(healthPage.title()).toHaveText('Service Health');
    if (target === 'shell') {
      await expect(healthPage.missing('loki')).toBeVisible();
      await expect(healthPage.missing('prometheus')).toHaveCount(0);
      await expect(healthPage.missing('jaeger')).toHaveCount(0);
    }
    await expect(healthPage.visualization('Latency')).toContainText('p99', { timeout: 30_000 });
    await capture('service-health');
  });
});
