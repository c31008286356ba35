/**
 * The rollup job as it runs in production: the executable's `rollup` subcommand against MariaDB, as
 * its least-privilege user. Two jobs never refresh at once; a killed job leaves no half bucket; rows
 * written while it runs (current and late) are neither lost nor counted twice; the reconcile finds
 * what changed behind its back (totals, and a user changed on old rows), repairs it and counts it.
 */
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { startDatabase, type TestDatabase } from '../db/mariadb';
import { seed } from '../../tools/seed';
import { datasourcesYaml, eventually, ledgerDatasource, startHost, userHeaders } from './host';
import { installRollups, JOB, logLine, RO, runJob, startJob } from './rollupSetup';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;

async function rows(conn: Connection, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await conn.query<RowDataPacket[]>(sql, params);
  return result;
}

/** Per hour below the watermark: raw totals and the hour table's, as comparable text. */
async function hourTotals(conn: Connection): Promise<{ raw: Map<number, string>; rollup: Map<number, string> }> {
  const sums = 'SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(stored_cost), SUM(null_requests)';
  const text = (r: RowDataPacket) => JSON.stringify(Object.values(r).slice(1).map(String));
  const rollup = await rows(conn, `SELECT hour_index, ${sums} FROM token_usage_rollup_hour GROUP BY hour_index`);
  const raw = await rows(
    conn,
    `SELECT h, ${sums} FROM (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01', timestamp) DIV 3600 AS h, COUNT(*) AS requests,
       SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cost) AS stored_cost,
       SUM(cost IS NULL) AS null_requests FROM token_usage_log GROUP BY h) x GROUP BY h`
  );
  return {
    raw: new Map(raw.map((r) => [Number(r.h), text(r)])),
    rollup: new Map(rollup.map((r) => [Number(r.hour_index), text(r)])),
  };
}

async function state(conn: Connection): Promise<RowDataPacket> {
  return (await rows(conn, 'SELECT * FROM token_usage_rollup_state WHERE id = 1'))[0];
}

/** Empties the rollups and forgets the watermark and lease: the next run builds everything again. */
async function resetRollups(conn: Connection): Promise<void> {
  for (const table of ['token_usage_rollup_hour', 'token_usage_rollup_day', 'token_usage_rollup_day_user']) {
    await conn.query(`DELETE FROM ${table}`);
  }
  await conn.query(
    'UPDATE token_usage_rollup_state SET watermark_ms = NULL, ct_high_water = NULL, lease_owner = NULL, lease_until = NULL'
  );
}

describe('the rollup job', () => {
  let db: TestDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await seed({ connection: conn, rows: 40_000, seed: 5, end: new Date(END), days: 30, schema: true });
    await installRollups(conn);
  });

  afterAll(async () => {
    await conn?.end();
    await db?.stop();
  });

  it('has the least privilege: reads the ledger, writes only the rollups', async () => {
    const job = await createConnection({ ...db.options, user: JOB.user, password: JOB.password });
    try {
      await job.query('SELECT COUNT(*) FROM token_usage_log');
      await expect(job.query('DELETE FROM token_usage_log LIMIT 1')).rejects.toThrow(/command denied/);
      await expect(job.query("INSERT INTO audit_log (id, action) VALUES ('x', 'y')")).rejects.toThrow(/denied/);
      await expect(job.query('CREATE TABLE evil (id INT)')).rejects.toThrow(/denied/);
      await job.query('DELETE FROM token_usage_rollup_hour WHERE hour_index < 0');
    } finally {
      await job.end();
    }
  });

  it('never runs twice at once: a second job finds the lease held and skips', async () => {
    await resetRollups(conn);
    // One hour per transaction: the backfill of 30 days takes long enough to meet the second job.
    const first = startJob(db, ['--once', '--chunk-hours', '1']);
    await eventually(async () => expect((await state(conn)).lease_owner).toMatch(/:\d+$/), 20_000, 20);
    const second = await runJob(db);
    expect(logLine(second, /rollup refresh skipped/)).toMatchObject({ skipped: 'another job holds the rollup lease' });
    const done = await first.done;
    expect(done.status).toBe(0);
    expect(logLine(done, /rollups refreshed/).hours).toBeGreaterThanOrEqual(30 * 24);
    const { raw, rollup } = await hourTotals(conn);
    const watermark = Number((await state(conn)).watermark_ms);
    for (const [hour, totals] of raw) {
      if (hour * HOUR < watermark) {
        expect({ hour, totals: rollup.get(hour) }).toEqual({ hour, totals });
      }
    }
  });

  it('killed in the middle of a rebuild, leaves only whole buckets, and the next run completes', async () => {
    await resetRollups(conn);
    const job = startJob(db, ['--once', '--chunk-hours', '1', '--lease', '2']);
    await eventually(
      async () =>
        expect(
          Number((await rows(conn, 'SELECT COUNT(DISTINCT hour_index) AS n FROM token_usage_rollup_hour'))[0].n)
        ).toBeGreaterThan(40),
      20_000,
      10
    );
    job.child.kill('SIGKILL');
    await job.done;
    const { raw, rollup } = await hourTotals(conn);
    expect(rollup.size).toBeGreaterThan(40);
    expect(rollup.size).toBeLessThan(raw.size);
    // Every hour it committed is whole; the watermark did not move, so readers use none of them yet.
    for (const [hour, totals] of rollup) {
      expect({ hour, totals }).toEqual({ hour, totals: raw.get(hour) });
    }
    expect((await state(conn)).watermark_ms).toBeNull();
    // Its lease runs out (2 s); then a new run takes it and completes.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const next = await runJob(db, ['--reconcile']);
    expect(logLine(next, /rollups reconciled/)).toMatchObject({ drift: 0 });
  });

  it('loses and double-counts nothing while rows are written, now and late', async () => {
    const writer = await db.connect();
    let stop = false;
    let written = 0;
    const write = (async () => {
      for (let i = 0; !stop; i++) {
        const now = Date.now();
        // A current call (above the watermark) and a late one (for an hour already built).
        const late = END - ((i % 20) + 1) * 7 * HOUR + (i % 3600) * 1000;
        await writer.query(
          `INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, timestamp, create_time)
           VALUES (?, 'writer', 'wtenant', 'gpt-4o', 100, 10, 0.001, ?, ?), (?, NULL, 'wtenant', 'qwen2.5:72b', 7, 3, NULL, ?, ?)`,
          [`w${i}now`.padEnd(32, '0'), new Date(now), now, `w${i}late`.padEnd(32, '0'), new Date(late), now]
        );
        written += 2;
      }
    })();
    // The job runs every second meanwhile, as its own service would every minute.
    const job = startJob(db, ['--interval', '1', '--close-delay', '1']);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    stop = true;
    await write;
    job.child.kill('SIGTERM');
    const stopped = await job.done;
    expect(stopped.status).toBe(0);
    expect(stopped.lines.filter((l) => l['@message'] === 'rollups refreshed').length).toBeGreaterThan(2);
    expect(written).toBeGreaterThan(100);
    // One more run after the last write, then the reconcile compares every closed day: no drift.
    const last = await runJob(db, ['--close-delay', '1', '--reconcile']);
    expect(logLine(last, /rollups reconciled/)).toMatchObject({ drift: 0 });
    const { raw, rollup } = await hourTotals(conn);
    const watermark = Number((await state(conn)).watermark_ms);
    for (const [hour, totals] of raw) {
      if (hour * HOUR < watermark) {
        expect({ hour, totals: rollup.get(hour) }).toEqual({ hour, totals });
      }
    }
    await writer.end();
  });

  it('the reconcile finds what changed behind its back, rebuilds it and counts it; the health check says so', async () => {
    const day = Math.floor((END - 10 * DAY) / DAY);
    // A rollup row changed by hand, and a user changed on old rows (the day's totals stay the same).
    await conn.query('UPDATE token_usage_rollup_day SET requests = requests + 1 WHERE day_index = ? LIMIT 1', [day]);
    await conn.query(
      "UPDATE token_usage_log SET user_id = 'renamed-user' WHERE timestamp >= ? AND timestamp < ? AND user_id IS NOT NULL LIMIT 3",
      [new Date((day - 5) * DAY), new Date((day - 4) * DAY)]
    );
    const before = Number((await state(conn)).drift_days_total);
    const run = await runJob(db, ['--reconcile']);
    expect(logLine(run, /rollups reconciled/)).toMatchObject({ drift: 2 });
    const after = await state(conn);
    expect({ last: after.drift_days_last, total: Number(after.drift_days_total) }).toEqual({
      last: 2,
      total: before + 2,
    });
    const users = await rows(
      conn,
      "SELECT SUM(requests) AS n FROM token_usage_rollup_day_user WHERE user_id = 'renamed-user' AND day_index = ?",
      [day - 5]
    );
    expect(Number(users[0].n)).toBe(3);

    const host = await startHost({ yaml: datasourcesYaml([ledgerDatasource('roll', { ...db, ...RO })]) });
    try {
      const res = await fetch(`${host.url}/api/datasources/uid/roll/health`, { headers: userHeaders('Admin') });
      const body = (await res.json()) as {
        details: { checks: Array<{ check: string; status: string; message: string }> };
      };
      expect(body.details.checks.find((c) => c.check === 'rollups')).toEqual({
        check: 'rollups',
        status: 'warning',
        message: expect.stringMatching(
          /Reconciled \d+ s ago: \d+ days compared, 2 differed and were rebuilt \(\d+ in all\)\.$/
        ),
      });
    } finally {
      host.cleanup();
    }
    expect(logLine(await runJob(db, ['--reconcile']), /rollups reconciled/)).toMatchObject({ drift: 0 });
  });
});
