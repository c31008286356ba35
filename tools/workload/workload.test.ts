import { startMetricsServer } from './metricsServer';
import { USAGE_INSERT } from './ledger';
import { Workload } from './workload';

describe('Workload', () => {
  it('logs, counts and writes each request, and serves the counts on /metrics', async () => {
    const lines: string[] = [];
    const executed: string[] = [];
    const workload = new Workload({
      seed: 'workload-test',
      rps: 50,
      serviceName: 'ragflow',
      processMetrics: false,
      out: (l) => lines.push(l),
      db: { execute: async (sql) => void executed.push(sql) },
    });
    const reqs = Array.from({ length: 40 }, (_, i) => workload.step(1_790_000_000_000 + i * 20));
    await workload.stop();
    expect(lines).toHaveLength(40);
    const usage = reqs.reduce((n, r) => n + r.usage.length, 0);
    expect(executed.filter((sql) => sql === USAGE_INSERT)).toHaveLength(usage);
    expect(workload.stats).toMatchObject({ requests: 40, usageRows: usage, dbErrors: 0 });

    const server = await startMetricsServer(workload.registry, '127.0.0.1', 0);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const total = [...text.matchAll(/^flask_http_request_total\{[^}]*\} (\d+)$/gm)];
      expect(total.reduce((n, m) => n + Number(m[1]), 0)).toBe(40);
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('keeps going when the database refuses writes, reporting the error once', async () => {
    const warnings: string[] = [];
    const workload = new Workload({
      seed: 'db-down',
      rps: 10,
      serviceName: 'ragflow',
      processMetrics: false,
      out: () => {},
      warn: (t) => warnings.push(t),
      db: { execute: async () => Promise.reject(new Error('connect ECONNREFUSED')) },
    });
    for (let i = 0; i < 30; i++) {
      workload.step(1_790_000_000_000 + i * 100);
    }
    await workload.stop();
    expect(workload.stats.requests).toBe(30);
    expect(workload.stats.dbErrors).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ECONNREFUSED');
  });

  it('refuses a non-positive rate', () => {
    expect(() => new Workload({ seed: '1', rps: 0, serviceName: 'ragflow' })).toThrow(/rps/);
  });
});
