/**
 * The maintenance pass's reads and writes of the audit hash chains (schema/mysql/007_audit_chain.sql):
 * checkpoints, a page of a chain in order, and appending an event without a tenant (the purge's own
 * event) the way the ingest appends, so the purge is itself tamper-evident. Plain SQL on one
 * connection; the chain's canonical form and linking are the shared contract's
 * (src/shared/auditChain.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { linkEvents, type ChainHead, type StoredLink } from '../../src/shared/auditChain';
import { quoteIdentifier } from '../queries/sql';
import { sha256Hex, storedLink, type LinkRow } from '../services/auditChainWalk';

export const CHAIN_HEAD_TABLE = 'audit_chain_head';
export const CHECKPOINT_TABLE = 'audit_checkpoint';

// The backend's one SHA-256 of the chain's canonical form: the verifier's, so writer and verifier agree.
export { sha256Hex };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the store needs of a connection. */
export interface ChainDb {
  rows(sql: string, params?: unknown[]): Promise<RowDataPacket[]>;
  exec(sql: string, params?: unknown[]): Promise<ResultSetHeader>;
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Records (chain, seq, hash); true when written. A checkpoint already there is kept (the job may not
 * UPDATE it) and must record the same hash: another hash at that place means the chain was rewritten.
 */
export async function writeCheckpoint(
  db: ChainDb,
  chainKey: string,
  seq: number,
  hash: string,
  reason: 'periodic' | 'purge'
): Promise<boolean> {
  try {
    await db.exec(
      `INSERT INTO ${CHECKPOINT_TABLE} (chain_key, chain_seq, row_hash, create_time, reason) VALUES (?, ?, ?, ?, ?)`,
      [chainKey, seq, hash, Date.now(), reason]
    );
    return true;
  } catch (err) {
    if ((err as { errno?: number }).errno !== 1062) {
      throw err;
    }
    const [kept] = await db.rows(`SELECT row_hash FROM ${CHECKPOINT_TABLE} WHERE chain_key = ? AND chain_seq = ?`, [
      chainKey,
      seq,
    ]);
    if (kept && String(kept.row_hash) !== hash) {
      throw new Error(
        `chain ${JSON.stringify(chainKey)}: the checkpoint at place ${seq} records another hash than the event there`
      );
    }
    return false;
  }
}

/** Up to `limit` events of a chain from place `fromSeq`, in chain order. */
export async function readChainPage(
  db: ChainDb,
  table: string,
  chainKey: string,
  fromSeq: number,
  limit: number
): Promise<StoredLink[]> {
  const rows = await db.rows(
    `SELECT id, tenant_id, user_id, action, details, create_time, chain_key, chain_seq, prev_hash, row_hash FROM ${quoteIdentifier(table)} ` +
      'WHERE chain_key = ? AND chain_seq >= ? ORDER BY chain_seq, id LIMIT ?',
    [chainKey, fromSeq, limit]
  );
  // Read as the verifier reads them: the prefix checked before a purge is the chain it verifies.
  return rows.map((r) => storedLink(chainKey, r as LinkRow));
}

export interface UntenantedEvent {
  table: string;
  /** The audit table's columns (lower case): only those are written. */
  columns: ReadonlySet<string>;
  /** Append to the chain of events without a tenant (the chain tables exist). */
  chained: boolean;
  action: string;
  details: string;
}

/**
 * Inserts an event without a tenant or user, now. Chained: the head row of the '' chain is locked,
 * the event linked after it and inserted, and the head moved, in one transaction; a head created
 * meanwhile (duplicate key), a deadlock or a lock wait start it again from the new head.
 */
export async function appendUntenantedEvent(db: ChainDb, e: UntenantedEvent): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const createTime = Date.now();
    const date = new Date(createTime).toISOString().slice(0, 19).replace('T', ' ');
    const event = {
      id: randomUUID().replaceAll('-', ''),
      tenantId: null,
      userId: null,
      action: e.action,
      details: e.details,
      createTime,
    };
    const values: Record<string, unknown> = {
      id: event.id,
      user_id: null,
      tenant_id: null,
      action: e.action,
      details: e.details,
      create_time: createTime,
      create_date: date,
      update_time: createTime,
      update_date: date,
    };
    try {
      await db.transaction(async () => {
        let before: ChainHead | undefined;
        if (e.chained) {
          const [head] = await db.rows(
            `SELECT chain_seq, row_hash FROM ${CHAIN_HEAD_TABLE} WHERE chain_key = '' FOR UPDATE`
          );
          before = head ? { seq: Number(head.chain_seq), hash: String(head.row_hash) } : undefined;
          const link = linkEvents([event], new Map(before ? [['', before]] : []), sha256Hex).links[0];
          Object.assign(values, {
            chain_key: link.chainKey,
            chain_seq: link.chainSeq,
            prev_hash: link.prevHash,
            row_hash: link.rowHash,
          });
        }
        const columns = Object.keys(values).filter((c) => e.columns.has(c));
        await db.exec(
          `INSERT INTO ${quoteIdentifier(e.table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((c) => values[c])
        );
        if (e.chained) {
          await db.exec(
            before
              ? `UPDATE ${CHAIN_HEAD_TABLE} SET chain_seq = ?, row_hash = ?, update_time = ? WHERE chain_key = ''`
              : `INSERT INTO ${CHAIN_HEAD_TABLE} (chain_seq, row_hash, update_time, chain_key) VALUES (?, ?, ?, '')`,
            [values.chain_seq, values.row_hash, createTime]
          );
        }
      });
      return;
    } catch (err) {
      const errno = (err as { errno?: number }).errno;
      if (attempt < 4 && (errno === 1062 || errno === 1213 || errno === 1205)) {
        await sleep(5 + Math.random() * 20 * attempt);
        continue;
      }
      throw err;
    }
  }
}
