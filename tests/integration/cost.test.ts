/**
 * Cost and tokens from a real MariaDB through the host. Every number is cross-checked by SQL written
 * here independently of the backend's builders, on the same rows: stored costs, costs estimated
 * from the effective-dated price list, and usage of models without any price.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, utc, startHost, type Host, type Role } from './host';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 9, 1);
const DAYS = 20;
const END = START + DAYS * DAY - 1;
const PRICE_CHANGE = '2026-10-11';
const PRICE_CHANGE_MS = Date.UTC(2026, 9, 11);
// gpt-4o is in the built-in catalog (2.5 / 10 per million); the datasource overrides it from Oct 11.
const OVERRIDE = { model: 'gpt-4o', effectiveFrom: PRICE_CHANGE, inputPerMillion: 2, outputPerMillion: 8 };
// "house-model" has a price only in the datasource; "mystery-llm" has none anywhere.
const HOUSE = { model: 'house-model', effectiveFrom: '2026-01-01', inputPerMillion: 1, outputPerMillion: 3 };
const MODELS = ['gpt-4o', 'claude-3-5-haiku-20241022', 'house-model', 'mystery-llm'];
const TENANTS = ['t1', 't2', 't3'];
const USERS = [
  'ana@example.com',
  'bob@example.org',
  '3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d',
  '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
];

describe('cost and tokens', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    const rows: unknown[][] = [];
    for (let i = 0; i < 4000; i++) {
      const at = START + Math.floor((i * DAYS * DAY) / 4000) + (i % 7) * 1000;
      const model = MODELS[(i * 3) % MODELS.length];
      const input = 100 + ((i * 37) % 900);
      const output = 20 + ((i * 11) % 300);
      // A third of the gpt-4o and claude rows have a stored cost; the rest are priced at query time.
      const stored =
        (model === 'gpt-4o' || model.startsWith('claude')) && i % 3 === 0
          ? Number((input * 0.000003 + output * 0.00001).toFixed(8))
          : null;
      rows.push([
        `r${i}`,
        USERS[i % USERS.length],
        TENANTS[i % TENANTS.length],
        i % 10 === 0 ? `${model}@Factory` : model,
        input,
        output,
        stored,
        utc(at),
        at,
      ]);
    }
    await conn.query(
      'INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time) VALUES ?',
      [rows]
    );
    // The reference price table for the cross-checks: the same intervals, written by hand.
    await conn.query(
      'CREATE TABLE ref_price (model VARCHAR(64), valid_from DATETIME(3), valid_to DATETIME(3), input_per_m DOUBLE, output_per_m DOUBLE)'
    );
    await conn.query('INSERT INTO ref_price VALUES ?', [
      [
        ['gpt-4o', '1970-01-01 00:00:00.000', utc(PRICE_CHANGE_MS), 2.5, 10],
        ['gpt-4o', utc(PRICE_CHANGE_MS), '9999-12-31 00:00:00.000', 2, 8],
        ['claude-3-5-haiku-20241022', '1970-01-01 00:00:00.000', '9999-12-31 00:00:00.000', 0.8, 4],
        ['house-model', '2026-01-01 00:00:00.000', '9999-12-31 00:00:00.000', 1, 3],
      ],
    ]);
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('cost', db, { prices: [OVERRIDE, HOUSE] }),
        ledgerDatasource('cost-ms', db, { prices: [OVERRIDE, HOUSE], timeAxis: 'create_time' }),
        ledgerDatasource('pinned', db, { prices: [OVERRIDE, HOUSE], pinnedTenant: 't2' }),
        ledgerDatasource('late-house', db, { prices: [{ ...HOUSE, effectiveFrom: PRICE_CHANGE }] }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  const run = (uid: string, q: object, role: Role = 'Admin', extra: object = {}) =>
    queryOne(host, uid, { ...q, ...extra }, { role, from: START, to: END });

  /** Independent reference: each row's cost, stored or priced by hand-written intervals. */
  const REF = `
    SELECT u.*, COALESCE(u.cost, (u.input_tokens * p.input_per_m + u.output_tokens * p.output_per_m) / 1000000) AS row_cost,
           (u.cost IS NULL AND p.model IS NOT NULL) AS is_estimated, (u.cost IS NULL AND p.model IS NULL) AS is_unpriced
    FROM token_usage_log u
    LEFT JOIN ref_price p ON p.model = LOWER(SUBSTRING_INDEX(u.model_name, '@', 1)) AND u.\`timestamp\` >= p.valid_from AND u.\`timestamp\` < p.valid_to
    WHERE u.\`timestamp\` BETWEEN ? AND ?`;

  async function ref(select: string, tail = '', params: unknown[] = []): Promise<RowDataPacket[]> {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT ${select} FROM (${REF}) r ${tail}`, [
      utc(START),
      utc(END),
      ...params,
    ]);
    return rows;
  }

  const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);
  const sql = async (statement: string, params: unknown[]) => (await conn.query<RowDataPacket[]>(statement, params))[0];

  it.each(['cost', 'cost-ms'])(
    'totals on %s match SQL: cost (stored + estimated), tokens, requests, cost per request',
    async (uid) => {
      const r = await run(uid, { queryType: 'costTotals' });
      expect(r.status).toBe(200);
      const [expected] = await ref(
        'SUM(row_cost) AS cost, SUM(CASE WHEN is_estimated THEN row_cost END) AS est, SUM(input_tokens) AS i, SUM(output_tokens) AS o, COUNT(*) AS n, SUM(is_estimated) AS ne, SUM(is_unpriced) AS nu'
      );
      const v = r.frames[0].data.values;
      close(v[0][0], Number(expected.cost));
      close(v[1][0], Number(expected.est));
      expect([v[2][0], v[3][0], v[4][0], v[6][0], v[7][0]]).toEqual([
        Number(expected.i),
        Number(expected.o),
        Number(expected.n),
        Number(expected.ne),
        Number(expected.nu),
      ]);
      close(v[5][0], Number(expected.cost) / Number(expected.n));
      expect(Number(expected.ne)).toBeGreaterThan(0);
      expect(Number(expected.nu)).toBeGreaterThan(0);
      expect(r.frames[0].schema.meta.notices.map((x: any) => x.severity)).toEqual(['info', 'warning']);
    }
  );

  it('prices history with the price of its day, never today’s', async () => {
    const before = await run('cost', { queryType: 'costTotals', models: ['gpt-4o'] }, 'Admin', {});
    const [expected] = await ref('SUM(CASE WHEN is_estimated THEN row_cost END) AS est', "WHERE model_name = 'gpt-4o'");
    expect(Number(expected.est)).toBeGreaterThan(0);
    close(before.frames[0].data.values[1][0], Number(expected.est));
    // Repricing everything at the new price would give a different (lower) number.
    const [today] = await ref(
      'SUM(CASE WHEN is_estimated THEN (input_tokens * 2 + output_tokens * 8) / 1000000 END) AS est',
      "WHERE model_name = 'gpt-4o'"
    );
    expect(Math.abs(Number(today.est) - Number(expected.est))).toBeGreaterThan(0.001);
  });

  it.each([
    ['model', 'SUBSTRING(model_name, 1, 64)'],
    ['tenant', 'tenant_id'],
    ['user', 'user_id'],
  ])('breaks down by %s as SQL does, sorted by cost', async (groupBy, column) => {
    const r = await run('cost', { queryType: 'costBreakdown', groupBy });
    const expected = await ref(
      `${column} AS g, SUM(row_cost) AS cost, COUNT(*) AS n`,
      `GROUP BY g ORDER BY cost DESC, g`
    );
    const v = r.frames[0].data.values;
    expect(v[0]).toEqual(expected.map((e) => e.g));
    expected.forEach((e, i) => close(v[1][i], Number(e.cost ?? 0)));
    expect(v[5]).toEqual(expected.map((e) => Number(e.n)));
  });

  it('gives the top N spenders', async () => {
    const r = await run('cost', { queryType: 'costBreakdown', groupBy: 'user', limit: 2 });
    const expected = await ref('user_id AS g, SUM(row_cost) AS cost', 'GROUP BY g ORDER BY cost DESC, g LIMIT 2');
    expect(r.frames[0].data.values[0]).toEqual(expected.map((e) => e.g));
  });

  it('draws cost per model per day, empty days as zero, summing to the total', async () => {
    const r = await run('cost', { queryType: 'costTimeSeries', groupBy: 'model' }, 'Admin', {
      intervalMs: DAY,
      maxDataPoints: 100,
    });
    const frame = r.frames[0];
    const times: number[] = frame.data.values[0];
    expect(times[0]).toBe(START);
    expect(times).toHaveLength(DAYS);
    const expected = await ref(
      `FLOOR(create_time / ${DAY}) * ${DAY} AS day, model_name AS m, SUM(row_cost) AS cost`,
      'GROUP BY day, m'
    );
    const labels = frame.schema.fields.slice(1).map((f: any) => f.labels.model);
    expect(labels).toEqual([...new Set(expected.map((e) => e.m))].sort());
    for (const [i, model] of labels.entries()) {
      times.forEach((t, slot) => {
        const e = expected.find((x) => Number(x.day) === t && x.m === model);
        close(frame.data.values[i + 1][slot], Number(e?.cost ?? 0));
      });
    }
  });

  it('draws tokens and requests too', async () => {
    const tokens = await run('cost', { queryType: 'costTimeSeries', metric: 'tokens' }, 'Admin', {
      intervalMs: DAY,
      maxDataPoints: 100,
    });
    const requests = await run('cost', { queryType: 'costTimeSeries', metric: 'requests' }, 'Admin', {
      intervalMs: DAY,
      maxDataPoints: 100,
    });
    const [expected] = await ref('SUM(input_tokens + output_tokens) AS t, COUNT(*) AS n');
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect(sum(tokens.frames[0].data.values[1])).toBe(Number(expected.t));
    expect(sum(requests.frames[0].data.values[1])).toBe(Number(expected.n));
  });

  it('lists exactly the models used without a cost and without any price', async () => {
    const r = await run('cost', { queryType: 'unpricedModels' });
    const expected = await ref('model_name AS m, COUNT(*) AS n', 'WHERE is_unpriced GROUP BY m ORDER BY n DESC, m');
    expect(r.frames[0].data.values[0]).toEqual(expected.map((e) => e.m));
    expect(r.frames[0].data.values[1]).toEqual(expected.map((e) => Number(e.n)));
    expect(expected.every((e) => String(e.m).startsWith('mystery-llm'))).toBe(true);
  });

  it('leaves usage before a model’s first price unpriced, and prices the rest', async () => {
    const [before] = await sql(
      "SELECT COUNT(*) AS n FROM token_usage_log WHERE model_name LIKE 'house-model%' AND `timestamp` < ?",
      [utc(PRICE_CHANGE_MS)]
    );
    const [after] = await sql(
      "SELECT COUNT(*) AS n, SUM(input_tokens * 1 + output_tokens * 3) / 1000000 AS est FROM token_usage_log WHERE model_name LIKE 'house-model%' AND `timestamp` >= ? AND `timestamp` <= ?",
      [utc(PRICE_CHANGE_MS), utc(END)]
    );
    const totals = await run('late-house', { queryType: 'costTotals', models: ['house-model', 'house-model@Factory'] });
    expect(totals.frames[0].data.values[6]).toEqual([Number(after.n)]);
    expect(totals.frames[0].data.values[7]).toEqual([Number(before.n)]);
    expect(totals.frames[0].data.values[1][0]).toBeCloseTo(Number(after.est), 6);
  });

  it('masks e-mail addresses in a breakdown by user below the personal-data role', async () => {
    const r = await run('cost', { queryType: 'costBreakdown', groupBy: 'user' }, 'Viewer');
    expect(r.status).toBe(200);
    expect(r.frames[0].data.values[0].filter((u: string) => u === '[EMAIL]')).toHaveLength(2);
    expect(JSON.stringify(r.frames[0].data.values)).not.toMatch(/@example\./);
  });

  it('keeps a pinned datasource to its tenant whatever the panel asked', async () => {
    const r = await run('pinned', { queryType: 'costBreakdown', groupBy: 'tenant', tenants: ['t1', 't3'] });
    expect(r.frames[0].data.values[0]).toEqual([]);
    const t2 = await run('pinned', { queryType: 'costBreakdown', groupBy: 'tenant' });
    expect(t2.frames[0].data.values[0]).toEqual(['t2']);
  });

  it.each([
    ['an unknown group', { queryType: 'costBreakdown', groupBy: 'email' }, /^invalid query: groupBy: /],
    ['a breakdown without a group', { queryType: 'costBreakdown' }, /^invalid query: groupBy: /],
    [
      'a huge limit',
      { queryType: 'costBreakdown', groupBy: 'model', limit: 10_000_000 },
      /^invalid query: limit: Too big/,
    ],
    ['SQL in a filter', { queryType: 'costTotals', models: ["x') OR 1=1 --"] }, null],
  ])('handles %s', async (_label, query, error) => {
    const r = await run('cost', query);
    if (error) {
      expect(r.status).toBe(400);
      expect(r.error).toMatch(error);
    } else {
      expect(r.status).toBe(200);
      expect(r.frames[0].data.values[4]).toEqual([0]);
    }
  });
});
