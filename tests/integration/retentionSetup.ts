/**
 * Test helpers for the maintenance pass (`rollup --maintain`): chained audit events written as the
 * ingest writes them (src/shared/auditChain.ts's linking, heads moved), a chain verified as the
 * datasource verifies it (startWalk, walkChain, finishWalk), and monthly partitions laid out around
 * today.
 */
import { randomBytes } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import {
  finishWalk,
  linkEvents,
  startWalk,
  walkChain,
  type ChainHead,
  type ChainLink,
  type StoredLink,
  type UnchainedEvent,
} from '../../src/shared/auditChain';
import { sha256Hex } from '../../pkg/services/auditChainWalk';
import { applyTemplate } from './rollupSetup';

export { sha256Hex };

/** The audit columns a chained event is written with, in the order of chainedAuditRows' values. */
export const CHAINED_AUDIT_COLUMNS =
  'id, tenant_id, user_id, action, details, create_time, chain_key, chain_seq, prev_hash, row_hash';

/** Events and their links (linkEvents) as rows of CHAINED_AUDIT_COLUMNS, for `INSERT … VALUES ?`. */
export function chainedAuditRows(events: readonly UnchainedEvent[], links: readonly ChainLink[]): unknown[][] {
  return events.map((e, i) => {
    const l = links[i]!;
    return [
      e.id,
      e.tenantId,
      e.userId,
      e.action,
      e.details,
      e.createTime,
      l.chainKey,
      l.chainSeq,
      l.prevHash,
      l.rowHash,
    ];
  });
}

/** The maintenance grants (schema/mysql/008), after 004 and 007. */
export async function installMaintenance(conn: Connection): Promise<void> {
  await applyTemplate(conn, '008_maintenance_user.sql', '__NO_PLACEHOLDER__', '');
}

export interface NewEvent {
  tenantId: string | null;
  createTime: number;
  action?: string;
  details?: string | null;
}

/** Appends events to their chains in the order given, as the ingest does (one transaction). */
export async function appendChained(conn: Connection, events: NewEvent[]): Promise<void> {
  await conn.beginTransaction();
  const [headRows] = await conn.query<RowDataPacket[]>(
    'SELECT chain_key, chain_seq, row_hash FROM audit_chain_head FOR UPDATE'
  );
  const heads = new Map<string, ChainHead>(
    headRows.map((h) => [String(h.chain_key), { seq: Number(h.chain_seq), hash: String(h.row_hash) }])
  );
  const unchained = events.map((e) => ({
    id: randomBytes(16).toString('hex'),
    tenantId: e.tenantId,
    userId: null,
    action: e.action ?? 'KB_UPDATE',
    details: e.details === undefined ? '{"kb":"x"}' : e.details,
    createTime: e.createTime,
  }));
  const { links, heads: next } = linkEvents(unchained, heads, sha256Hex);
  const rows = chainedAuditRows(unchained, links);
  for (let i = 0; i < rows.length; i += 1000) {
    await conn.query(`INSERT INTO audit_log (${CHAINED_AUDIT_COLUMNS}) VALUES ?`, [rows.slice(i, i + 1000)]);
  }
  for (const [key, head] of next) {
    await conn.query(
      'INSERT INTO audit_chain_head (chain_key, chain_seq, row_hash, update_time) VALUES (?, ?, ?, ?) ' +
        'ON DUPLICATE KEY UPDATE chain_seq = VALUES(chain_seq), row_hash = VALUES(row_hash), update_time = VALUES(update_time)',
      [key, head.seq, head.hash, Date.now()]
    );
  }
  await conn.commit();
}

/** Audit rows outside any chain (as written before 007, or by other means). */
export async function insertUnchained(conn: Connection, times: number[]): Promise<void> {
  for (let i = 0; i < times.length; i += 1000) {
    await conn.query('INSERT INTO audit_log (id, tenant_id, action, details, create_time) VALUES ?', [
      times.slice(i, i + 1000).map((t) => [randomBytes(16).toString('hex'), 'legacy', 'USER_LOGIN_SUCCESS', null, t]),
    ]);
  }
}

export async function chainRows(conn: Connection, chainKey: string): Promise<StoredLink[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT id, tenant_id, user_id, action, details, create_time, chain_key, chain_seq, prev_hash, row_hash ' +
      'FROM audit_log WHERE chain_key = ? ORDER BY chain_seq, id',
    [chainKey]
  );
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    userId: r.user_id,
    action: r.action,
    details: r.details,
    createTime: Number(r.create_time),
    chainKey: r.chain_key,
    chainSeq: Number(r.chain_seq),
    prevHash: r.prev_hash,
    rowHash: r.row_hash,
  }));
}

/** Verifies a whole chain as the datasource does: from genesis or its checkpoint, to its head. */
export async function verifyChain(
  conn: Connection,
  chainKey: string
): Promise<{ verified: number; firstSeq?: number; lastSeq?: number; broken?: string }> {
  const rows = await chainRows(conn, chainKey);
  const [cps] = await conn.query<RowDataPacket[]>(
    'SELECT chain_seq, row_hash FROM audit_checkpoint WHERE chain_key = ?',
    [chainKey]
  );
  const checkpoints = new Map(cps.map((c) => [Number(c.chain_seq), String(c.row_hash)]));
  const [heads] = await conn.query<RowDataPacket[]>(
    'SELECT chain_seq, row_hash FROM audit_chain_head WHERE chain_key = ?',
    [chainKey]
  );
  const marks = [
    ...heads.map((h) => ({ source: 'head' as const, seq: Number(h.chain_seq), hash: String(h.row_hash) })),
    ...[...checkpoints].map(([seq, hash]) => ({ source: 'checkpoint' as const, seq, hash })),
  ];
  if (rows.length === 0) {
    return { verified: 0 };
  }
  const firstSeq = rows[0].chainSeq;
  const before = checkpoints.get(firstSeq - 1);
  const start = startWalk(firstSeq, before === undefined ? null : { seq: firstSeq - 1, hash: before });
  if ('missingBefore' in start) {
    return { verified: 0, firstSeq, broken: `missing before ${start.missingBefore}` };
  }
  const walked = walkChain(rows, [], start.state, sha256Hex, checkpoints);
  const broken = walked.broken?.message ?? finishWalk(walked.state, marks)?.message;
  return { verified: walked.state.verified, firstSeq, lastSeq: walked.state.last?.chainSeq, broken };
}

const monthStartUtc = (ms: number, months = 0) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
};
const nameOf = (ms: number) => {
  const d = new Date(ms);
  return `p${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const datetime = (ms: number) => `'${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;

/**
 * Re-partitions both (empty) ledger tables of the partitioned variant by month around `nowMs`:
 * p_old, then the months from `monthsBack` before the current one to the current one, then p_future.
 * Returns the month partitions' names, oldest first.
 */
export async function partitionAroundNow(conn: Connection, nowMs: number, monthsBack: number): Promise<string[]> {
  const first = monthStartUtc(nowMs, -monthsBack);
  const months: number[] = [];
  for (let m = first; m <= monthStartUtc(nowMs); m = monthStartUtc(m, 1)) {
    months.push(m);
  }
  const spec = (bound: (ms: number) => string) =>
    [
      `PARTITION p_old VALUES LESS THAN (${bound(first)})`,
      ...months.map((m) => `PARTITION ${nameOf(m)} VALUES LESS THAN (${bound(monthStartUtc(m, 1))})`),
      'PARTITION p_future VALUES LESS THAN (MAXVALUE)',
    ].join(', ');
  await conn.query(`ALTER TABLE token_usage_log PARTITION BY RANGE COLUMNS (\`timestamp\`) (${spec(datetime)})`);
  await conn.query(`ALTER TABLE audit_log PARTITION BY RANGE (create_time) (${spec(String)})`);
  return months.map(nameOf);
}

export async function partitionNames(conn: Connection, table: string): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT PARTITION_NAME AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ' +
      'ORDER BY PARTITION_ORDINAL_POSITION',
    [table]
  );
  return rows.map((r) => String(r.n));
}

export { monthStartUtc, nameOf };
