import { createHash } from 'node:crypto';
import { AUDIT_ACTIONS, auditRows, BURST_IP, burstOf, defaultAuditRows } from './audit';
import { costOf, modelByName, MODELS, TENANTS, UNPRICED_MODELS, USERS } from './catalog';
import { uuid7Millis } from './ids';
import { Rng } from './prng';
import { DAY_MS, HOUR_MS, spikeOf, SPIKE_MODEL, SPIKE_TENANT, windowOf } from './rhythm';
import { auditChunks, seedPlan, usageChunks, type SeedPlan } from './seed';
import { usageRows, type UsageRow } from './usage';

const END = new Date('2026-11-01T00:00:00Z');

function sha256(chunks: Iterable<Buffer>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) {
    expect(Buffer.isBuffer(chunk)).toBe(true);
    hash.update(chunk);
  }
  return hash.digest('hex');
}

function digest(plan: SeedPlan): string {
  return `${sha256(usageChunks(plan))}/${sha256(auditChunks(plan))}`;
}

describe('catalog', () => {
  it('has tenants whose id is their owner’s id, and unique users and e-mail addresses', () => {
    expect(TENANTS.length).toBeGreaterThanOrEqual(10);
    for (const tenant of TENANTS) {
      expect(tenant.id).toMatch(/^[0-9a-f]{32}$/);
      expect(tenant.users[0]!.id).toBe(tenant.id);
      expect(tenant.users[0]!.role).toBe('owner');
      for (const user of tenant.users) {
        expect(user.email).toMatch(new RegExp(`^[a-z._]+@${tenant.domain.replace('.', '\\.')}$`));
      }
    }
    expect(new Set(USERS.map((u) => u.id)).size).toBe(USERS.length);
    expect(new Set(USERS.map((u) => u.email)).size).toBe(USERS.length);
  });

  it('has priced and unpriced models', () => {
    expect(UNPRICED_MODELS.length).toBeGreaterThanOrEqual(3);
    expect(MODELS.filter((m) => m.price).length).toBeGreaterThanOrEqual(10);
    expect(new Set(MODELS.map((m) => m.name)).size).toBe(MODELS.length);
  });

  it.each([
    ['gpt-4o', 1000, 500, 0, 0.0075],
    ['gpt-4o', 1000, 500, 400, 0.007],
    ['gpt-4o-mini', 1_000_000, 0, 0, 0.15],
    ['claude-sonnet-4-20250514', 2000, 100, 1000, 0.0048],
    ['text-embedding-3-small', 123456, 0, 0, 0.00246912],
    ['mistral-large-latest', 10, 10, 5, 0.00008],
    ['qwen2.5:72b', 1000, 1000, 0, null],
    ['bge-m3', 1000, 0, 0, null],
  ])('costOf(%p, in %p, out %p, cached %p) = %p', (model, input, output, cached, expected) => {
    const cost = costOf(modelByName(model), input, output, cached);
    if (expected === null) {
      expect(cost).toBeNull();
    } else {
      expect(cost!.toFixed(8)).toBe(expected.toFixed(8));
    }
  });
});

describe('spike and burst placement', () => {
  it.each([
    ['2026-11-01T00:00:00Z', 90],
    ['2026-11-01T00:00:00Z', 28],
    ['2026-06-17T00:00:00Z', 14],
    ['2026-03-02T00:00:00Z', 60],
    ['2026-11-01T12:30:00Z', 7],
  ])('end %s, %p days: spike on a Tue-Thu inside the window, burst on a Saturday night', (end, days) => {
    const win = windowOf(new Date(end), days);
    const spike = spikeOf(win);
    expect(spike.tenant.name).toBe(SPIKE_TENANT);
    expect(spike.model).toBe(SPIKE_MODEL);
    expect(spike.start).toBeGreaterThanOrEqual(win.start);
    expect(spike.end).toBeLessThanOrEqual(win.end);
    expect(spike.end - spike.start).toBe(6 * HOUR_MS);
    expect([2, 3, 4]).toContain(new Date(spike.day).getUTCDay());
    // Weeks of history before it when the window has them.
    expect(spike.day - win.start).toBeGreaterThanOrEqual(Math.floor(days * 0.7) * DAY_MS - DAY_MS);
    const burst = burstOf(win, 1000);
    expect(new Date(burst.start).getUTCDay()).toBe(6);
    expect(new Date(burst.start).getUTCHours()).toBe(2);
    expect(burst.start).toBeGreaterThanOrEqual(win.start);
  });
});

describe('usage rows', () => {
  const plan = seedPlan({ rows: 20000, seed: 'unit', end: END, days: 28 });
  const rows: UsageRow[] = Array.from(usageRows(plan.window, plan.rows, new Rng(plan.seed)));

  /** The rows for which `check` returns a reason, with that reason (expected: none). */
  function violations(check: (r: UsageRow, i: number) => string | false): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    rows.forEach((r, i) => {
      const reason = check(r, i);
      if (reason) {
        out.push([r.id, reason]);
      }
    });
    return out.slice(0, 5);
  }

  it('has exactly the requested count, in time order, inside the window, with unique time-ordered ids', () => {
    expect(rows).toHaveLength(20000);
    expect(violations((r, i) => i > 0 && r.time < rows[i - 1]!.time && 'out of order')).toEqual([]);
    expect(rows[0]!.time).toBeGreaterThanOrEqual(plan.window.start);
    expect(rows[rows.length - 1]!.time).toBeLessThan(plan.window.end);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(violations((r) => uuid7Millis(r.id) !== r.time && 'id time')).toEqual([]);
  });

  it('has a NULL cost exactly for unpriced models, and the catalog price otherwise', () => {
    expect(
      violations((r) => {
        const model = modelByName(r.modelName);
        if ((r.cost === null) !== !model.price) {
          return 'cost null vs price';
        }
        return r.cost !== costOf(model, r.inputTokens, r.outputTokens, r.cachedTokens ?? 0) && 'cost';
      })
    ).toEqual([]);
    expect(new Set(rows.filter((r) => r.cost === null).map((r) => r.modelName))).toEqual(new Set(UNPRICED_MODELS));
  });

  it('keeps token fields consistent', () => {
    expect(
      violations((r) => {
        const model = modelByName(r.modelName);
        if ((r.cachedTokens ?? 0) > r.inputTokens) {
          return 'cached > input';
        }
        if ((r.reasoningTokens ?? 0) > r.outputTokens) {
          return 'reasoning > output';
        }
        if (
          (r.reasoningTokens !== null) !==
          (Boolean(model.reasoning) && r.status === 'ok' && r.modelType === 'chat')
        ) {
          return 'reasoning tokens on the wrong model';
        }
        if (r.status !== 'ok' && r.inputTokens + r.outputTokens !== 0) {
          return 'failed call with usage';
        }
        return r.modelType !== 'chat' && (r.outputTokens !== 0 || r.conversationId !== null) && 'non-chat output';
      })
    ).toEqual([]);
  });

  it('only uses users of the row’s own tenant (or none)', () => {
    const tenantOf = new Map(USERS.map((u) => [u.id, u.tenantId]));
    expect(violations((r) => r.userId !== null && tenantOf.get(r.userId) !== r.tenantId && 'foreign user')).toEqual([]);
    expect(rows.some((r) => r.userId === null)).toBe(true);
  });

  it('has weekdays busier than weekends and afternoons busier than nights', () => {
    const byWeekday = new Array(7).fill(0);
    const byHour = new Array(24).fill(0);
    for (const r of rows) {
      const d = new Date(r.time);
      byWeekday[d.getUTCDay()]++;
      byHour[d.getUTCHours()]++;
    }
    const weekend = (byWeekday[0] + byWeekday[6]) / 2;
    const weekday = (byWeekday[1] + byWeekday[2] + byWeekday[3] + byWeekday[4] + byWeekday[5]) / 5;
    expect(weekday / weekend).toBeGreaterThan(2);
    expect(byHour[14] / byHour[3]).toBeGreaterThan(4);
  });

  it('puts the spike tenant’s spend on the spike day far above its other weekdays', () => {
    const spike = plan.spike;
    const daily = new Map<number, number>();
    for (const r of rows) {
      if (r.tenantId === spike.tenant.id && r.cost !== null) {
        const day = Math.floor(r.time / DAY_MS) * DAY_MS;
        daily.set(day, (daily.get(day) ?? 0) + r.cost);
      }
    }
    const others = [...daily]
      .filter(([day]) => day !== spike.day && ![0, 6].includes(new Date(day).getUTCDay()))
      .map(([, c]) => c)
      .sort((a, b) => a - b);
    const median = others[Math.floor(others.length / 2)]!;
    expect(daily.get(spike.day)! / median).toBeGreaterThan(3);
  });
});

describe('audit rows', () => {
  const plan = seedPlan({ rows: 20000, seed: 'unit', end: END, days: 28 });
  const rows = auditRows(plan.window, plan.auditRows, new Rng(plan.seed));

  it.each([
    [0, 400],
    [20000, 400],
    [50000, 1000],
    [1_000_000, 20000],
  ])('for %p usage rows there are %p audit events by default', (usage, audit) => {
    expect(defaultAuditRows(usage)).toBe(audit);
  });

  it('has exactly the planned count, in time order, with every action', () => {
    expect(rows).toHaveLength(plan.auditRows);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.time).toBeGreaterThanOrEqual(rows[i - 1]!.time);
    }
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(AUDIT_ACTIONS));
  });

  it('has JSON details; logins carry e-mail and address; updates carry before and after', () => {
    for (const r of rows) {
      const details = JSON.parse(r.details);
      if (/^USER_LOG(IN|OUT)/.test(r.action)) {
        expect(details.email).toMatch(/^[^@\s]+@[a-z]+\.example$/);
        expect(details.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      }
      if (r.action === 'KB_UPDATE' || r.action === 'USER_UPDATE' || r.action === 'USER_ROLE_CHANGE') {
        expect(Object.keys(details.before)).toEqual(Object.keys(details.after));
        expect(details.before).not.toEqual(details.after);
      }
    }
  });

  it('has role changes whose `before` is the previous `after` of the same member', () => {
    const roles = new Map(USERS.map((u) => [u.id, u.role as string]));
    for (const r of rows.filter((x) => x.action === 'USER_ROLE_CHANGE')) {
      const d = JSON.parse(r.details);
      if (roles.has(d.member_id)) {
        expect(d.before.role).toBe(roles.get(d.member_id));
      }
      roles.set(d.member_id, d.after.role);
    }
  });

  it('has a burst of failed logins from one address within minutes', () => {
    const burst = burstOf(plan.window, plan.auditRows);
    const failures = rows.filter((r) => r.action === 'USER_LOGIN_FAILURE' && JSON.parse(r.details).ip === BURST_IP);
    expect(failures).toHaveLength(burst.events);
    expect(failures[failures.length - 1]!.time - failures[0]!.time).toBeLessThan(15 * 60000);
  });
});

describe('determinism', () => {
  const base = { rows: 3000, seed: 42, end: END, days: 28 };

  it('gives byte-identical TSV for the same seed, rows, end and days', () => {
    expect(digest(seedPlan(base))).toBe(digest(seedPlan({ ...base })));
    expect(digest(seedPlan(base))).toBe(digest(seedPlan({ ...base, seed: '42' })));
  });

  it.each([
    ['seed', { seed: 43 }],
    ['rows', { rows: 3001 }],
    ['end', { end: new Date('2026-11-02T00:00:00Z') }],
    ['days', { days: 29 }],
  ])('changes when %s changes', (_name, change) => {
    expect(digest(seedPlan({ ...base, ...change }))).not.toBe(digest(seedPlan(base)));
  });

  it('keeps the usage rows when only the audit count changes', () => {
    const a = seedPlan(base);
    const b = seedPlan({ ...base, auditRows: 999 });
    expect(sha256(usageChunks(a))).toBe(sha256(usageChunks(b)));
  });

  it.each([
    [{ rows: -1 }, /rows must be/],
    [{ rows: 1.5 }, /rows must be/],
    [{ days: 0 }, /days must be/],
    [{ end: new Date('nope') }, /valid date/],
  ])('rejects %p', (change, message) => {
    expect(() => seedPlan({ ...base, ...change })).toThrow(message);
  });
});
