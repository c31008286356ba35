/**
 * Retention that runs itself: the rollup job's maintenance pass (`rollup --maintain`) against MariaDB,
 * as its least-privilege user (004 + 008), on the ledger as shipped and on its partitioned variant.
 * Old rows go and newer ones stay, to the row; unpartitioned tables in several short batches,
 * partitioned ones by whole months, with months added ahead; a dry run changes nothing; every purge
 * leaves a chained AUDIT_RETENTION_PURGE event; what remains of each audit chain still verifies with
 * the datasource's walker (from the purge's checkpoint), a chain that does not verify is not purged;
 * heads are checkpointed; and two jobs at once neither purge twice nor fork the chain.
 */
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { installRollups, JOB, logLine, runJob, startJob, type JobRun } from './rollupSetup';
import {
  appendChained,
  chainRows,
  insertUnchained,
  installMaintenance,
  monthStartUtc,
  nameOf,
  partitionAroundNow,
  partitionNames,
  verifyChain,
  type NewEvent,
} from './retentionSetup';

const DAY = 86_400_000;
const NOW = Date.now();

async function count(conn: Connection, sql: string, params: unknown[] = []): Promise<number> {
  const [rows] = await conn.query<RowDataPacket[]>(sql, params);
  return Number(rows[0].n);
}

async function insertUsage(conn: Connection, times: number[], tag: string): Promise<void> {
  for (let i = 0; i < times.length; i += 1000) {
    await conn.query(
      'INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, timestamp, create_time) VALUES ?',
      [
        times
          .slice(i, i + 1000)
          .map((t, j) => [
            `${tag}-${String(i + j).padStart(8, '0')}`.padEnd(32, 'x'),
            'u1',
            'acme',
            'gpt-4o',
            10,
            5,
            0.001,
            new Date(t),
            t,
          ]),
      ]
    );
  }
}

/** `n` instants spread evenly from `fromDaysAgo` to `toDaysAgo`, oldest first. */
const spread = (n: number, fromDaysAgo: number, toDaysAgo: number) =>
  Array.from({ length: n }, (_, i) => NOW - fromDaysAgo * DAY + Math.floor(((fromDaysAgo - toDaysAgo) * DAY * i) / n));

const events = (tenantId: string | null, times: number[]): NewEvent[] =>
  times.map((createTime) => ({ tenantId, createTime }));

async function purgeEvents(conn: Connection): Promise<Array<Record<string, unknown>>> {
  const [rows] = await conn.query<RowDataPacket[]>(
    "SELECT tenant_id, details, chain_key, chain_seq FROM audit_log WHERE action = 'AUDIT_RETENTION_PURGE' ORDER BY chain_seq"
  );
  return rows;
}

const batches = (run: JobRun, table: string) =>
  run.lines.filter((l) => l['@message'] === 'retention batch' && l.table === table).map((l) => Number(l.rows));

const MAINTAIN = ['--maintain', '--audit-retention-days', '30', '--usage-retention-days', '30'];

describe('retention on the ledger as shipped (unpartitioned)', () => {
  let db: TestDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    await applySchema(conn, '007_audit_chain.sql');
    await installRollups(conn);
    await installMaintenance(conn);

    await insertUsage(conn, [...spread(4500, 60, 31), ...spread(500, 29, 0.01)], 'u');
    await appendChained(conn, [
      ...events('acme', [...spread(2500, 60, 31), ...spread(500, 29, 1)]),
      // beta: an event delivered late (older, appended after a newer one) waits for the newer one.
      ...events('beta', [...spread(4, 60, 50), NOW - 2 * DAY, ...spread(5, 45, 40), ...spread(3, 10, 5)]),
      ...events('gamma', [...spread(10, 60, 40), ...spread(2, 10, 5)]),
      ...events(null, [...spread(20, 60, 31), ...spread(5, 20, 1)]),
    ]);
    // gamma was tampered with: one of its old events edited.
    await conn.query(
      'UPDATE audit_log SET details = \'{"kb":"edited"}\' WHERE chain_key = \'gamma\' AND chain_seq = 3'
    );
    await insertUnchained(conn, [...spread(1200, 90, 31), ...spread(100, 29, 1)]);
  });

  afterAll(async () => {
    await conn?.end();
    await db?.stop();
  });

  it('gives the job what maintenance needs and no more', async () => {
    const job = await createConnection({ ...db.options, user: JOB.user, password: JOB.password });
    try {
      await job.query('DELETE FROM token_usage_log WHERE 1 = 0');
      await job.query('DELETE FROM audit_log WHERE 1 = 0');
      await expect(job.query("UPDATE audit_log SET details = 'x' WHERE 1 = 0")).rejects.toThrow(/denied/);
      await expect(job.query('UPDATE token_usage_log SET cost = 0 WHERE 1 = 0')).rejects.toThrow(/denied/);
      await expect(job.query('DELETE FROM audit_checkpoint WHERE 1 = 0')).rejects.toThrow(/denied/);
      await expect(job.query("UPDATE audit_checkpoint SET reason = 'x' WHERE 1 = 0")).rejects.toThrow(/denied/);
      await expect(job.query('DELETE FROM audit_chain_head WHERE 1 = 0')).rejects.toThrow(/denied/);
      // Unpartitioned tables: no DDL.
      await expect(job.query('ALTER TABLE audit_log ADD COLUMN x INT')).rejects.toThrow(/denied/);
      await expect(job.query('DROP TABLE token_usage_log')).rejects.toThrow(/denied/);
    } finally {
      await job.end();
    }
  });

  it('in a dry run, reports what would go and changes nothing', async () => {
    const snapshot = async () =>
      Promise.all([
        count(conn, 'SELECT COUNT(*) AS n FROM token_usage_log'),
        count(conn, 'SELECT COUNT(*) AS n FROM audit_log'),
        count(conn, 'SELECT COUNT(*) AS n FROM audit_checkpoint'),
        count(conn, 'SELECT SUM(chain_seq) AS n FROM audit_chain_head'),
      ]);
    const before = await snapshot();
    const run = await runJob(db, [...MAINTAIN, '--dry-run', '--purge-batch', '1000']);
    expect(await snapshot()).toEqual(before);
    const dry = run.lines.filter((l) => l['@message'] === 'retention dry run');
    expect(dry.map((l) => [l.table, l.removedRows, l.dryRun])).toEqual([
      // 2500 of acme, 4 of beta, 20 without a tenant, 1200 outside any chain; gamma does not verify.
      ['audit_log', 3724, true],
      ['token_usage_log', 4500, true],
    ]);
    expect(String(dry[0].skippedChains)).toMatch(/gamma/);
    expect(batches(run, 'audit_log')).toEqual([]);
    expect(await purgeEvents(conn)).toEqual([]);
  });

  it('deletes what is past retention in short batches, keeps the rest, and each chain still verifies', async () => {
    const acmeBefore = await chainRows(conn, 'acme');
    const started = Date.now();
    const run = await runJob(db, [...MAINTAIN, '--purge-batch', '1000', '--purge-pause', '10']);

    expect(await count(conn, 'SELECT COUNT(*) AS n FROM token_usage_log')).toBe(500);
    expect(await count(conn, 'SELECT COUNT(*) AS n FROM token_usage_log WHERE create_time < ?', [NOW - 30 * DAY])).toBe(
      0
    );
    expect(batches(run, 'token_usage_log')).toEqual([1000, 1000, 1000, 1000, 500]);
    // Outside chains: 1200 in two batches; acme: 2500 in pages of 1000; beta 4; '' 20.
    expect(batches(run, 'audit_log').reduce((a, b) => a + b, 0)).toBe(3724);
    expect(batches(run, 'audit_log').length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...batches(run, 'audit_log'))).toBeLessThanOrEqual(1000);

    expect(await count(conn, 'SELECT COUNT(*) AS n FROM audit_log WHERE chain_key IS NULL')).toBe(100);
    const acme = await verifyChain(conn, 'acme');
    expect(acme).toEqual({ verified: 500, firstSeq: 2501, lastSeq: 3000, broken: undefined });
    // The checkpoint of the last event removed, with that event's own hash.
    const [[cp]] = await conn.query<RowDataPacket[]>(
      "SELECT row_hash, reason FROM audit_checkpoint WHERE chain_key = 'acme' AND chain_seq = 2500"
    );
    expect(cp).toMatchObject({ row_hash: acmeBefore[2499].rowHash, reason: 'purge' });
    // beta: its newer event at place 5 holds back the older ones after it.
    expect(await verifyChain(conn, 'beta')).toEqual({ verified: 9, firstSeq: 5, lastSeq: 13, broken: undefined });
    // gamma does not verify: nothing of it was purged, and the job said so.
    expect((await chainRows(conn, 'gamma')).length).toBe(12);
    expect(run.lines.some((l) => /does not verify/.test(String(l['@message'])) && l.chain === 'gamma')).toBe(true);

    // Heads were checkpointed before the purge.
    expect(
      await count(
        conn,
        "SELECT COUNT(*) AS n FROM audit_checkpoint WHERE chain_key = 'acme' AND chain_seq = 3000 AND reason = 'periodic'"
      )
    ).toBe(1);

    // Each purge is an audit event, chained after the events without a tenant.
    const purges = await purgeEvents(conn);
    expect(purges.map((p) => [p.tenant_id, p.chain_key])).toEqual([
      [null, ''],
      [null, ''],
    ]);
    const details = purges.map((p) => JSON.parse(String(p.details)));
    expect(purges.map((p) => Object.keys(JSON.parse(String(p.details))))).toEqual([
      ['table', 'retentionDays', 'removedRows', 'before', 'dryRun'],
      ['table', 'retentionDays', 'removedRows', 'before', 'dryRun'],
    ]);
    expect(details.map((d) => [d.table, d.retentionDays, d.removedRows, d.dryRun])).toEqual([
      ['audit_log', 30, 3724, false],
      ['token_usage_log', 30, 4500, false],
    ]);
    for (const d of details) {
      expect(d.before).toBeGreaterThanOrEqual(started - 30 * DAY - 5000);
      expect(d.before).toBeLessThanOrEqual(Date.now() - 30 * DAY);
    }
    const unowned = await verifyChain(conn, '');
    expect(unowned).toEqual({ verified: 7, firstSeq: 21, lastSeq: 27, broken: undefined });
    expect(logLine(run, /maintenance done/)).toMatchObject({ removedRows: 3724 + 4500, dryRun: false });
  });

  it('checkpoints a head that moved, and writes no event when nothing is past retention', async () => {
    await appendChained(conn, events('acme', [NOW - 1000, NOW - 500, NOW - 100]));
    const run = await runJob(db, MAINTAIN);
    // acme's new head, and the head the last run's purge events moved.
    expect(logLine(run, /audit checkpoints written/)).toMatchObject({ written: 2 });
    expect(
      await count(
        conn,
        "SELECT COUNT(*) AS n FROM audit_checkpoint WHERE chain_key = 'acme' AND chain_seq = 3003 AND reason = 'periodic'"
      )
    ).toBe(1);
    expect((await purgeEvents(conn)).length).toBe(2);
    expect((await verifyChain(conn, 'acme')).broken).toBeUndefined();
  });

  it('run by two jobs at once, purges once and keeps one unforked chain', async () => {
    await insertUsage(conn, spread(3000, 50, 40), 'again');
    await appendChained(conn, events('delta', [...spread(1500, 50, 40), NOW - DAY]));
    await insertUnchained(conn, spread(1000, 50, 40));
    const args = ['--once', ...MAINTAIN, '--purge-batch', '500', '--purge-pause', '20'];
    const [a, b] = await Promise.all([startJob(db, args).done, startJob(db, args).done]);
    expect([a.status, b.status]).toEqual([0, 0]);
    // They met: one held the lease and maintained, the other found it held and left the work to it.
    const skipped = (r: JobRun) => r.lines.some((l) => l['@message'] === 'rollup refresh skipped');
    expect([skipped(a), skipped(b)].sort()).toEqual([false, true]);

    expect(await count(conn, 'SELECT COUNT(*) AS n FROM token_usage_log')).toBe(500);
    expect((await chainRows(conn, 'delta')).length).toBe(1);
    const purges = (await purgeEvents(conn)).slice(2).map((p) => JSON.parse(String(p.details)));
    expect(purges.map((d) => [d.table, d.removedRows])).toEqual([
      ['audit_log', 2500],
      ['token_usage_log', 3000],
    ]);
    for (const key of ['', 'acme', 'beta', 'delta']) {
      expect({ key, broken: (await verifyChain(conn, key)).broken }).toEqual({ key, broken: undefined });
    }
    expect(
      await count(conn, "SELECT COUNT(*) - COUNT(DISTINCT chain_seq) AS n FROM audit_log WHERE chain_key = ''")
    ).toBe(0);
  });
});

describe('retention on the partitioned ledger', () => {
  let db: TestDatabase;
  let conn: Connection;
  let months: string[];
  /** Rows per month: usage, acme's chained events, events outside any chain. */
  const PER_MONTH = { usage: 50, chained: 20, unchained: 15 };
  const inMonth = (m: number) => Math.max(m, Math.min(m + 10 * DAY, NOW - 60_000));

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn, 'partitioned/001_ledger_partitioned.sql');
    months = await partitionAroundNow(conn, NOW, 14);
    await installRollups(conn);
    // 008 before 007 grants what exists and does not fail; run again after 007, it grants the rest.
    await installMaintenance(conn);
    await applySchema(conn, '007_audit_chain.sql');
    await installMaintenance(conn);
    const starts = Array.from({ length: 15 }, (_, i) => monthStartUtc(NOW, i - 14));
    const old = monthStartUtc(NOW, -16);
    await insertUsage(
      conn,
      [
        ...Array.from({ length: 30 }, (_, i) => old + i * 1000),
        ...starts.flatMap((m) => Array.from({ length: PER_MONTH.usage }, (_, i) => inMonth(m) + i)),
      ],
      'p'
    );
    await appendChained(
      conn,
      events('acme', [
        ...Array.from({ length: 10 }, (_, i) => old + i * 1000),
        ...starts.flatMap((m) => Array.from({ length: PER_MONTH.chained }, (_, i) => inMonth(m) + i)),
      ])
    );
    await insertUnchained(
      conn,
      starts.flatMap((m) => Array.from({ length: PER_MONTH.unchained }, (_, i) => inMonth(m) + i))
    );
  });

  afterAll(async () => {
    await conn?.end();
    await db?.stop();
  });

  const ARGS = [
    '--maintain',
    '--audit-retention-days',
    '200',
    '--usage-retention-days',
    '200',
    '--partitions-ahead',
    '3',
  ];
  const ahead = [1, 2, 3].map((i) => nameOf(monthStartUtc(NOW, i)));

  it('in a dry run, reports the months it would add and drop and changes nothing', async () => {
    const before = [await partitionNames(conn, 'audit_log'), await partitionNames(conn, 'token_usage_log')];
    const rows = await count(
      conn,
      'SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM token_usage_log) AS n'
    );
    const run = await runJob(db, [...ARGS, '--dry-run']);
    expect([await partitionNames(conn, 'audit_log'), await partitionNames(conn, 'token_usage_log')]).toEqual(before);
    expect(
      await count(conn, 'SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM token_usage_log) AS n')
    ).toBe(rows);
    expect(
      run.lines.filter((l) => l['@message'] === 'partitions would be added').map((l) => [l.table, l.partitions])
    ).toEqual([
      ['audit_log', JSON.stringify(ahead)],
      ['token_usage_log', JSON.stringify(ahead)],
    ]);
    expect(await count(conn, 'SELECT COUNT(*) AS n FROM audit_checkpoint')).toBe(0);
  });

  it('adds months ahead, drops whole months past retention, and the chain verifies from the checkpoint', async () => {
    const acmeBefore = await chainRows(conn, 'acme');
    const run = await runJob(db, ARGS);
    // Months whose every row is older than the cutoff; the month the cutoff falls in stays whole.
    const cutoff = NOW - 200 * DAY;
    const dropped = months.filter((_, i) => monthStartUtc(NOW, i - 13) <= cutoff);
    expect(dropped.length).toBeGreaterThan(3);
    const kept = months.slice(dropped.length);
    expect(
      run.lines.filter((l) => l['@message'] === 'retention purged').map((l) => [l.table, l.droppedPartitions])
    ).toEqual([
      ['audit_log', JSON.stringify(['p_old', ...dropped])],
      ['token_usage_log', JSON.stringify(['p_old', ...dropped])],
    ]);
    for (const table of ['audit_log', 'token_usage_log']) {
      expect(await partitionNames(conn, table)).toEqual([...kept, ...ahead, 'p_future']);
    }
    expect(await count(conn, 'SELECT COUNT(*) AS n FROM token_usage_log')).toBe(kept.length * PER_MONTH.usage);
    expect(await count(conn, 'SELECT COUNT(*) AS n FROM audit_log WHERE chain_key IS NULL')).toBe(
      kept.length * PER_MONTH.unchained
    );
    const lastDropped = 10 + dropped.length * PER_MONTH.chained;
    expect(await verifyChain(conn, 'acme')).toEqual({
      verified: kept.length * PER_MONTH.chained,
      firstSeq: lastDropped + 1,
      lastSeq: acmeBefore.length,
      broken: undefined,
    });
    const [[cp]] = await conn.query<RowDataPacket[]>(
      "SELECT row_hash FROM audit_checkpoint WHERE chain_key = 'acme' AND chain_seq = ? AND reason = 'purge'",
      [lastDropped]
    );
    expect(cp?.row_hash).toBe(acmeBefore[lastDropped - 1].rowHash);

    const before = monthStartUtc(NOW, dropped.length - 14);
    const purges = (await purgeEvents(conn)).map((p) => JSON.parse(String(p.details)));
    expect(purges).toEqual([
      {
        table: 'audit_log',
        retentionDays: 200,
        removedRows: lastDropped + dropped.length * PER_MONTH.unchained,
        before,
        dryRun: false,
      },
      {
        table: 'token_usage_log',
        retentionDays: 200,
        removedRows: 30 + dropped.length * PER_MONTH.usage,
        before,
        dryRun: false,
      },
    ]);
    expect((await verifyChain(conn, '')).broken).toBeUndefined();

    // Run again: nothing more to add or drop, no new event.
    const again = await runJob(db, ARGS);
    expect(again.lines.filter((l) => /partitions/.test(String(l['@message'])))).toEqual([]);
    expect((await purgeEvents(conn)).length).toBe(2);
  });
});
