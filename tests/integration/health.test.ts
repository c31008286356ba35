/**
 * "Save & test" outcomes, each from a real MariaDB through the conformance host: the check must
 * tell apart what an admin has to fix (errors) from what they should fix (warnings).
 */
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, startHost, userHeaders, type DatasourceSpec, type Host } from './host';

interface Health {
  status: 'OK' | 'ERROR' | 'UNKNOWN';
  message: string;
  details?: { checks: Array<{ check: string; status: string; message: string; code?: string }> };
}

describe('health check against MariaDB', () => {
  let db: TestDatabase;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    const conn = await db.connect();
    await applySchema(conn);
    // A read-only user, a user that can write, databases with missing pieces.
    for (const sql of [
      "CREATE USER 'ro'@'%' IDENTIFIED BY 'ro-pass'",
      `GRANT SELECT ON \`${db.database}\`.* TO 'ro'@'%'`,
      "CREATE USER 'rw'@'%' IDENTIFIED BY 'rw-pass'",
      `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db.database}\`.* TO 'rw'@'%'`,
      'CREATE DATABASE empty_db',
      "GRANT SELECT ON empty_db.* TO 'ro'@'%'",
      'CREATE DATABASE no_index',
      'CREATE TABLE no_index.token_usage_log AS SELECT * FROM token_usage_log WHERE 1 = 0',
      'CREATE TABLE no_index.audit_log AS SELECT * FROM audit_log WHERE 1 = 0',
      "GRANT SELECT ON no_index.* TO 'ro'@'%'",
      'CREATE DATABASE no_cost',
      'CREATE TABLE no_cost.token_usage_log LIKE token_usage_log',
      'ALTER TABLE no_cost.token_usage_log DROP COLUMN cost',
      'CREATE TABLE no_cost.audit_log LIKE audit_log',
      "GRANT SELECT ON no_cost.* TO 'ro'@'%'",
      'CREATE DATABASE no_audit',
      'CREATE TABLE no_audit.token_usage_log LIKE token_usage_log',
      "GRANT SELECT ON no_audit.* TO 'ro'@'%'",
      // A ledger made before the trace columns (RAGFlow's, or an earlier release).
      'CREATE DATABASE no_trace',
      'CREATE TABLE no_trace.token_usage_log LIKE token_usage_log',
      'ALTER TABLE no_trace.token_usage_log DROP INDEX idx_tul_trace, DROP COLUMN trace_id, DROP COLUMN span_id, DROP COLUMN parent_span_id',
      'CREATE TABLE no_trace.audit_log LIKE audit_log',
      "GRANT SELECT ON no_trace.* TO 'ro'@'%'",
      // RAGFlow's tenant and user tables (the columns the names read), so that the good ledger shows names.
      'CREATE TABLE tenant (id VARCHAR(32) PRIMARY KEY, name VARCHAR(100))',
      'CREATE TABLE `user` (id VARCHAR(32) PRIMARY KEY, nickname VARCHAR(100), email VARCHAR(255))',
    ]) {
      await conn.query(sql);
    }
    await conn.end();
    const ro = { ...db, user: 'ro', password: 'ro-pass' };
    const specs: DatasourceSpec[] = [
      ledgerDatasource('good', ro),
      ledgerDatasource('writer', { ...db, user: 'rw', password: 'rw-pass' }),
      ledgerDatasource('bad-password', { ...ro, password: 'wrong' }),
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      ledgerDatasource('unreachable', { ...ro, port: 1 }),
      ledgerDatasource('unknown-db', { ...ro, database: 'nope' }),
      ledgerDatasource('empty-db', { ...ro, database: 'empty_db' }),
      ledgerDatasource('no-index', { ...ro, database: 'no_index' }),
      ledgerDatasource('no-cost', { ...ro, database: 'no_cost' }),
      ledgerDatasource('no-audit', { ...ro, database: 'no_audit' }),
      ledgerDatasource('no-trace', { ...ro, database: 'no_trace' }),
      ledgerDatasource('renamed-column', ro, { usageColumns: { model: 'llm_name' } }),
      ledgerDatasource('bad-port', ro, { port: 70000 }),
      ledgerDatasource('sql-in-table', ro, { usageTable: 'token_usage_log; DROP TABLE audit_log' }),
      ledgerDatasource('create-time-axis', ro, { timeAxis: 'create_time' }),
    ];
    host = await startHost({ yaml: datasourcesYaml(specs) });
  });

  afterAll(async () => {
    host?.cleanup();
    await db?.stop();
  });

  async function health(uid: string): Promise<{ http: number; body: Health }> {
    const res = await fetch(`${host.url}/api/datasources/uid/${uid}/health`, { headers: userHeaders('Admin') });
    return { http: res.status, body: (await res.json()) as Health };
  }

  function check(body: Health, name: string) {
    return body.details?.checks.find((c) => c.check === name);
  }

  it('passes for a read-only user with the tables and indexes', async () => {
    const { http, body } = await health('good');
    expect(http).toBe(200);
    expect(body.status).toBe('OK');
    expect(body.message).toMatch(/^Connected to MySQL \S+ at 127\.0\.0\.1:\d+\/\w+ as ro\.$/);
    expect(body.details?.checks.map((c) => [c.check, c.status])).toEqual([
      ['connection', 'ok'],
      ['usage table', 'ok'],
      ['audit table', 'ok'],
      ['trace columns', 'ok'],
      ['names', 'ok'],
      ['indexes', 'ok'],
      ['rollups', 'ok'],
      ['privileges', 'ok'],
    ]);
    expect(check(body, 'trace columns')?.message).toBe(
      'Table token_usage_log has trace_id and span_id: the Cost page links calls to their traces.'
    );
    // Without rollup tables everything works as before, and the check says so (not a warning).
    expect(check(body, 'rollups')?.message).toBe(
      'Rollups not used: there are no rollup tables in this database (schema/mysql/003_rollups.sql); every query reads token_usage_log.'
    );
  });

  it.each([
    [
      'bad-password',
      'connection',
      'db.access_denied',
      /MySQL at 127\.0\.0\.1:\d+ refused access: Access denied for user 'ro'/,
    ],
    ['unreachable', 'connection', 'db.unreachable', /MySQL at 127\.0\.0\.1:1 is unreachable/],
    [
      'unknown-db',
      'connection',
      'db.access_denied',
      /refused access: Access denied for user 'ro'@'[^']+' to database 'nope'/,
    ],
    ['empty-db', 'usage table', 'db.schema', /Table empty_db\.token_usage_log does not exist\./],
    ['no-cost', 'usage table', 'db.schema', /Table token_usage_log has no column cost\./],
    ['renamed-column', 'usage table', 'db.schema', /Table token_usage_log has no column llm_name\./],
    ['bad-port', 'settings', 'settings.invalid', /^Settings: port: Too big: expected number to be <=65535\.$/],
    ['sql-in-table', 'settings', 'settings.invalid', /^Settings: usageTable: expected a plain identifier/],
  ])('fails for %s, saying what to fix', async (uid, checkName, code, message) => {
    const { http, body } = await health(uid);
    expect(http).toBe(400);
    expect(body.status).toBe('ERROR');
    expect(body.message).toMatch(message);
    expect(check(body, checkName)).toMatchObject({ status: 'error', code });
  });

  it.each([
    [
      'writer',
      'privileges',
      /User rw can write to the ledger \(DELETE, INSERT, UPDATE\): use a user with SELECT only\./,
    ],
    [
      'no-index',
      'indexes',
      /No index on token_usage_log\(timestamp\), token_usage_log\(tenant_id, timestamp\), audit_log\(create_time\)/,
    ],
    ['no-audit', 'audit table', /Table no_audit\.audit_log does not exist: the audit trail will be empty\./],
    [
      'no-trace',
      'names',
      /tenant does not exist or is not readable; user does not exist or is not readable: tenants and users are shown by id/,
    ],
    [
      'no-trace',
      'trace columns',
      /Table token_usage_log has no trace_id\/span_id columns: apply schema\/mysql\/005_trace_columns\.sql to link calls to traces\./,
    ],
  ])('passes with a warning for %s', async (uid, checkName, message) => {
    const { http, body } = await health(uid);
    expect(http).toBe(200);
    expect(body.status).toBe('OK');
    expect(body.message).toMatch(/^Connected to MySQL .* Warning: /);
    expect(body.message).toMatch(message);
    expect(check(body, checkName)?.status).toBe('warning');
  });

  it('checks the create_time column and its indexes when that is the time axis', async () => {
    const { body } = await health('create-time-axis');
    expect(body.status).toBe('OK');
    expect(check(body, 'indexes')?.status).toBe('ok');
  });

  it('recovers when the settings are fixed: a new instance with a new pool', async () => {
    // The same uid with a good password after a reload; the old pool was refused.
    expect((await health('bad-password')).body.status).toBe('ERROR');
    const { writeFileSync } = await import('node:fs');
    const ro = { ...db, user: 'ro', password: 'ro-pass' };
    writeFileSync(host.provisioningFile, datasourcesYaml([ledgerDatasource('bad-password', ro)]));
    await fetch(`${host.url}/api/admin/provisioning/datasources/reload`, { method: 'POST', headers: userHeaders() });
    expect((await health('bad-password')).body.status).toBe('OK');
  });
});
