/**
 * Dashboard variable values from a real MariaDB through the host, with the rules the backend
 * enforces whatever the panel asked: roles for the audit trail, masking of personal data, tenant
 * pinning, errors per query with their source.
 */
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, utc, startHost, userHeaders, type Host, type Role } from './host';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 20, 12);
const FROM = NOW - 7 * DAY;
const HEX_USER = '3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d';

describe('variable values', () => {
  let db: TestDatabase;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    const conn = await db.connect();
    await applySchema(conn);
    const usage: Array<[string, string, string, number]> = [
      ['t1', 'ana@example.com', 'gpt-4o', NOW - DAY],
      ['t1', HEX_USER, 'claude-sonnet-4', NOW - 2 * DAY],
      ['t2', 'bob@example.org', 'gpt-4o-mini', NOW - 3 * DAY],
      // Outside the 7-day range: never listed.
      ['t3', 'old@example.com', 'text-davinci-003', NOW - 30 * DAY],
    ];
    for (const [i, [tenant, user, model, at]] of usage.entries()) {
      await conn.query(
        'INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time) VALUES (?, ?, ?, ?, 10, 5, 0.01, ?, ?)',
        [`u${i}`, user, tenant, model, utc(at), at]
      );
    }
    const audit: Array<[string, string, number]> = [
      ['t1', 'USER_LOGIN_SUCCESS', NOW - DAY],
      ['t2', 'KB_DELETE', NOW - 2 * DAY],
      ['t1', 'API_KEY_CREATE', NOW - 40 * DAY],
    ];
    for (const [i, [tenant, action, at]] of audit.entries()) {
      await conn.query(
        'INSERT INTO audit_log (id, user_id, tenant_id, action, details, create_time) VALUES (?, ?, ?, ?, ?, ?)',
        [`a${i}`, HEX_USER, tenant, action, '{}', at]
      );
    }
    await conn.end();
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('open', db),
        ledgerDatasource('pinned', db, { pinnedTenant: 't1' }),
        ledgerDatasource('viewers-see-audit', db, { auditMinRole: 'Viewer', piiMinRole: 'Editor' }),
        ledgerDatasource('unreachable', { ...db, port: 1 }),
        { uid: 'no-host', jsonData: { database: 'x' } },
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await db?.stop();
  });

  async function values(uid: string, variable: string, role: Role = 'Admin', extra: object = {}) {
    const result = await queryOne(
      host,
      uid,
      { queryType: 'variableValues', variable, ...extra },
      { role, from: FROM, to: NOW }
    );
    return {
      status: result.status as number,
      error: result.error as string | undefined,
      errorSource: result.errorSource,
      frame: result.frames?.[0],
      values: result.frames?.[0]?.data.values[1] as string[],
    };
  }

  it.each([
    ['tenants', ['t1', 't2']],
    ['models', ['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini']],
    ['users', [HEX_USER, 'ana@example.com', 'bob@example.org']],
    ['actions', ['KB_DELETE', 'USER_LOGIN_SUCCESS']],
  ])('lists the %s of the time range, sorted', async (variable, expected) => {
    const r = await values('open', variable);
    expect(r.status).toBe(200);
    expect(r.values).toEqual(expected);
    expect(r.frame.schema.fields.map((f: any) => f.name)).toEqual(['text', 'value']);
  });

  it('masks e-mail addresses for roles below the personal-data minimum, keeping ids', async () => {
    expect((await values('open', 'users', 'Viewer')).values).toEqual([HEX_USER, '[EMAIL]']);
    expect((await values('open', 'users', 'Editor')).values).toEqual([HEX_USER, '[EMAIL]']);
    expect((await values('viewers-see-audit', 'users', 'Editor')).values).toEqual([
      HEX_USER,
      'ana@example.com',
      'bob@example.org',
    ]);
  });

  it.each([
    ['open', 'Viewer', 403],
    ['open', 'Editor', 403],
    ['open', 'Admin', 200],
    ['viewers-see-audit', 'Viewer', 200],
  ] as const)('audit actions on %s as %s: %s', async (uid, role, status) => {
    const r = await values(uid, 'actions', role);
    expect(r.status).toBe(status);
    if (status === 403) {
      expect(r.error).toBe(`the audit trail needs the Admin role in this datasource's settings; you are ${role}`);
      expect(r.errorSource).toBe('plugin');
    }
  });

  it('keeps a pinned datasource to its tenant whatever the panel asked', async () => {
    expect((await values('pinned', 'tenants')).values).toEqual(['t1']);
    expect((await values('pinned', 'models')).values).toEqual(['claude-sonnet-4', 'gpt-4o']);
  });

  it('searches with the text as a value, never as SQL', async () => {
    expect((await values('open', 'models', 'Admin', { search: 'mini' })).values).toEqual(['gpt-4o-mini']);
    expect((await values('open', 'models', 'Admin', { search: "' OR '1'='1" })).values).toEqual([]);
    expect((await values('open', 'models', 'Admin', { search: '%' })).values).toEqual([]);
  });

  it('cuts at the limit with a notice in the frame', async () => {
    const r = await values('open', 'models', 'Admin', { limit: 2 });
    expect(r.values).toEqual(['claude-sonnet-4', 'gpt-4o']);
    expect(r.frame.schema.meta.notices).toEqual([
      { severity: 'warning', text: 'Only the first 2 values are listed; narrow the search.' },
    ]);
  });

  it('serves the same values as a resource, with the same rules', async () => {
    const get = (path: string, role: Role) =>
      fetch(`${host.url}/api/datasources/uid/open/resources/${path}`, { headers: userHeaders(role) });
    const tenants = await get(`variables/tenants?from=${FROM}&to=${NOW}`, 'Viewer');
    expect(await tenants.json()).toEqual({
      values: [
        { text: 't1', value: 't1' },
        { text: 't2', value: 't2' },
      ],
      truncated: false,
    });
    const actions = await get(`variables/actions?from=${FROM}&to=${NOW}`, 'Viewer');
    expect(actions.status).toBe(403);
    expect(((await actions.json()) as any).code).toBe('access.denied');
    expect((await get('variables/secrets', 'Admin')).status).toBe(404);
  });

  it('reports MySQL down as a downstream error of that query only; the others still answer', async () => {
    const res = await fetch(`${host.url}/api/ds/query`, {
      method: 'POST',
      headers: userHeaders(),
      body: JSON.stringify({
        from: String(FROM),
        to: String(NOW),
        queries: [
          { refId: 'A', datasource: { uid: 'unreachable' }, queryType: 'variableValues', variable: 'tenants' },
          { refId: 'B', datasource: { uid: 'open' }, queryType: 'variableValues', variable: 'tenants' },
        ],
      }),
    });
    const body = (await res.json()) as any;
    expect(body.results.A).toMatchObject({ status: 503, errorSource: 'downstream' });
    expect(body.results.A.error).toMatch(/^MySQL at 127\.0\.0\.1:1 is unreachable/);
    expect(body.results.B.status).toBe(200);
  });

  it('refuses ledger queries on a datasource with invalid settings, naming the field', async () => {
    const r = await values('no-host', 'tenants');
    expect(r.status).toBe(400);
    expect(r.error).toBe('the datasource settings are invalid: host: the MySQL host is not set');
  });
});
