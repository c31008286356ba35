/**
 * The audit hash chain as the ingest writes it (schema/mysql/007_audit_chain.sql): every event in its
 * tenant's chain, each link's hash recomputable from the row alone, and concurrent writers of one
 * chain never forking it. Both orders of applying 006 and 007 give the ingest what it needs.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startIngest, type IngestService } from '../../../ingest/service';
import { auditCanonical, GENESIS_HASH } from '../../../src/shared/auditChain';
import { applySchema, startDatabase, type TestDatabase } from '../../db/mariadb';
import { applyTemplate } from '../rollupSetup';
import { ingestConfig, INGEST_USER } from './setup';

const T0 = Date.now() - 3_600_000;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe.each(['007 then 006', '006 then 007'])('the audit hash chain (%s)', (order) => {
  let db: TestDatabase;
  let conn: Connection;
  let service: IngestService;
  let second: IngestService;
  let url: string;
  let secondUrl: string;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    const user = () => applyTemplate(conn, '006_ingest_user.sql', '__LEDGER_INGEST_PASSWORD__', INGEST_USER.password);
    const chain = () => applySchema(conn, '007_audit_chain.sql');
    if (order === '007 then 006') {
      await chain();
      await user();
    } else {
      await user();
      await chain();
      await chain(); // idempotent
    }
    service = await startIngest(ingestConfig(db), () => undefined);
    url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
    // A second ingest on the same database: two processes appending to one chain.
    second = await startIngest(ingestConfig(db), () => undefined);
    secondUrl = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await service?.stop();
    await second?.stop();
    await conn?.end();
    await db?.stop();
  });

  const post = (items: unknown[], to = url) =>
    fetch(`${to}/v1/audit`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer key-any' },
      body: JSON.stringify(items),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('appends concurrent writers of one tenant to one unforked chain, each link verifiable', async () => {
    const requests = Array.from({ length: 20 }, (_, r) =>
      post(
        Array.from({ length: 10 }, (_, i) => ({
          tenant_id: 'acme',
          user_id: `u${i}`,
          action: 'KB_UPDATE',
          details: { kb: `kb-${r}-${i}`, by: 'ana@example.com' },
          timestamp: T0 + r * 1000 + i,
        })),
        r % 2 === 0 ? url : secondUrl
      )
    );
    // Events of another tenant and without a tenant, meanwhile: chains of their own.
    requests.push(post([{ tenant_id: 'other', action: 'USER_LOGIN_SUCCESS', timestamp: T0 }]));
    requests.push(post([{ action: 'USER_LOGIN_FAILURE', timestamp: T0, details: { ip: '192.0.2.1' } }]));
    const answers = await Promise.all(requests);
    expect(answers.every((a) => a.status === 200)).toBe(true);

    const [rows] = await conn.query<RowDataPacket[]>(
      'SELECT id, tenant_id, user_id, action, details, create_time, chain_key, chain_seq, prev_hash, row_hash FROM audit_log ORDER BY chain_key, chain_seq'
    );
    expect(rows).toHaveLength(202);
    const byChain = new Map<string, RowDataPacket[]>();
    for (const r of rows) {
      byChain.set(r.chain_key, [...(byChain.get(r.chain_key) ?? []), r]);
    }
    expect([...byChain.keys()].sort()).toEqual(['', 'acme', 'other']);
    for (const [, chain] of byChain) {
      let prev = GENESIS_HASH;
      chain.forEach((r, i) => {
        expect(Number(r.chain_seq)).toBe(i + 1);
        expect(r.prev_hash).toBe(prev);
        const hash = sha256(
          auditCanonical({
            id: r.id,
            tenantId: r.tenant_id,
            userId: r.user_id,
            action: r.action,
            details: r.details,
            createTime: Number(r.create_time),
            chainKey: r.chain_key,
            chainSeq: Number(r.chain_seq),
            prevHash: r.prev_hash,
          })
        );
        expect(r.row_hash).toBe(hash);
        prev = r.row_hash;
      });
    }
    const [heads] = await conn.query<RowDataPacket[]>(
      'SELECT chain_key, chain_seq, row_hash FROM audit_chain_head ORDER BY chain_key'
    );
    expect(heads.map((h) => [h.chain_key, Number(h.chain_seq), h.row_hash])).toEqual(
      [...byChain]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, chain]) => [k, chain.length, chain[chain.length - 1].row_hash])
    );
  });

  it('does not chain an event sent again, and leaves rows written by other means unchained', async () => {
    const event = { id: 'e'.repeat(32), tenant_id: 'acme', action: 'KB_DELETE', timestamp: T0 + 99 };
    expect((await post([event])).status).toBe(200);
    expect((await post([event])).status).toBe(200);
    const [[once]] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM audit_log WHERE id = ?', [event.id]);
    expect(Number(once!.n)).toBe(1);
    await conn.query(
      "INSERT INTO audit_log (id, tenant_id, action, create_time) VALUES ('direct', 'acme', 'KB_CREATE', ?)",
      [T0]
    );
    const [[direct]] = await conn.query<RowDataPacket[]>(
      "SELECT chain_seq, row_hash FROM audit_log WHERE id = 'direct'"
    );
    expect(direct).toEqual({ chain_seq: null, row_hash: null });
  });
});
