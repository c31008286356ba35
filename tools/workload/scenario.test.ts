import { TENANTS } from '../seed/catalog';
import { Scenario } from './scenario';

const T0 = 1_790_000_000_000;

describe('Scenario', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: string) => {
      const s = new Scenario(seed);
      return Array.from({ length: 50 }, (_, i) => s.next(T0 + i * 1000));
    };
    expect(run('a')).toEqual(run('a'));
    expect(run('a').map((r) => r.traceId)).not.toEqual(run('b').map((r) => r.traceId));
  });

  it('fails a small share of requests with 5xx, some of them as exceptions', () => {
    const s = new Scenario('rates');
    const reqs = Array.from({ length: 3000 }, (_, i) => s.next(T0 + i * 500));
    const errors = reqs.filter((r) => r.status >= 500);
    const exceptions = reqs.filter((r) => r.exceptionType);
    expect(errors.length / reqs.length).toBeGreaterThan(0.015);
    expect(errors.length / reqs.length).toBeLessThan(0.06);
    expect(exceptions.length).toBeGreaterThan(10);
    exceptions.forEach((r) => expect(r.status).toBe(500));
    errors.forEach((r) => expect(r.level).toBe('error'));
  });

  it('ends at now, with the handler and every call inside the request', () => {
    const s = new Scenario('timeline');
    for (let i = 0; i < 300; i++) {
      const now = T0 + i * 1000;
      const r = s.next(now);
      expect(r.end).toBe(now);
      expect(r.backendOffsetMs).toBeGreaterThan(0);
      expect(r.start + r.backendOffsetMs + r.backendMs).toBeLessThan(r.end);
      for (const p of r.phases) {
        expect(p.offsetMs).toBeGreaterThanOrEqual(r.backendOffsetMs);
        expect(p.offsetMs + p.durationMs).toBeLessThanOrEqual(r.backendOffsetMs + r.backendMs);
      }
    }
  });

  it('writes a usage row per model call and audit rows for logins, logouts and datasets', () => {
    const s = new Scenario('rows');
    const reqs = Array.from({ length: 2000 }, (_, i) => s.next(T0 + i * 500));
    const tenantIds = new Set(TENANTS.map((t) => t.id));
    for (const r of reqs) {
      expect(r.usage.length).toBe(r.phases.filter((p) => p.kind === 'llm').length);
      r.usage.forEach((u) => expect(tenantIds.has(u.tenantId)).toBe(true));
    }
    const actions = new Set(reqs.flatMap((r) => r.audit.map((a) => a.action)));
    expect(actions).toEqual(new Set(['USER_LOGIN_SUCCESS', 'USER_LOGIN_FAILURE', 'USER_LOGOUT', 'KB_CREATE']));
    const failed = reqs.flatMap((r) => r.usage).filter((u) => u.status !== 'ok');
    expect(failed.length).toBeGreaterThan(0);
    failed.forEach((u) => expect(u.inputTokens + u.outputTokens).toBe(0));
    const ids = reqs.flatMap((r) => [...r.usage, ...r.audit].map((x) => x.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
