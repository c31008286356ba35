/**
 * The audit trail from a real MariaDB through the host: pages, filters, sorting, counts per action,
 * annotations, each checked against SQL run directly on the same rows; and the access rules.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, type Host, type Role } from './host';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 18);
const END = START + 72 * HOUR;
const ACTIONS = [
  'USER_LOGIN_SUCCESS',
  'USER_LOGIN_FAILURE',
  'KB_CREATE',
  'KB_DELETE',
  'API_KEY_CREATE',
  'USER_ROLE_CHANGE',
];
const TENANTS = ['t1', 't2', 't3'];
const USERS = ['ana@example.com', 'bob@example.org', '3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d'];

describe('audit trail', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    // 600 events over three days, deterministic; a few carry before/after details and e-mails.
    const rows: unknown[][] = [];
    for (let i = 0; i < 600; i++) {
      const action = ACTIONS[(i * 7) % ACTIONS.length];
      const details =
        action === 'USER_ROLE_CHANGE'
          ? JSON.stringify({ before: { role: 'normal' }, after: { role: 'admin' }, by: USERS[i % 2] })
          : JSON.stringify({ ip: `10.0.0.${i % 250}`, email: USERS[i % 3] });
      rows.push([
        `e${String(i).padStart(4, '0')}`,
        USERS[i % 3],
        TENANTS[i % 3],
        action,
        details,
        START + Math.floor((i * 72 * HOUR) / 600),
      ]);
    }
    await conn.query('INSERT INTO audit_log (id, user_id, tenant_id, action, details, create_time) VALUES ?', [rows]);
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('audit', db),
        ledgerDatasource('editors', db, { auditMinRole: 'Editor' }),
        ledgerDatasource('pinned', db, { pinnedTenant: 't2' }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  const run = (uid: string, q: object, role: Role = 'Admin', extra: object = {}) =>
    queryOne(host, uid, { ...q, ...extra }, { role, from: START, to: END });

  async function sql(statement: string, params: unknown[] = []): Promise<RowDataPacket[]> {
    const [rows] = await conn.query<RowDataPacket[]>(statement, params);
    return rows;
  }

  const ids = (frame: any): string[] => frame.data.values[1];

  it('pages newest first, with the total, as SQL orders them', async () => {
    const r = await run('audit', { queryType: 'auditEvents', pageSize: 50 });
    expect(r.status).toBe(200);
    const frame = r.frames[0];
    expect(frame.schema.fields.map((f: any) => f.name)).toEqual(['time', 'id', 'user', 'tenant', 'action', 'details']);
    const expected = await sql(
      'SELECT id FROM audit_log WHERE create_time BETWEEN ? AND ? ORDER BY create_time DESC, id DESC LIMIT 50',
      [START, END]
    );
    expect(ids(frame)).toEqual(expected.map((row) => row.id));
    expect(frame.schema.meta.custom).toEqual({ page: 1, pageSize: 50, total: 600 });
  });

  it('walks every page without repeating or skipping an event', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 7; page++) {
      seen.push(
        ...ids(
          (await run('audit', { queryType: 'auditEvents', pageSize: 100, page, sort: 'action', direction: 'asc' }))
            .frames[0]
        )
      );
    }
    const expected = await sql('SELECT id FROM audit_log ORDER BY action ASC, id ASC');
    expect(seen).toEqual(expected.map((row) => row.id));
  });

  it.each([
    [
      'actions',
      { actions: ['USER_LOGIN_FAILURE', 'KB_DELETE'] },
      'action IN (?, ?)',
      ['USER_LOGIN_FAILURE', 'KB_DELETE'],
    ],
    ['tenants', { tenants: ['t3'] }, 'tenant_id IN (?)', ['t3']],
    ['users', { users: ['3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d'] }, 'user_id IN (?)', ['3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d']],
    ['text in details', { text: '"after"' }, 'details LIKE ?', ['%"after"%']],
  ])('filters by %s as SQL does', async (_label, filters, condition, params) => {
    const r = await run('audit', { queryType: 'auditEvents', pageSize: 1000, ...filters });
    const expected = await sql(
      `SELECT id FROM audit_log WHERE create_time BETWEEN ? AND ? AND ${condition} ORDER BY create_time DESC, id DESC`,
      [START, END, ...params]
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(r.frames[0])).toEqual(expected.map((row) => row.id));
    expect(r.frames[0].schema.meta.custom.total).toBe(expected.length);
  });

  it('finds one event by id even when the range does not hold it', async () => {
    const [oldest] = await sql('SELECT id, create_time FROM audit_log ORDER BY create_time ASC, id ASC LIMIT 1');
    const r = await queryOne(
      host,
      'audit',
      { queryType: 'auditEvents', eventId: oldest.id },
      { role: 'Admin', from: END + HOUR, to: END + 2 * HOUR }
    );
    expect(r.status).toBe(200);
    expect(ids(r.frames[0])).toEqual([oldest.id]);
    expect(r.frames[0].data.values[0]).toEqual([Number(oldest.create_time)]);
  });

  it('counts events per action per bucket as SQL does, with empty buckets as zero', async () => {
    const r = await run('audit', { queryType: 'auditCounts' }, 'Admin', { intervalMs: HOUR, maxDataPoints: 1000 });
    expect(r.status).toBe(200);
    const frame = r.frames[0];
    const times: number[] = frame.data.values[0];
    expect(times).toHaveLength(73);
    expect(times[0]).toBe(START);
    const expected = await sql(
      'SELECT create_time DIV ? AS bucket, action, COUNT(*) AS n FROM audit_log WHERE create_time BETWEEN ? AND ? GROUP BY bucket, action',
      [HOUR, START, END]
    );
    const fields = frame.schema.fields.slice(1);
    expect(fields.map((f: any) => f.labels.action)).toEqual([...ACTIONS].sort());
    for (const [i, field] of fields.entries()) {
      const counts: number[] = frame.data.values[i + 1];
      for (const [slot, time] of times.entries()) {
        const row = expected.find((e) => Number(e.bucket) * HOUR === time && e.action === field.labels.action);
        expect(counts[slot]).toBe(row ? Number(row.n) : 0);
      }
    }
    expect(
      frame.data.values
        .slice(1)
        .flat()
        .reduce((a: number, b: number) => a + b, 0)
    ).toBe(600);
  });

  it('answers as annotations when asked', async () => {
    const r = await run('audit', {
      queryType: 'auditEvents',
      asAnnotations: true,
      actions: ['USER_ROLE_CHANGE'],
      pageSize: 5,
    });
    const frame = r.frames[0];
    expect(frame.schema.fields.map((f: any) => f.name)).toEqual(['time', 'title', 'text', 'tags']);
    expect(frame.data.values[1]).toEqual(Array(5).fill('USER_ROLE_CHANGE'));
    expect(frame.data.values[3][0]).toEqual(['audit', 'USER_ROLE_CHANGE', expect.stringMatching(/^t\d$/)]);
  });

  it.each([
    ['Viewer', 'audit', 403],
    ['Editor', 'audit', 403],
    ['Editor', 'editors', 200],
    ['Viewer', 'editors', 403],
  ] as const)('as %s on %s: %s', async (role, uid, status) => {
    expect((await run(uid, { queryType: 'auditEvents' }, role)).status).toBe(status);
    expect((await run(uid, { queryType: 'auditCounts' }, role)).status).toBe(status);
  });

  it('masks e-mail addresses in users and details below the personal-data role, and refuses e-mail filters', async () => {
    const masked = (await run('editors', { queryType: 'auditEvents', pageSize: 1000 }, 'Editor')).frames[0];
    const text = JSON.stringify(masked.data.values);
    expect(text).not.toMatch(/@example\./);
    expect(masked.data.values[2]).toContain('[EMAIL]');
    expect(masked.data.values[2]).toContain('3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d');
    for (const details of masked.data.values[5]) {
      expect(() => JSON.parse(details)).not.toThrow();
    }
    const unmasked = (await run('editors', { queryType: 'auditEvents', pageSize: 5 }, 'Admin')).frames[0];
    expect(JSON.stringify(unmasked.data.values)).toMatch(/@example\./);
    const probe = await run('editors', { queryType: 'auditEvents', text: 'ana@example.com' }, 'Editor');
    expect(probe.status).toBe(403);
    expect(probe.error).toBe("filtering by e-mail address needs the Admin role in this datasource's settings");
  });

  it('keeps a pinned datasource to its tenant even when the panel filters other tenants', async () => {
    const r = await run('pinned', { queryType: 'auditEvents', pageSize: 1000, tenants: ['t1', 't2'] });
    expect(new Set(r.frames[0].data.values[3])).toEqual(new Set(['t2']));
    expect(r.frames[0].schema.meta.custom.total).toBe(200);
  });

  it.each([
    ['an unknown sort column', { sort: 'details; DROP TABLE audit_log' }, /^invalid query: sort: /],
    ['a page size over the limit', { pageSize: 100000 }, /^invalid query: pageSize: Too big/],
    ['actions that are not a list', { actions: 'KB_DELETE' }, /^invalid query: actions: /],
    ['a filter value of the wrong type', { users: [42] }, /^invalid query: users\.0: /],
  ])('refuses %s with a 400 naming the field', async (_label, extra, error) => {
    const r = await run('audit', { queryType: 'auditEvents', ...extra });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(error);
  });
});
