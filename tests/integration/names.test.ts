/**
 * Tenants and users by name, through the host against a real MariaDB with RAGFlow-shaped `tenant`
 * and `user` tables: the frames keep the ids (every number check compares ids) and carry the names
 * as value mappings; user names and e-mail addresses only for roles allowed personal data; ids alone
 * when the tables are missing or not granted, with a warning in the health check; and the pinned
 * tenant still decides which rows, and so which names, a datasource answers with.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { applyTemplate, RO } from './rollupSetup';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, userHeaders, utc, type Host, type Role } from './host';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 1);
const END = START + 13 * 24 * HOUR - 1; // after the last of the 300 hourly rows

// RAGFlow ids: uuid1().hex. A tenant's id is its owner's user id.
const ACME = 'a0000000000000000000000000000001';
const GLOBEX = 'b0000000000000000000000000000002';
const NAMELESS = 'c0000000000000000000000000000003'; // no row in `tenant`
const ADA = ACME;
const BOB = GLOBEX;
const GHOST = 'd0000000000000000000000000000004'; // no row in `user`
const TENANTS = [ACME, GLOBEX, NAMELESS];
const USERS = [ADA, BOB, GHOST];
const NAMES: Record<string, string> = { [ACME]: 'Acme', [GLOBEX]: 'Globex' };
const USER_TEXT: Record<string, string> = { [ADA]: 'Ada <ada@example.com>', [BOB]: 'Bob <bob@example.org>' };

/** The value mappings of a field as Grafana receives them: id → text. */
function mapped(field: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const mapping of field?.config?.mappings ?? []) {
    expect(mapping.type).toBe('value');
    for (const [id, result] of Object.entries<any>(mapping.options)) {
      out[id] = result.text;
    }
  }
  return out;
}

/** The names expected for these ids: those that have one. */
const namesFor = (ids: string[], table: Record<string, string>) =>
  Object.fromEntries([...new Set(ids)].filter((id) => table[id]).map((id) => [id, table[id]]));

describe('names, not ids', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    // RAGFlow's tables, with more columns than the names read (api/db/db_models.py).
    await conn.query(
      'CREATE TABLE tenant (id VARCHAR(32) PRIMARY KEY, name VARCHAR(100), llm_id VARCHAR(128), credit INT DEFAULT 512, status VARCHAR(1))'
    );
    await conn.query(
      'CREATE TABLE `user` (id VARCHAR(32) PRIMARY KEY, access_token VARCHAR(255), nickname VARCHAR(100), password VARCHAR(255), email VARCHAR(255) UNIQUE, is_superuser TINYINT, status VARCHAR(1))'
    );
    await conn.query('INSERT INTO tenant (id, name, status) VALUES ?', [
      [
        [ACME, 'Acme', '1'],
        [GLOBEX, 'Globex', '1'],
        ['e0000000000000000000000000000005', 'Initech (no usage)', '1'],
      ],
    ]);
    await conn.query('INSERT INTO `user` (id, nickname, email, password, status) VALUES ?', [
      [
        [ADA, 'Ada', 'ada@example.com', 'secret', '1'],
        [BOB, 'Bob', 'bob@example.org', 'secret', '1'],
      ],
    ]);
    const usage: unknown[][] = [];
    const audit: unknown[][] = [];
    for (let i = 0; i < 300; i++) {
      const at = START + i * HOUR;
      usage.push([
        `r${i}`,
        USERS[i % 3],
        TENANTS[(i + Math.floor(i / 3)) % 3],
        'gpt-4o',
        100 + i,
        10 + i,
        (i + 1) / 1000,
        utc(at),
        at,
      ]);
      if (i % 3 === 0) {
        audit.push([`e${i}`, USERS[(i / 3) % 3], TENANTS[(i / 3) % 3], 'KB_CREATE', '{"name":"kb"}', at]);
      }
    }
    await conn.query(
      'INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time) VALUES ?',
      [usage]
    );
    await conn.query('INSERT INTO audit_log (id, user_id, tenant_id, action, details, create_time) VALUES ?', [audit]);
    // The datasource's read-only user, granted the ledger but not (yet) the names.
    for (const sql of [
      "CREATE USER 'ro'@'%' IDENTIFIED BY 'ro-pass'",
      `GRANT SELECT ON \`${db.database}\`.token_usage_log TO 'ro'@'%'`,
      `GRANT SELECT ON \`${db.database}\`.audit_log TO 'ro'@'%'`,
    ]) {
      await conn.query(sql);
    }
    // The datasource's user as schema/mysql/002_readonly_user.sql makes it: the name columns shown,
    // never the password or the access token, and nothing, without failing, where the tables are
    // missing (a database with only the ledger, first).
    const grantNames = () => applyTemplate(conn, '002_readonly_user.sql', '__LEDGER_RO_PASSWORD__', RO.password);
    await conn.query('CREATE DATABASE names_bare');
    await conn.query('USE names_bare');
    await applySchema(conn);
    await grantNames();
    await conn.query(`USE \`${db.database}\``);
    await grantNames();
    const ro = { ...db, user: 'ro', password: 'ro-pass' };
    const named = { ...db, ...RO };
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('names', named),
        ledgerDatasource('not-granted', ro),
        ledgerDatasource('elsewhere', named, { tenantTable: 'organisation', userTable: 'account' }),
        ledgerDatasource('off', named, { names: 'off' }),
        ledgerDatasource('pinned', named, { pinnedTenant: GLOBEX }),
        ledgerDatasource('nicknames', named, { userLabel: 'name', piiMinRole: 'Editor' }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  const run = (uid: string, q: object, role: Role = 'Admin') => queryOne(host, uid, q, { role, from: START, to: END });
  const sql = async (statement: string, params: unknown[] = []) =>
    (await conn.query<RowDataPacket[]>(statement, params))[0];
  const health = async (uid: string) =>
    (await (
      await fetch(`${host.url}/api/datasources/uid/${uid}/health`, { headers: userHeaders('Admin') })
    ).json()) as any;

  it('shows the breakdown by tenant by name to every role, its values still the ids SQL gives', async () => {
    const expected = (
      await sql('SELECT tenant_id AS t, SUM(cost) AS c FROM token_usage_log GROUP BY t ORDER BY c DESC, t')
    ).map((r) => r.t);
    for (const role of ['Viewer', 'Admin'] as const) {
      const r = await run('names', { queryType: 'costBreakdown', groupBy: 'tenant' }, role);
      expect(r.status).toBe(200);
      const field = r.frames[0].schema.fields[0];
      expect(field.name).toBe('tenant');
      expect(r.frames[0].data.values[0]).toEqual(expected);
      expect(mapped(field)).toEqual({ [ACME]: 'Acme', [GLOBEX]: 'Globex' });
    }
  });

  it('passes the health check with names read through the column grants alone', async () => {
    const body = await health('names');
    expect(body.status).toBe('OK');
    expect(body.details.checks.find((c: any) => c.check === 'names')).toMatchObject({ status: 'ok' });
    expect(body.message).not.toMatch(/shown by id/);
  });

  it('names users (nickname and e-mail address) only for roles allowed personal data', async () => {
    const admin = await run('names', { queryType: 'costBreakdown', groupBy: 'user' }, 'Admin');
    const ids = admin.frames[0].data.values[0];
    expect(new Set(ids)).toEqual(new Set(USERS));
    expect(mapped(admin.frames[0].schema.fields[0])).toEqual(namesFor(ids, USER_TEXT));
    for (const role of ['Viewer', 'Editor'] as const) {
      const r = await run('names', { queryType: 'costBreakdown', groupBy: 'user' }, role);
      expect(r.frames[0].data.values[0]).toEqual(ids);
      expect(r.frames[0].schema.fields[0].config?.mappings).toBeUndefined();
      expect(JSON.stringify(r)).not.toMatch(/Ada|ada@example\.com|Bob/);
    }
  });

  it('shows users as the settings say: nicknames, from the role the settings allow', async () => {
    const r = await run('nicknames', { queryType: 'costBreakdown', groupBy: 'user' }, 'Editor');
    expect(mapped(r.frames[0].schema.fields[0])).toEqual({ [ADA]: 'Ada', [BOB]: 'Bob' });
    expect(JSON.stringify(r)).not.toMatch(/@example/);
  });

  it('names the series of spend over time by tenant; the labels keep the ids', async () => {
    const r = await run('names', { queryType: 'costTimeSeries', groupBy: 'tenant' }, 'Viewer');
    const series = r.frames[0].schema.fields.slice(1);
    expect(series.map((f: any) => [f.labels.tenant, f.config.displayNameFromDS])).toEqual(
      [...TENANTS].sort().map((t) => [t, NAMES[t] ?? t])
    );
  });

  it('names tenants and users in the most expensive calls', async () => {
    const admin = await run('names', { queryType: 'costTopCalls', limit: 20 }, 'Admin');
    const fields = admin.frames[0].schema.fields;
    const [tenants, users] = [admin.frames[0].data.values[1], admin.frames[0].data.values[2]];
    const top = await sql('SELECT tenant_id AS t, user_id AS u FROM token_usage_log ORDER BY cost DESC LIMIT 20');
    expect(tenants).toEqual(top.map((x) => x.t));
    expect(users).toEqual(top.map((x) => x.u));
    expect(mapped(fields[1])).toEqual(namesFor(tenants, NAMES));
    expect(mapped(fields[2])).toEqual(namesFor(users, USER_TEXT));
    const viewer = await run('names', { queryType: 'costTopCalls', limit: 20 }, 'Viewer');
    expect(mapped(viewer.frames[0].schema.fields[1])).toEqual(namesFor(tenants, NAMES));
    expect(mapped(viewer.frames[0].schema.fields[2])).toEqual({});
  });

  it('names tenants in the budget table, not in its alerting form', async () => {
    const budgets = TENANTS.map((tenant) => ({ tenant, monthlyBudget: 100 }));
    const r = await run('names', { queryType: 'budget', budgets }, 'Viewer');
    expect(r.frames[0].data.values[0]).toEqual([...TENANTS].sort());
    expect(mapped(r.frames[0].schema.fields[0])).toEqual(NAMES);
    const alerting = await run('names', { queryType: 'budget', budgets, forAlerting: true }, 'Viewer');
    expect(alerting.frames[0].schema.fields[0].config?.mappings).toBeUndefined();
  });

  it('names users and tenants in the audit trail, and in the annotations’ text', async () => {
    const r = await run('names', { queryType: 'auditEvents' }, 'Admin');
    const fields = r.frames[0].schema.fields;
    const [users, tenants] = [r.frames[0].data.values[2], r.frames[0].data.values[3]];
    expect(new Set(users)).toEqual(new Set(USERS));
    expect(mapped(fields[2])).toEqual(namesFor(users, USER_TEXT));
    expect(mapped(fields[3])).toEqual(namesFor(tenants, NAMES));
    const notes = await run('names', { queryType: 'auditEvents', asAnnotations: true }, 'Admin');
    const texts: string[] = notes.frames[0].data.values[2];
    expect(texts).toContain('Ada <ada@example.com> · Acme · {"name":"kb"}');
    expect(texts).toContain(`${GHOST} · ${NAMELESS} · {"name":"kb"}`);
    // Tags stay ids: a filter by tag matches what the ledger holds.
    expect(notes.frames[0].data.values[3]).toContainEqual(['audit', 'KB_CREATE', ACME]);
  });

  it('gives variables the name as text and the id as value; users by id below the personal-data role', async () => {
    const get = async (path: string, role: Role) =>
      (await (
        await fetch(`${host.url}/api/datasources/uid/names/resources/variables/${path}?from=${START}&to=${END}`, {
          headers: userHeaders(role),
        })
      ).json()) as { values: Array<{ text: string; value: string }> };
    expect((await get('tenants', 'Viewer')).values).toEqual(
      [...TENANTS].sort().map((t) => ({ text: NAMES[t] ?? t, value: t }))
    );
    expect((await get('users', 'Viewer')).values).toEqual([...USERS].sort().map((u) => ({ text: u, value: u })));
    expect((await get('users', 'Admin')).values).toEqual(
      [...USERS].sort().map((u) => ({ text: USER_TEXT[u] ?? u, value: u }))
    );
    const frame = await run('names', { queryType: 'variableValues', variable: 'tenants' }, 'Viewer');
    expect(frame.frames[0].data.values).toEqual([[...TENANTS].sort().map((t) => NAMES[t] ?? t), [...TENANTS].sort()]);
  });

  it('names the tenants of the audit chains (the trust badge), not in the alerting form', async () => {
    const r = await run('names', { queryType: 'auditVerify' }, 'Admin');
    const tenants: string[] = r.frames[0].data.values[0];
    expect(new Set(tenants)).toEqual(new Set(TENANTS));
    expect(mapped(r.frames[0].schema.fields[0])).toEqual(namesFor(tenants, NAMES));
    const alerting = await run('names', { queryType: 'auditVerify', forAlerting: true }, 'Admin');
    expect(alerting.frames[0].schema.fields[0].config?.mappings).toBeUndefined();
  });

  it('finds one tenant’s or user’s name as the drilldown titles ask for it (search by id)', async () => {
    const lookup = async (kind: string, id: string, role: Role) =>
      (await (
        await fetch(
          `${host.url}/api/datasources/uid/names/resources/variables/${kind}?search=${encodeURIComponent(id)}&from=${START}&to=${END}&limit=10`,
          { headers: userHeaders(role) }
        )
      ).json()) as { values: Array<{ text: string; value: string }> };
    expect((await lookup('tenants', ACME, 'Viewer')).values).toEqual([{ text: 'Acme', value: ACME }]);
    expect((await lookup('users', ADA, 'Admin')).values).toEqual([{ text: USER_TEXT[ADA], value: ADA }]);
    // Below the personal-data role the text is the id: the title keeps it.
    expect((await lookup('users', ADA, 'Viewer')).values).toEqual([{ text: ADA, value: ADA }]);
  });

  it('falls back to ids when a query finds the tables missing before any health check', async () => {
    // A fresh instance of the same settings has no health check behind it: the lookup fails quietly.
    const r = await run('elsewhere', { queryType: 'costBreakdown', groupBy: 'user' }, 'Admin');
    expect(r.status).toBe(200);
    expect(r.frames[0].schema.fields[0].config?.mappings).toBeUndefined();
  });

  it.each([
    ['not-granted', /tenant does not exist or is not readable; user does not exist or is not readable/],
    ['elsewhere', /organisation does not exist or is not readable; account does not exist or is not readable/],
  ])('falls back to ids on %s, and the health check says why', async (uid, why) => {
    const body = await health(uid);
    expect(body.status).toBe('OK');
    const check = body.details.checks.find((c: any) => c.check === 'names');
    expect(check.status).toBe('warning');
    expect(check.message).toMatch(why);
    expect(body.message).toMatch(/Warning: .*shown by id/);
    for (const q of [
      { queryType: 'costBreakdown', groupBy: 'tenant' },
      { queryType: 'costTopCalls', limit: 5 },
      { queryType: 'auditEvents' },
    ]) {
      const r = await run(uid, q, 'Admin');
      expect(r.status).toBe(200);
      expect(r.frames[0].schema.fields.every((f: any) => f.config?.mappings === undefined)).toBe(true);
    }
    const vars = await run(uid, { queryType: 'variableValues', variable: 'tenants' }, 'Admin');
    expect(vars.frames[0].data.values[0]).toEqual(vars.frames[0].data.values[1]);
  });

  it('shows ids when names are off, and the health check says so without a warning', async () => {
    const r = await run('off', { queryType: 'costBreakdown', groupBy: 'tenant' }, 'Admin');
    expect(r.frames[0].schema.fields[0].config?.mappings).toBeUndefined();
    const body = await health('off');
    expect(body.details.checks.find((c: any) => c.check === 'names')).toMatchObject({
      status: 'ok',
      message: 'Names are off in the settings: tenants and users are shown by id.',
    });
  });

  it('keeps the pinned tenant: only its rows, and so only its names', async () => {
    const breakdown = await run('pinned', { queryType: 'costBreakdown', groupBy: 'tenant' }, 'Admin');
    expect(breakdown.frames[0].data.values[0]).toEqual([GLOBEX]);
    expect(mapped(breakdown.frames[0].schema.fields[0])).toEqual({ [GLOBEX]: 'Globex' });
    const asked = await run('pinned', { queryType: 'costBreakdown', groupBy: 'tenant', tenants: [ACME] }, 'Admin');
    expect(asked.frames[0].data.values[0]).toEqual([]);
    const vars = await run('pinned', { queryType: 'variableValues', variable: 'tenants' }, 'Admin');
    expect(vars.frames[0].data.values).toEqual([['Globex'], [GLOBEX]]);
    for (const q of [
      { queryType: 'costTopCalls', limit: 100 },
      { queryType: 'auditEvents' },
      { queryType: 'budget', budgets: TENANTS.map((tenant) => ({ tenant, monthlyBudget: 1 })) },
      { queryType: 'costBreakdown', groupBy: 'user' },
    ]) {
      const r = await run('pinned', q, 'Admin');
      expect(r.status).toBe(200);
      expect(JSON.stringify(r)).not.toMatch(/Acme/);
    }
  });
});
