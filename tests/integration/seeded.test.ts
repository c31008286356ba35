/**
 * The demo data set (npm run seed) through the plugin: what the demo stack and the screenshots show
 * must match SQL on the same rows — totals, the breakdown by model, exactly the unpriced models, and
 * the spike the generator planted.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startDatabase, type TestDatabase } from '../db/mariadb';
import { seed, UNPRICED_MODELS, type SeedResult } from '../../tools/seed';
import { CATALOG_PRICES } from '../../pkg/pricing/catalog.generated';
import { modelKey } from '../../src/shared/pricing';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, type Host } from './host';

const END = Date.UTC(2026, 10, 1);
const DAYS = 60;
const FROM = END - DAYS * 24 * 3600 * 1000;

describe('seeded demo data', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;
  let plan: SeedResult;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    plan = await seed({ connection: conn, rows: 40_000, seed: 42, end: new Date(END), days: DAYS, schema: true });
    host = await startHost({ yaml: datasourcesYaml([ledgerDatasource('demo', db)]) });
  });

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  const run = (q: object) => queryOne(host, 'demo', q, { from: FROM, to: END - 1 });
  const sql = async (statement: string, params: unknown[] = []) =>
    (await conn.query<RowDataPacket[]>(statement, params))[0];

  it('totals match SQL', async () => {
    const r = await run({ queryType: 'costTotals' });
    const [e] = await sql(
      'SELECT SUM(cost) AS cost, SUM(input_tokens) AS i, SUM(output_tokens) AS o, COUNT(*) AS n, SUM(cost IS NULL) AS unpriced FROM token_usage_log WHERE create_time BETWEEN ? AND ?',
      [FROM, END - 1]
    );
    const v = r.frames[0].data.values;
    expect(v[0][0]).toBeCloseTo(Number(e.cost), 4);
    expect([v[2][0], v[3][0], v[4][0], v[7][0]]).toEqual([Number(e.i), Number(e.o), 40_000, Number(e.unpriced)]);
  });

  it('breaks down by model as SQL does', async () => {
    const r = await run({ queryType: 'costBreakdown', groupBy: 'model', sort: 'requests' });
    const e = await sql(
      'SELECT model_name AS m, COUNT(*) AS n FROM token_usage_log WHERE create_time BETWEEN ? AND ? GROUP BY m ORDER BY n DESC, m',
      [FROM, END - 1]
    );
    expect(r.frames[0].data.values[0]).toEqual(e.map((x) => x.m));
    expect(r.frames[0].data.values[5]).toEqual(e.map((x) => Number(x.n)));
  });

  it('names exactly the models without a price', async () => {
    // None of the generator's unpriced models is in the built-in catalog either.
    const catalog = new Set(CATALOG_PRICES.map(([model]) => model));
    expect(UNPRICED_MODELS.filter((m) => catalog.has(modelKey(m)))).toEqual([]);
    const r = await run({ queryType: 'unpricedModels' });
    expect([...r.frames[0].data.values[0]].sort()).toEqual([...UNPRICED_MODELS].sort());
  });

  it('finds the spike the generator planted, for its tenant on its day', async () => {
    const r = await run({ queryType: 'spendSpikes', by: 'tenant', granularity: 'day', baselineDays: 21 });
    const spikes = r.frames[0].data.values[0].map((t: number, i: number) => [t, r.frames[0].data.values[1][i]]);
    expect(spikes).toContainEqual([plan.spike.day, plan.spike.tenant.id]);
  });
});
