import { serviceHealthQueries } from '../../src/pages/ServiceHealth/serviceHealthQueries';
import { FLASK_BUCKETS, flaskMetrics } from './metrics';
import { Scenario, type SimRequest } from './scenario';

/** Requests of a fixed seed until one of each needed kind (including an exception) has been seen. */
function requests(n: number): SimRequest[] {
  const scenario = new Scenario('metrics-test');
  return Array.from({ length: n }, (_, i) => scenario.next(1_790_000_000_000 + i * 500));
}

describe('flask metrics exposition', () => {
  const metrics = flaskMetrics();
  const reqs = requests(400);
  reqs.forEach((r) => metrics.observe(r));
  let text = '';
  beforeAll(async () => {
    text = await metrics.registry.metrics();
  });

  it('has the metric names the Service Health page queries', () => {
    const names = new Set(
      serviceHealthQueries('ragflow')
        .filter((q) => q.language === 'promql')
        .flatMap((q) => [...q.expr.matchAll(/([a-z_]+)\{job=/g)].map((m) => m[1]!))
    );
    expect([...names].sort()).toEqual([
      'flask_http_request_duration_seconds_bucket',
      'flask_http_request_duration_seconds_count',
      'flask_http_request_duration_seconds_sum',
      'flask_http_request_exceptions_total',
      'flask_http_request_total',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
    ]);
    for (const name of names) {
      expect(text).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
    }
  });

  it('labels the counter with method and status only, the histogram with method, path and status', () => {
    expect(text).toMatch(/^flask_http_request_total\{method="POST",status="200"\} \d+$/m);
    const counterLabels = [...text.matchAll(/^flask_http_request_total\{([^}]*)\}/gm)].map((m) =>
      m[1]!.split(',').map((kv) => kv.split('=')[0])
    );
    expect(counterLabels.length).toBeGreaterThan(0);
    counterLabels.forEach((l) => expect(l).toEqual(['method', 'status']));
    expect(text).toMatch(
      /^flask_http_request_duration_seconds_count\{method="POST",path="\/api\/v1\/retrieval",status="200"\} \d+$/m
    );
    expect(text).toMatch(/^flask_http_request_exceptions_total\{method="(GET|POST)",status="500"\} \d+$/m);
  });

  it("uses prometheus_client's default buckets", () => {
    const series =
      /^flask_http_request_duration_seconds_bucket\{le="([^"]+)",method="POST",path="\/api\/v1\/retrieval",status="200"\}/gm;
    const les = [...text.matchAll(series)].map((m) => m[1]);
    expect(les).toEqual([...FLASK_BUCKETS.map(String), '+Inf']);
    expect(FLASK_BUCKETS).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
  });

  it('counts every request once and 5xx at a small rate', () => {
    const total = [...text.matchAll(/^flask_http_request_total\{[^}]*status="(\d+)"\} (\d+)$/gm)];
    const sum = total.reduce((n, m) => n + Number(m[2]), 0);
    const errors = total.filter((m) => m[1]!.startsWith('5')).reduce((n, m) => n + Number(m[2]), 0);
    expect(sum).toBe(reqs.length);
    expect(errors).toBeGreaterThan(0);
    expect(errors / sum).toBeLessThan(0.1);
    const exceptions = reqs.filter((r) => r.exceptionType).length;
    expect(exceptions).toBeGreaterThan(0);
    const exposed = [...text.matchAll(/^flask_http_request_exceptions_total\{[^}]*\} (\d+)$/gm)];
    expect(exposed.reduce((n, m) => n + Number(m[1]), 0)).toBe(exceptions);
  });
});
