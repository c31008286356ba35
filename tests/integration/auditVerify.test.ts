/**
 * Audit verification from a real MariaDB through the host: chains written by the ingest and written
 * directly with the shared linking, then tampered with in each way a writer of the tables can (an
 * edited detail, a deleted row, a forged row, two rows swapped, the end cut off), each found at the
 * right event; a purge that left its checkpoint still verifies; chains longer than a page; the
 * datasource reading as the read-only user of 002; the audit role and the pinned tenant; a table
 * without the chain. And the trail's state: its oldest event and its last purge.
 */
import type { AddressInfo } from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startIngest, type IngestService } from '../../ingest/service';
import { linkEvents, type ChainHead } from '../../src/shared/auditChain';
import { sha256Hex } from '../../pkg/services/auditChainWalk';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, type Host, type Role } from './host';
import { ingestConfig, INGEST_USER } from './ingest/setup';
import { applyTemplate, RO } from './rollupSetup';
import { CHAINED_AUDIT_COLUMNS, chainedAuditRows } from './retentionSetup';

const T0 = Date.UTC(2026, 10, 18);
const END = T0 + 30 * 86_400_000;

/** Event `i` of a tenant's chain: its id sorts in chain order. */
const eventId = (tenant: string, i: number) => `${tenant}-${String(i).padStart(6, '0')}`;

describe('audit verification', () => {
  let db: TestDatabase;
  let conn: Connection;
  let host: Host;
  let ingest: IngestService;

  /** Appends `n` events to a tenant's chain as the ingest would, rows and head, in batches. */
  async function writeChain(tenant: string, n: number, start = T0): Promise<void> {
    const [[stored]] = await conn.query<RowDataPacket[]>(
      'SELECT chain_seq, row_hash FROM audit_chain_head WHERE chain_key = ?',
      [tenant]
    );
    let heads = new Map<string, ChainHead>(
      stored ? [[tenant, { seq: Number(stored.chain_seq), hash: stored.row_hash }]] : []
    );
    const first = (heads.get(tenant)?.seq ?? 0) + 1;
    for (let from = 0; from < n; from += 2000) {
      const events = Array.from({ length: Math.min(2000, n - from) }, (_, j) => {
        const i = first + from + j;
        return {
          id: eventId(tenant, i),
          tenantId: tenant,
          userId: `u${i % 7}`,
          action: i % 3 === 0 ? 'KB_UPDATE' : 'USER_LOGIN_SUCCESS',
          details: JSON.stringify({ n: i, ip: `10.0.0.${i % 250}` }),
          createTime: start + i * 1000,
        };
      });
      const linked = linkEvents(events, heads, sha256Hex);
      await conn.query(`INSERT INTO audit_log (${CHAINED_AUDIT_COLUMNS}) VALUES ?`, [
        chainedAuditRows(events, linked.links),
      ]);
      heads = new Map([...heads, ...linked.heads]);
    }
    const head = heads.get(tenant)!;
    await conn.query(
      'INSERT INTO audit_chain_head (chain_key, chain_seq, row_hash, update_time) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE chain_seq = VALUES(chain_seq), row_hash = VALUES(row_hash)',
      [tenant, head.seq, head.hash, T0]
    );
  }

  async function rowAt(tenant: string, seq: number): Promise<RowDataPacket> {
    const [[row]] = await conn.query<RowDataPacket[]>(
      `SELECT ${CHAINED_AUDIT_COLUMNS} FROM audit_log WHERE chain_key = ? AND chain_seq = ?`,
      [tenant, seq]
    );
    return row;
  }

  async function checkpoint(tenant: string, seq: number, reason: 'periodic' | 'purge'): Promise<void> {
    const row = await rowAt(tenant, seq);
    await conn.query(
      'INSERT INTO audit_checkpoint (chain_key, chain_seq, row_hash, create_time, reason) VALUES (?, ?, ?, ?, ?)',
      [tenant, seq, row.row_hash, T0, reason]
    );
  }

  /** Each way of tampering, on a chain of its own of 30 events. */
  const TAMPERING: Array<[string, string, (tenant: string) => Promise<unknown>, string, number]> = [
    [
      'an edited detail',
      'edit',
      (t) => conn.query('UPDATE audit_log SET details = \'{"n":12,"ip":"10.9.9.9"}\' WHERE id = ?', [eventId(t, 12)]),
      'content_edited',
      12,
    ],
    [
      'a deleted row',
      'delete',
      (t) => conn.query('DELETE FROM audit_log WHERE id = ?', [eventId(t, 17)]),
      'row_missing',
      18,
    ],
    [
      'a forged row at a taken place',
      'forge',
      async (t) => {
        const row = await rowAt(t, 15);
        await conn.query(`INSERT INTO audit_log (${CHAINED_AUDIT_COLUMNS}) VALUES (?)`, [
          [`${t}-zzzzzz`, t, 'mallory', 'KB_DELETE', '{}', row.create_time, t, 15, row.prev_hash, row.row_hash],
        ]);
      },
      'row_inserted',
      -1,
    ],
    [
      'two rows swapped',
      'swap',
      (t) =>
        conn.query('UPDATE audit_log SET chain_seq = CASE id WHEN ? THEN 21 ELSE 20 END WHERE id IN (?, ?)', [
          eventId(t, 20),
          eventId(t, 20),
          eventId(t, 21),
        ]),
      'order_changed',
      21,
    ],
    [
      'the end cut off, the head left',
      'cut',
      (t) => conn.query('DELETE FROM audit_log WHERE chain_key = ? AND chain_seq > 27', [t]),
      'row_missing',
      27,
    ],
    [
      'the end cut off after a checkpoint, the head moved back',
      'cuthead',
      async (t) => {
        await checkpoint(t, 28, 'periodic');
        await conn.query('DELETE FROM audit_log WHERE chain_key = ? AND chain_seq > 25', [t]);
        const last = await rowAt(t, 25);
        await conn.query('UPDATE audit_chain_head SET chain_seq = 25, row_hash = ? WHERE chain_key = ?', [
          last.row_hash,
          t,
        ]);
      },
      'row_missing',
      25,
    ],
  ];

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    await applySchema(conn, '007_audit_chain.sql');
    await applyTemplate(conn, '002_readonly_user.sql', '__LEDGER_RO_PASSWORD__', RO.password);
    await applyTemplate(conn, '006_ingest_user.sql', '__LEDGER_INGEST_PASSWORD__', INGEST_USER.password);

    // acme: through the ingest, as applications write it.
    ingest = await startIngest(ingestConfig(db), () => undefined);
    const url = `http://127.0.0.1:${(ingest.server.address() as AddressInfo).port}`;
    const answer = await fetch(`${url}/v1/audit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer key-any' },
      body: JSON.stringify([
        ...Array.from({ length: 40 }, (_, i) => ({
          tenant_id: 'acme',
          user_id: `u${i % 3}`,
          action: 'KB_UPDATE',
          details: { kb: `kb-${i}`, by: 'ana@example.com' },
          timestamp: T0 + i * 1000,
        })),
        { action: 'USER_LOGIN_FAILURE', timestamp: T0 + 5000, details: { ip: '192.0.2.1' } },
      ]),
    });
    expect(answer.status).toBe(200);
    await ingest.stop();

    for (const [, tenant] of TAMPERING) {
      await writeChain(tenant, 30);
    }
    // Longer than a page (5000 places): verified whole, and broken in its third page.
    await writeChain('big', 12_000);
    await writeChain('bigbroken', 12_000);
    // Purged: the first 10 events removed after a purge checkpoint at place 10; and without one.
    for (const tenant of ['purged', 'purgednocp']) {
      await writeChain(tenant, 30);
    }
    await checkpoint('purged', 5, 'periodic');
    await checkpoint('purged', 10, 'purge');
    await checkpoint('purged', 20, 'periodic');
    await conn.query("DELETE FROM audit_log WHERE chain_key IN ('purged', 'purgednocp') AND chain_seq <= 10");
    for (const [, tenant, tamper] of TAMPERING) {
      await tamper(tenant);
    }
    await conn.query("UPDATE audit_log SET action = 'KB_READ' WHERE id = ?", [eventId('bigbroken', 10_001)]);
    // Rows written by other means: not chained, counted, never broken.
    await conn.query(
      "INSERT INTO audit_log (id, tenant_id, action, details, create_time) VALUES ('direct-1', 'acme', 'KB_CREATE', '{}', ?), ('direct-2', 'legacy', 'KB_CREATE', '{}', ?), ('direct-3', 'legacy', 'KB_DELETE', '{}', ?)",
      [T0 + 1, T0 + 2, T0 - 86_400_000]
    );
    // The maintenance job's purge events (written here by hand): the audit table's, then the usage table's.
    await conn.query(
      "INSERT INTO audit_log (id, action, details, create_time) VALUES ('purge-1', 'AUDIT_RETENTION_PURGE', ?, ?), ('purge-2', 'AUDIT_RETENTION_PURGE', ?, ?)",
      [
        JSON.stringify({
          table: 'audit_log',
          retentionDays: 400,
          removedRows: 10,
          before: T0 - 400 * 86_400_000,
          dryRun: false,
        }),
        T0 + 100,
        JSON.stringify({ table: 'token_usage_log', retentionDays: 90, removedRows: 5000, before: T0, dryRun: false }),
        T0 + 200,
      ]
    );
    // A ledger made before 007: no chain at all.
    await conn.query('CREATE DATABASE plain CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    const plain = await (await import('mysql2/promise')).createConnection({ ...db.options, database: 'plain' });
    await applySchema(plain);
    await plain.query(
      "INSERT INTO audit_log (id, tenant_id, action, create_time) VALUES ('p1', 't1', 'KB_CREATE', ?), ('p2', 't1', 'KB_CREATE', ?), ('p3', NULL, 'USER_LOGIN_FAILURE', ?)",
      [T0, T0 + 1, T0 + 2]
    );
    await plain.end();

    const ro = { ...db, user: RO.user, password: RO.password };
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('audit', ro),
        ledgerDatasource('editors', ro, { auditMinRole: 'Editor' }),
        ledgerDatasource('pinned', ro, { pinnedTenant: 'acme' }),
        ledgerDatasource('plain', { ...db, database: 'plain' }),
      ]),
    });
  }, 120_000);

  afterAll(async () => {
    host?.cleanup();
    await conn?.end();
    await db?.stop();
  });

  const run = (uid: string, q: object, role: Role = 'Admin') =>
    queryOne(host, uid, { queryType: 'auditVerify', ...q }, { role, from: T0 - 86_400_000, to: END });

  /** The frame's rows as objects keyed by field name. */
  function rows(result: any): Array<Record<string, unknown>> {
    expect(result.status).toBe(200);
    const frame = result.frames[0];
    const names: string[] = frame.schema.fields.map((f: any) => f.name);
    const values: unknown[][] = frame.data.values;
    return (values[0] ?? []).map((_, i) => Object.fromEntries(names.map((n, j) => [n, values[j][i]])));
  }

  it('verifies a chain the ingest wrote, to its last event, counting the events written by other means', async () => {
    const [acme] = rows(await run('audit', { tenant: 'acme' }));
    expect(acme).toMatchObject({
      tenant: 'acme',
      status: 'verified',
      'verified events': 40,
      'verified from': T0,
      'verified to': T0 + 39_000,
      'not chained': 1,
      break: null,
      message: null,
    });
    const [none] = rows(await run('audit', { tenant: '' }));
    expect(none).toMatchObject({ tenant: '', status: 'verified', 'verified events': 1, 'not chained': 2 });
  });

  it.each(TAMPERING)('finds %s at the right event', async (_name, tenant, _tamper, kind, at) => {
    const [found] = rows(await run('audit', { tenant }));
    const event = at === -1 ? `${tenant}-zzzzzz` : eventId(tenant, at);
    const [[stored]] = await conn.query<RowDataPacket[]>('SELECT create_time FROM audit_log WHERE id = ?', [event]);
    expect(found).toMatchObject({
      tenant,
      status: 'broken',
      break: kind,
      'break event': event,
      'break time': Number(stored.create_time),
    });
    expect(found.message).toEqual(expect.any(String));
  });

  it('verifies a chain longer than a page, and finds a break in its third page', async () => {
    expect(rows(await run('audit', { tenant: 'big' }))[0]).toMatchObject({
      status: 'verified',
      'verified events': 12_000,
      'verified to': T0 + 12_000_000,
    });
    expect(rows(await run('audit', { tenant: 'bigbroken' }))[0]).toMatchObject({
      status: 'broken',
      break: 'content_edited',
      'break event': eventId('bigbroken', 10_001),
      'verified events': 10_000,
      'verified to': T0 + 10_000_000,
    });
  });

  it('verifies what a purge left from its checkpoint, and not without one', async () => {
    expect(rows(await run('audit', { tenant: 'purged' }))[0]).toMatchObject({
      status: 'verified',
      'verified events': 20,
      'verified from': T0 + 11_000,
    });
    expect(rows(await run('audit', { tenant: 'purgednocp' }))[0]).toMatchObject({
      status: 'broken',
      break: 'row_missing',
      'break event': eventId('purgednocp', 11),
    });
  });

  it('answers every chain the caller may see, one row each, the broken first', async () => {
    const all = rows(await run('audit', {}));
    const byTenant = new Map(all.map((r) => [r.tenant, r.status]));
    expect(Object.fromEntries(byTenant)).toEqual({
      '': 'verified',
      acme: 'verified',
      big: 'verified',
      bigbroken: 'broken',
      cut: 'broken',
      cuthead: 'broken',
      delete: 'broken',
      edit: 'broken',
      forge: 'broken',
      legacy: 'not chained',
      purged: 'verified',
      purgednocp: 'broken',
      swap: 'broken',
    });
    expect(all.map((r) => r.status)).toEqual([...all.map((r) => r.status)].sort((a, b) => rank(a) - rank(b)));
    // The page's tenant variable: a list of tenants.
    expect(rows(await run('audit', { tenants: ['acme', 'legacy'] })).map((r) => [r.tenant, r.status])).toEqual([
      ['legacy', 'not chained'],
      ['acme', 'verified'],
    ]);
  });

  it('for alert rules: 1 per broken chain, 0 for the others', async () => {
    const r = await run('audit', { forAlerting: true, tenants: ['acme', 'edit', 'legacy'] });
    expect(r.frames[0].schema.fields.map((f: any) => [f.name, f.type])).toEqual([
      ['tenant', 'string'],
      ['broken', 'number'],
    ]);
    expect(r.frames[0].data.values).toEqual([
      ['edit', 'legacy', 'acme'],
      [1, 0, 0],
    ]);
  });

  it.each([
    ['Viewer', 'audit', 403],
    ['Editor', 'audit', 403],
    ['Editor', 'editors', 200],
    ['Viewer', 'editors', 403],
  ] as const)('as %s on %s: %s, as for the audit events', async (role, uid, status) => {
    const verify = await run(uid, { tenant: 'acme' }, role);
    const events = await queryOne(host, uid, { queryType: 'auditEvents' }, { role, from: T0, to: END });
    expect(verify.status).toBe(status);
    expect(verify.error).toBe(events.error);
    const state = await queryOne(host, uid, { queryType: 'auditTrailState' }, { role, from: T0, to: END });
    expect(state.status).toBe(status);
  });

  it('verifies only its tenant’s chain on a pinned datasource', async () => {
    expect(rows(await run('pinned', {})).map((r) => [r.tenant, r.status])).toEqual([['acme', 'verified']]);
    expect(rows(await run('pinned', { tenant: 'edit' }))).toEqual([]);
    expect(rows(await run('pinned', { tenant: '' }))).toEqual([]);
    expect(rows(await run('pinned', { tenants: ['edit', 'acme'] })).map((r) => r.tenant)).toEqual(['acme']);
  });

  it('answers "not chained" with a notice naming the migration when the ledger has no chain', async () => {
    const r = await run('plain', {});
    expect(rows(r).map((x) => [x.tenant, x.status, x['not chained']])).toEqual([
      ['', 'not chained', 1],
      ['t1', 'not chained', 2],
    ]);
    expect(r.frames[0].schema.meta.notices).toEqual([
      { severity: 'warning', text: expect.stringContaining('schema/mysql/007_audit_chain.sql') },
    ]);
  });

  it('says what the trail holds: its oldest event and its last purge', async () => {
    const state = async (uid: string, q: object = {}) =>
      rows(await queryOne(host, uid, { queryType: 'auditTrailState', ...q }, { from: T0, to: T0 + 1 }))[0];
    expect(await state('audit')).toEqual({
      'oldest event': T0 - 86_400_000,
      'last purge': T0 + 100,
      'retention days': 400,
      'removed rows': 10,
      'purged before': T0 - 400 * 86_400_000,
      'dry run': false,
    });
    expect(await state('audit', { tenants: ['purged'] })).toMatchObject({ 'oldest event': T0 + 11_000 });
    expect(await state('plain')).toEqual({
      'oldest event': T0,
      'last purge': null,
      'retention days': null,
      'removed rows': null,
      'purged before': null,
      'dry run': null,
    });
  });

  it('refuses a bad query with a 400 naming the field', async () => {
    const r = await run('audit', { tenant: 42 });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^invalid query: tenant: /);
  });
});

const rank = (status: unknown) => ['broken', 'not chained', 'empty', 'verified'].indexOf(String(status));
