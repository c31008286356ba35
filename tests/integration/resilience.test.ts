/**
 * What happens when MySQL is slow, when Grafana cancels, and when MySQL goes away and comes back:
 * the statement time limit stops a statement in the server, a cancelled query is killed in MySQL,
 * and an outage is a per-query downstream error the plugin recovers from by itself.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, eventually, isAlive, ledgerDatasource, queryOne, startHost, type Host } from './host';

/** A TCP proxy in front of the database that the test can take down and bring back on the same port. */
class Outage {
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) {
      s.destroy();
    }
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('resilience', () => {
  let db: TestDatabase;
  let admin: Connection;
  let host: Host;
  let outage: Outage;

  beforeAll(async () => {
    db = await startDatabase();
    admin = await db.connect();
    await applySchema(admin);
    await admin.query(
      "INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time) VALUES ('r1', 'u', 't', 'm', 1, 1, 0.5, '2026-11-01 00:00:00.000', 1793491200000)"
    );
    outage = new Outage({ host: db.host, port: db.port });
    await outage.up();
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('slow', db, { queryTimeoutSeconds: 1 }),
        ledgerDatasource('patient', db, { queryTimeoutSeconds: 120 }),
        ledgerDatasource('proxied', { ...db, port: outage.port }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await outage?.down();
    await admin?.end();
    await db?.stop();
  });

  const totals = (uid: string, signal?: AbortSignal) =>
    queryOne(host, uid, { queryType: 'costTotals' }, { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 11, 1), signal });

  async function runningLedgerQueries(): Promise<number> {
    const [rows] = await admin.query<RowDataPacket[]>(
      // Not this connection: its own statement text matches the pattern too.
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INFO LIKE '%FROM `token_usage_log` u%'"
    );
    return Number(rows[0].n);
  }

  it('stops a statement at the datasource query timeout, in the server', async () => {
    // A write lock held elsewhere keeps the query waiting: a slow query on demand.
    await admin.query('LOCK TABLES token_usage_log WRITE');
    try {
      const r = await totals('slow');
      expect(r).toMatchObject({ status: 504, errorSource: 'downstream' });
      expect(r.error).toBe("the query ran past the datasource's query timeout and MySQL stopped it");
    } finally {
      await admin.query('UNLOCK TABLES');
    }
  });

  it('kills the statement in MySQL when the request is cancelled', async () => {
    await admin.query('LOCK TABLES token_usage_log WRITE');
    try {
      const controller = new AbortController();
      const pending = totals('patient', controller.signal).catch((err) => err);
      await eventually(async () => expect(await runningLedgerQueries()).toBe(1));
      controller.abort();
      expect((await pending).name).toBe('AbortError');
      // Gone from the server while the lock is still held: it was killed, not finished.
      await eventually(async () => expect(await runningLedgerQueries()).toBe(0));
      await eventually(() => expect(host.logs()).toMatch(/query refused: .*code=request\.cancelled/));
    } finally {
      await admin.query('UNLOCK TABLES');
    }
  });

  it('answers a MySQL outage per query as downstream, stays up, and recovers when MySQL is back', async () => {
    expect((await totals('proxied')).status).toBe(200);
    await outage.down();
    const during = await totals('proxied');
    expect(during).toMatchObject({ status: 503, errorSource: 'downstream' });
    expect(during.error).toMatch(/^MySQL at 127\.0\.0\.1:\d+ is unreachable/);
    expect(isAlive(host.pluginPid)).toBe(true);
    await outage.up();
    await eventually(async () => expect((await totals('proxied')).status).toBe(200));
    expect((await totals('proxied')).frames[0].data.values[0]).toEqual([0.5]);
  });
});
