/**
 * The role table: every query type and resource as Viewer, Editor and Admin with the default
 * settings (audit trail and personal data: Admin). Grafana's RBAC hides pages; this is what the
 * backend itself refuses.
 */
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, userHeaders, type Host, type Role } from './host';

const ROLES: Role[] = ['Viewer', 'Editor', 'Admin'];
const AUDIT_ONLY = { Viewer: 403, Editor: 403, Admin: 200 };
const EVERYONE = { Viewer: 200, Editor: 200, Admin: 200 };

const QUERIES: Array<[string, object, Record<Role, number>]> = [
  ['ping', { queryType: 'ping' }, EVERYONE],
  ['variableValues tenants', { queryType: 'variableValues', variable: 'tenants' }, EVERYONE],
  ['variableValues users', { queryType: 'variableValues', variable: 'users' }, EVERYONE],
  ['variableValues models', { queryType: 'variableValues', variable: 'models' }, EVERYONE],
  ['variableValues actions', { queryType: 'variableValues', variable: 'actions' }, AUDIT_ONLY],
  ['costTimeSeries', { queryType: 'costTimeSeries', groupBy: 'user' }, EVERYONE],
  ['costBreakdown', { queryType: 'costBreakdown', groupBy: 'user' }, EVERYONE],
  ['costTotals', { queryType: 'costTotals' }, EVERYONE],
  ['unpricedModels', { queryType: 'unpricedModels' }, EVERYONE],
  ['budget', { queryType: 'budget' }, EVERYONE],
  ['spendSpikes', { queryType: 'spendSpikes' }, EVERYONE],
  ['auditEvents', { queryType: 'auditEvents' }, AUDIT_ONLY],
  ['auditEvents as annotations', { queryType: 'auditEvents', asAnnotations: true }, AUDIT_ONLY],
  ['auditCounts', { queryType: 'auditCounts' }, AUDIT_ONLY],
];

const RESOURCES: Array<[string, Record<Role, number>]> = [
  ['ping', EVERYONE],
  ['stream?chunks=1', EVERYONE],
  ['variables/tenants', EVERYONE],
  ['variables/users', EVERYONE],
  ['variables/models', EVERYONE],
  ['variables/actions', AUDIT_ONLY],
];

describe('role table', () => {
  let db: TestDatabase;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    const conn = await db.connect();
    await applySchema(conn);
    await conn.end();
    host = await startHost({ yaml: datasourcesYaml([ledgerDatasource('ledger', db)]) });
  });

  afterAll(async () => {
    host?.cleanup();
    await db?.stop();
  });

  const cases = QUERIES.flatMap(([label, query, expected]) =>
    ROLES.map((role) => [label, role, query, expected[role]] as const)
  );

  it.each(cases)('query %s as %s → %s', async (_label, role, query, status) => {
    const result = await queryOne(host, 'ledger', query, { role, from: 'now-7d', to: 'now' });
    expect(result.status).toBe(status);
    if (status === 403) {
      expect(result.error).toMatch(/^the audit trail needs the Admin role/);
      expect(result.frames ?? []).toEqual([]);
    }
  });

  const resourceCases = RESOURCES.flatMap(([path, expected]) =>
    ROLES.map((role) => [path, role, expected[role]] as const)
  );

  it.each(resourceCases)('resource %s as %s → %s', async (path, role, status) => {
    const res = await fetch(`${host.url}/api/datasources/uid/ledger/resources/${path}`, { headers: userHeaders(role) });
    expect(res.status).toBe(status);
  });
});
