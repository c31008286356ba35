/**
 * Rollups answer with the raw table's figures: every query type, through the plugin, from a
 * datasource that reads the rollups and from one that reads only the raw table (rollups off), on
 * the same generated ledger, value for value. The ledger has stored and missing costs, a price that
 * changes in the middle of the ranges, rows without a user, rows on hour, day and month edges and
 * at the ranges' ends, and rows in the open hours above the watermark; the ranges are aligned,
 * unaligned, cross months and end now. Then: late rows, a pinned tenant, masked users, the health check.
 */
import type { Connection } from 'mysql2/promise';
import { startDatabase, type TestDatabase } from '../db/mariadb';
import { seed, type SeedResult } from '../../tools/seed';
import { TENANTS } from '../../tools/seed/catalog';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, userHeaders, type Host, type Role } from './host';
import { installRollups, logLine, RO, runJob } from './rollupSetup';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.now();
const END = Math.floor(NOW / MIN) * MIN;
const DAYS = 45;

/** A month boundary inside the data: the first of the month, 2 to 32 days before now. */
const MONTH = (() => {
  const d = new Date(END - 2 * DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
})();
/** gpt-4o-mini's datasource price changes here: usage before and after is priced differently. */
const PRICE_CHANGE = Math.floor((END - 12 * DAY) / DAY) * DAY;

const RANGES: Array<[string, number, number]> = [
  ['the last 30 days, to now', END - 30 * DAY, NOW],
  ['whole days across a month boundary', MONTH - 9 * DAY, MONTH + 3 * DAY - 1],
  [
    'unaligned, across the price change',
    PRICE_CHANGE - 3 * DAY - 4 * HOUR - 17 * MIN - 5123,
    PRICE_CHANGE + 6 * DAY + 2 * HOUR + 44 * MIN + 59_999,
  ],
  ['the last 5 hours (today, above the watermark)', NOW - 5 * HOUR, NOW],
  ['exactly one day ending on a row', MONTH - DAY, MONTH],
];

const TENANT = TENANTS[0].id;

/** Every query type, with groupings, filters and intervals; each answered per range. */
function queries(userId: string): Array<Record<string, unknown>> {
  return [
    { queryType: 'costTotals' },
    { queryType: 'costTotals', tenants: [TENANT], models: ['gpt-4o-mini', 'qwen2.5:72b'] },
    { queryType: 'costBreakdown', groupBy: 'model' },
    { queryType: 'costBreakdown', groupBy: 'tenant', sort: 'tokens' },
    { queryType: 'costBreakdown', groupBy: 'user' },
    { queryType: 'costBreakdown', groupBy: 'user', tenants: [TENANT], sort: 'costPerRequest', limit: 5 },
    { queryType: 'costBreakdown', groupBy: 'model', users: [userId] },
    { queryType: 'costTimeSeries', groupBy: 'model', intervalMs: HOUR, maxDataPoints: 2000 },
    { queryType: 'costTimeSeries', groupBy: 'tenant', metric: 'tokens', intervalMs: DAY, maxDataPoints: 100 },
    { queryType: 'costTimeSeries', groupBy: 'user', metric: 'requests', intervalMs: DAY, maxDataPoints: 100 },
    { queryType: 'costTimeSeries', groupBy: 'none', metric: 'inputTokens', intervalMs: 15 * MIN, maxDataPoints: 5000 },
    { queryType: 'costTimeSeries', groupBy: 'none', intervalMs: 0, maxDataPoints: 1000 },
    { queryType: 'unpricedModels' },
    { queryType: 'budget', budgets: [{ tenant: TENANT, monthlyBudget: 10 }] },
    { queryType: 'budget', forAlerting: true, monthlyBudget: 5 },
    { queryType: 'spendSpikes' },
    { queryType: 'spendSpikes', by: 'model', granularity: 'hour', baselineDays: 3, threshold: 2 },
    { queryType: 'spendSpikes', forAlerting: true },
  ];
}

type Frames = Array<{ schema: { meta?: { custom?: Record<string, unknown> } } }>;

/** The frames without the note of which rollup tables answered (the only thing allowed to differ). */
function withoutSource(frames: Frames): { frames: Frames; rollups: boolean } {
  let rollups = false;
  const cleaned = frames.map((f) => {
    const custom = f.schema.meta?.custom;
    if (custom && 'rollups' in custom) {
      rollups = true;
      const { rollups: _ignored, ...rest } = custom;
      const { custom: _custom, ...meta } = f.schema.meta! as Record<string, unknown>;
      const kept = Object.keys(rest).length > 0 ? { ...meta, custom: rest } : meta;
      // The note was the frame's only meta (an alerting frame): then the frame had none, and the SDK
      // would not have added its typeVersion either.
      const only = Object.keys(kept).length === 1 && JSON.stringify(kept.typeVersion) === '[0,0]';
      const { meta: _meta, ...schema } = f.schema;
      return { ...f, schema: only ? schema : { ...schema, meta: kept } };
    }
    return f;
  });
  return { frames: cleaned, rollups };
}

describe('rollups answer as the raw table does', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;
  let plan: SeedResult;
  let userId: string;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    plan = await seed({ connection: conn, rows: 30_000, seed: 11, end: new Date(END), days: DAYS, schema: true });
    // Calls of a priced model stored without a cost: priced at query time, by the day's price.
    await conn.query("UPDATE token_usage_log SET cost = NULL WHERE model_name = 'gpt-4o-mini' AND id LIKE '%a'");
    // Rows on the edges: a month's first and last millisecond, an hour's start, a range's exact end; no
    // user, or a user id that is an e-mail address (masked below the personal-data role).
    const edges = [MONTH, MONTH - 1, MONTH - DAY, MONTH + 3 * DAY - 1, PRICE_CHANGE, PRICE_CHANGE + HOUR - 1];
    for (const [i, ms] of edges.entries()) {
      await conn.query(
        `INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, timestamp, create_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          `edge${String(i).padStart(28, '0')}`,
          i % 2 ? null : 'ana@example.com',
          TENANT,
          'gpt-4o-mini',
          1000 + i,
          10 + i,
          i % 3 ? null : 0.0125,
          new Date(ms),
          ms,
        ]
      );
    }
    [{ user_id: userId }] = (
      await conn.query('SELECT user_id FROM token_usage_log WHERE user_id IS NOT NULL LIMIT 1')
    )[0] as Array<{ user_id: string }>;
    await installRollups(conn);
    const refreshed = logLine(await runJob(db), /rollups refreshed/);
    expect(refreshed.hours).toBeGreaterThan(DAYS * 24 - 2);
    const ro = { ...db, ...RO };
    const prices = [
      {
        model: 'gpt-4o-mini',
        effectiveFrom: new Date(PRICE_CHANGE).toISOString().slice(0, 10),
        inputPerMillion: 7,
        outputPerMillion: 11,
      },
    ];
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('roll', ro, { prices }),
        ledgerDatasource('raw', ro, { prices, rollups: 'off' }),
        ledgerDatasource('roll-pinned', ro, { prices, pinnedTenant: TENANT }),
        ledgerDatasource('raw-pinned', ro, { prices, pinnedTenant: TENANT, rollups: 'off' }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  async function compare(
    rollup: string,
    raw: string,
    q: Record<string, unknown>,
    from: number,
    to: number,
    role: Role = 'Admin'
  ) {
    const options = { from: Math.round(from), to: Math.round(to), role };
    const [a, b] = await Promise.all([queryOne(host, rollup, q, options), queryOne(host, raw, q, options)]);
    expect({ q, error: a.error ?? b.error }).toEqual({ q, error: undefined });
    const fromRollups = withoutSource(a.frames);
    expect(withoutSource(b.frames).rollups).toBe(false);
    expect(fromRollups.frames).toEqual(b.frames);
    return fromRollups.rollups;
  }

  it.each(RANGES)('%s: every query type, the same frames', async (_name, from, to) => {
    let used = 0;
    for (const q of queries(userId)) {
      used += (await compare('roll', 'raw', q, from, to)) ? 1 : 0;
    }
    // Long ranges are read from the rollups (the note says so); a few hours of today need not be.
    if (to - from > DAY) {
      expect(used).toBeGreaterThan(10);
    }
  });

  it('a pinned tenant: the same frames, that tenant only', async () => {
    for (const q of queries(userId)) {
      await compare('roll-pinned', 'raw-pinned', q, END - 30 * DAY, NOW);
    }
  });

  it('as a Viewer, users masked where the ids are e-mail addresses, the same frames', async () => {
    for (const q of queries(userId).filter((x) => x.groupBy === 'user' || x.users)) {
      await compare('roll', 'raw', q, END - 40 * DAY, NOW, 'Viewer');
    }
    const byUser = await queryOne(
      host,
      'roll',
      { queryType: 'costBreakdown', groupBy: 'user' },
      {
        from: END - 40 * DAY,
        to: NOW,
        role: 'Viewer',
      }
    );
    expect(JSON.stringify(byUser.frames)).toContain('[EMAIL]');
    expect(JSON.stringify(byUser.frames)).not.toContain('ana@example.com');
  });

  it('late rows: rows written now for hours already built reach the rollups at the next refresh', async () => {
    const range = { from: END - 20 * DAY, to: NOW };
    const q = { queryType: 'costBreakdown', groupBy: 'model' };
    const late = END - 10 * DAY + 7 * HOUR + 123;
    await conn.query(
      `INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, timestamp, create_time)
       VALUES ('late0000000000000000000000000001', 'u-late', ?, 'gpt-4o', 5000000, 1000, 12.5, ?, ?),
              ('late0000000000000000000000000002', NULL, ?, 'qwen2.5:72b', 3000, 30, NULL, ?, ?)`,
      [TENANT, new Date(late), Date.now(), TENANT, new Date(late + HOUR), Date.now()]
    );
    // Until the job runs, the rollups do not know them: the figures differ (the job runs every minute).
    const [before, raw] = await Promise.all([queryOne(host, 'roll', q, range), queryOne(host, 'raw', q, range)]);
    expect(withoutSource(before.frames).frames).not.toEqual(raw.frames);
    const run = await runJob(db);
    expect(logLine(run, /rollups refreshed/).lateHours).toBe(2);
    for (const query of queries(userId)) {
      await compare('roll', 'raw', query, range.from, range.to);
    }
  });

  it('the health check says the rollups are in use, how far behind they are, and when they are turned off', async () => {
    const health = async (uid: string) => {
      const res = await fetch(`${host.url}/api/datasources/uid/${uid}/health`, { headers: userHeaders('Admin') });
      const body = (await res.json()) as {
        status: string;
        details: { checks: Array<{ check: string; status: string; message: string }> };
      };
      return { status: body.status, rollups: body.details.checks.find((c) => c.check === 'rollups') };
    };
    expect(await health('roll')).toEqual({
      status: 'OK',
      rollups: {
        check: 'rollups',
        status: 'ok',
        message: expect.stringMatching(
          /^Rollups in use: refreshed \d+ s ago, complete up to \d{4}-\d\d-\d\dT\d\d:00:00\.000Z \(\d+ (s|min) behind; the rest is read from token_usage_log\)\. Not reconciled with the usage table yet\.$/
        ),
      },
    });
    expect(await health('raw')).toEqual({
      status: 'OK',
      rollups: {
        check: 'rollups',
        status: 'ok',
        message: "Rollups not used: the datasource's settings turn rollups off; every query reads token_usage_log.",
      },
    });
  });

  it("runs a statement once for a request's queries that need it (a breakdown by user and the top spenders)", async () => {
    const selects = async () =>
      Number(((await conn.query("SHOW GLOBAL STATUS LIKE 'Com_select'"))[0] as Array<{ Value: string }>)[0].Value);
    const byUser = { queryType: 'costBreakdown', groupBy: 'user' };
    const top = { ...byUser, limit: 10 };
    const send = async (queries: object[]) => {
      const before = await selects();
      const { query } = await import('./host');
      const { body } = await query(
        host,
        queries.map((q, i) => ({ refId: `Q${i}`, datasource: { uid: 'roll' }, ...q })),
        { from: END - 30 * DAY, to: NOW }
      );
      return { selects: (await selects()) - before, body };
    };
    // A first request reads the rollup state; the next ones reuse it for a few seconds.
    await send([byUser]);
    const one = await send([byUser]);
    expect(one.selects).toBe(1);
    const both = await send([byUser, top]);
    expect(both.selects).toBe(one.selects);
    const users = (r: { frames: Array<{ data: { values: unknown[][] } }> }) => r.frames[0].data.values[0];
    expect(users(both.body.results.Q1)).toEqual(users(both.body.results.Q0).slice(0, 10));
  });

  it('seeded what the test meant to test', () => {
    expect(plan.rows).toBe(30_000);
  });
});
