/**
 * The demo workload against a real MariaDB with schema/mysql/001_ledger.sql: a short run's
 * prepared INSERTs are accepted by both ledger tables (types, lengths, NOT NULLs; MariaDB's and MySQL 8's
 * default sql_mode is strict) and
 * the rows read back as written.
 */
import { createPool, type Connection, type Pool, type RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { connectionOptions } from '../../tools/seed/seed';
import { Workload } from '../../tools/workload/workload';
import type { SimRequest } from '../../tools/workload/scenario';

describe('demo workload ledger writes', () => {
  let db: TestDatabase;
  let conn: Connection;
  let pool: Pool;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    // The connection options the workload's --mysql-url gives (UTC, utf8mb4).
    pool = createPool({ ...connectionOptions(db.url), connectionLimit: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await conn?.end();
    await db?.stop();
  });

  it('writes rows both tables accept, as written', async () => {
    const workload = new Workload({
      seed: 'integration',
      rps: 100,
      serviceName: 'ragflow',
      processMetrics: false,
      out: () => {},
      db: pool,
    });
    const start = Date.UTC(2026, 10, 26, 9, 0, 0);
    const reqs: SimRequest[] = [];
    for (let i = 0; i < 400; i++) {
      reqs.push(workload.step(start + i * 250));
    }
    await workload.stop();
    const usage = reqs.flatMap((r) => r.usage);
    const audit = reqs.flatMap((r) => r.audit);
    expect(workload.stats).toEqual({ requests: 400, usageRows: usage.length, auditRows: audit.length, dbErrors: 0 });
    expect(usage.length).toBeGreaterThan(300);
    expect(audit.length).toBeGreaterThan(10);

    const [[counts]] = await conn.query<RowDataPacket[]>(
      'SELECT (SELECT COUNT(*) FROM token_usage_log) AS u, (SELECT COUNT(*) FROM audit_log) AS a'
    );
    expect({ u: Number(counts!.u), a: Number(counts!.a) }).toEqual({ u: usage.length, a: audit.length });

    const priced = usage.find((u) => u.cost !== null && u.status === 'ok' && u.cachedTokens !== null)!;
    const [[row]] = await conn.query<RowDataPacket[]>(
      'SELECT user_id, tenant_id, model_name, input_tokens, output_tokens, cached_tokens, cost, `timestamp`, ' +
        'create_time, create_date, latency_ms, status FROM token_usage_log WHERE id = ?',
      [priced.id]
    );
    expect(row).toEqual({
      user_id: priced.userId,
      tenant_id: priced.tenantId,
      model_name: priced.modelName,
      input_tokens: priced.inputTokens,
      output_tokens: priced.outputTokens,
      cached_tokens: priced.cachedTokens,
      cost: priced.cost!.toFixed(8),
      timestamp: new Date(priced.time).toISOString().replace('T', ' ').replace('Z', ''),
      create_time: priced.time,
      create_date: new Date(priced.time).toISOString().slice(0, 19).replace('T', ' '),
      latency_ms: priced.latencyMs,
      status: priced.status,
    });

    const [actions] = await conn.query<RowDataPacket[]>(
      'SELECT action, COUNT(*) AS n FROM audit_log GROUP BY action ORDER BY action'
    );
    const expected = new Map<string, number>();
    audit.forEach((a) => expected.set(a.action, (expected.get(a.action) ?? 0) + 1));
    expect(Object.fromEntries(actions.map((a) => [a.action, Number(a.n)]))).toEqual(Object.fromEntries(expected));
    const [failures] = await conn.query<RowDataPacket[]>(
      "SELECT JSON_VALUE(details, '$.reason') AS reason FROM audit_log WHERE action = 'USER_LOGIN_FAILURE'"
    );
    failures.forEach((f) => expect(['wrong_password', 'unknown_email']).toContain(f.reason));
  });
});
