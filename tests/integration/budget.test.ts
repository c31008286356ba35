/**
 * Budgets (month-to-date and a weekday-rhythm forecast) and spend spikes from a real MariaDB
 * through the host, cross-checked with SQL on the same rows.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, utc, startHost, type Host } from './host';

const DAY = 24 * 3600 * 1000;
const FIRST_DAY = Date.UTC(2026, 8, 1); // Sep 1
const NOW = Date.UTC(2026, 10, 18, 12); // Wed Nov 18, noon
const SPIKE_DAY = Date.UTC(2026, 10, 10);

describe('budgets and spikes', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    const rows: unknown[][] = [];
    let id = 0;
    for (let day = FIRST_DAY; day < NOW; day += DAY) {
      const weekday = new Date(day).getUTCDay();
      for (const [tenant, weekdayCost, weekendCost] of [
        ['t1', 12, 3],
        ['t2', 4, 4],
      ] as const) {
        let cost: number = weekday === 0 || weekday === 6 ? weekendCost : weekdayCost;
        // Some noise, so the baseline has a spread; and one spike for t2.
        cost += ((id * 7919) % 10) / 10;
        if (tenant === 't2' && day === SPIKE_DAY) {
          cost = 80;
        }
        for (const part of [0.5, 0.5]) {
          const at = day + (id % 20) * 3_600_000;
          if (at < NOW) {
            rows.push([`r${id}`, 'u', tenant, 'gpt-4o', 100, 10, Number((cost * part).toFixed(6)), utc(at), at]);
          }
          id++;
        }
      }
    }
    await conn.query(
      'INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time) VALUES ?',
      [rows]
    );
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('ledger', db, {
          budgets: [
            { tenant: 't1', monthlyBudget: 300 },
            { tenant: 't2', monthlyBudget: 100 },
          ],
        }),
        ledgerDatasource('tiny', db, { maxRows: 5 }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  const run = (q: object, from: number, to: number) => queryOne(host, 'ledger', q, { from, to });

  async function sql(statement: string, params: unknown[]): Promise<RowDataPacket[]> {
    const [rows] = await conn.query<RowDataPacket[]>(statement, params);
    return rows;
  }

  it('gives month-to-date spend, share used and a weekday-rhythm forecast per tenant, as SQL computes them', async () => {
    const r = await run({ queryType: 'budget', lookbackWeeks: 4 }, NOW - 7 * DAY, NOW);
    expect(r.status).toBe(200);
    const [tenant, limit, spent, used, forecast, forecastUsed] = r.frames[0].data.values;
    expect(tenant).toEqual(['t1', 't2']);
    expect(limit).toEqual([300, 100]);
    const monthStart = Date.UTC(2026, 10, 1);
    const today = Math.floor(NOW / DAY) * DAY;
    for (const [i, t] of ['t1', 't2'].entries()) {
      const [mtd] = await sql(
        'SELECT SUM(cost) AS s FROM token_usage_log WHERE tenant_id = ? AND create_time BETWEEN ? AND ?',
        [t, monthStart, NOW]
      );
      expect(spent[i]).toBeCloseTo(Number(mtd.s), 6);
      expect(used[i]).toBeCloseTo(Number(mtd.s) / limit[i], 9);
      // Weekday averages over the 28 full days before today (DAYOFWEEK: 1 = Sunday).
      const avg = await sql(
        'SELECT DAYOFWEEK(`timestamp`) - 1 AS wd, SUM(cost) / 4 AS a FROM token_usage_log WHERE tenant_id = ? AND create_time >= ? AND create_time < ? GROUP BY wd',
        [t, today - 28 * DAY, today]
      );
      const byWeekday = new Map(avg.map((a) => [Number(a.wd), Number(a.a)]));
      let expected = Number(mtd.s) + ((byWeekday.get(3) ?? 0) * (today + DAY - NOW)) / DAY;
      for (let d = today + DAY; d < Date.UTC(2026, 11, 1); d += DAY) {
        expected += byWeekday.get(new Date(d).getUTCDay()) ?? 0;
      }
      expect(forecast[i]).toBeCloseTo(expected, 6);
      expect(forecastUsed[i]).toBeCloseTo(expected / limit[i], 9);
    }
    // t2's spike pushes it over budget: the share is above 1 and an alert rule on it fires.
    expect(used[1]).toBeGreaterThan(1);
  });

  it('takes a budget from the query for the tenants it lists', async () => {
    const r = await run({ queryType: 'budget', tenants: ['t1'], monthlyBudget: 1000 }, NOW - DAY, NOW);
    expect(r.frames[0].data.values[0]).toEqual(['t1']);
    expect(r.frames[0].data.values[1]).toEqual([1000]);
  });

  it("takes the app's budgets per tenant over the datasource's, and adds the tenants they name", async () => {
    const r = await run(
      {
        queryType: 'budget',
        budgets: [
          { tenant: 't2', monthlyBudget: 50 },
          { tenant: 't3', monthlyBudget: 70 },
        ],
      },
      NOW - DAY,
      NOW
    );
    expect(r.status).toBe(200);
    const [tenant, limit] = r.frames[0].data.values;
    expect(tenant).toEqual(['t1', 't2', 't3']);
    expect(limit).toEqual([300, 50, 70]);
  });

  it('names the field of a bad budget', async () => {
    const r = await run({ queryType: 'budget', budgets: [{ tenant: 't1', monthlyBudget: -5 }] }, NOW - DAY, NOW);
    expect(r.error).toMatch(/budgets\.0\.monthlyBudget/);
  });

  it('finds exactly the spike day of t2 against its own baseline', async () => {
    const r = await run(
      { queryType: 'spendSpikes', by: 'tenant', granularity: 'day', baselineDays: 28 },
      Date.UTC(2026, 10, 1),
      NOW
    );
    expect(r.status).toBe(200);
    const [time, tenant, spend, baseline] = r.frames[0].data.values;
    expect(time).toEqual([SPIKE_DAY]);
    expect(tenant).toEqual(['t2']);
    const [day] = await sql(
      'SELECT SUM(cost) AS s FROM token_usage_log WHERE tenant_id = ? AND create_time >= ? AND create_time < ?',
      ['t2', SPIKE_DAY, SPIKE_DAY + DAY]
    );
    expect(spend[0]).toBeCloseTo(Number(day.s), 6);
    // The baseline: the median of t2's 28 daily totals before the spike.
    const prior = await sql(
      'SELECT create_time DIV ? AS d, SUM(cost) AS s FROM token_usage_log WHERE tenant_id = ? AND create_time >= ? AND create_time < ? GROUP BY d ORDER BY s',
      [DAY, 't2', SPIKE_DAY - 28 * DAY, SPIKE_DAY]
    );
    const sums = prior.map((p) => Number(p.s));
    expect(sums).toHaveLength(28);
    expect(baseline[0]).toBeCloseTo((sums[13] + sums[14]) / 2, 6);
  });

  it('answers alert rules with one number per tenant: budget share used and highest spike score', async () => {
    const budgetAlert = await run({ queryType: 'budget', forAlerting: true }, NOW - DAY, NOW);
    expect(budgetAlert.frames[0].schema.fields.map((f: any) => [f.name, f.type])).toEqual([
      ['tenant', 'string'],
      ['used', 'number'],
    ]);
    const table = await run({ queryType: 'budget' }, NOW - DAY, NOW);
    expect(budgetAlert.frames[0].data.values[1]).toEqual(table.frames[0].data.values[3]);
    const spikes = await run({ queryType: 'spendSpikes', forAlerting: true }, Date.UTC(2026, 10, 1), NOW);
    const [tenants, scores] = spikes.frames[0].data.values;
    expect(tenants).toEqual(['t1', 't2']);
    // t2's spike scores far above the default threshold (3.5); t1 has none.
    expect(scores[1]).toBeGreaterThan(3.5);
    expect(scores[0]).toBeLessThan(3.5);
  });

  it('says when max rows cut the history a forecast or baseline needs', async () => {
    for (const q of [{ queryType: 'budget' }, { queryType: 'spendSpikes' }]) {
      const r = await queryOne(host, 'tiny', q, { from: Date.UTC(2026, 10, 1), to: NOW });
      expect(r.frames[0].schema.meta.notices).toEqual([
        {
          severity: 'warning',
          text: "Results were cut at 5 rows (the datasource's max rows): figures are incomplete.",
        },
      ]);
    }
  });

  it('finds none when the minimum spend is above every day', async () => {
    const r = await run({ queryType: 'spendSpikes', minSpend: 100 }, Date.UTC(2026, 10, 1), NOW);
    expect(r.frames[0].data.values[0]).toEqual([]);
  });
});
