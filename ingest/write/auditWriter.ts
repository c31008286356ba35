/**
 * Writes audit rows, group-committed like usage rows. An audit event never changes once written, and
 * the ingest's user may only SELECT and INSERT the audit table (no UPDATE, no DELETE): a re-sent event
 * (same id) is found by a plain read and left out of the INSERT. Unlike INSERT IGNORE, a real error
 * still fails the batch; a duplicate met in a race is retried (dbErrors.ts).
 *
 * When the table has the hash-chain columns and audit_chain_head exists (007_audit_chain.sql), each
 * event is appended to its tenant's chain (auditChain.ts): the chains' head rows are locked in a fixed
 * order, the events inserted with their links, and the heads moved, in one transaction.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { AuditRow } from '../api/auditItems';
import { BatchQueue } from './batchQueue';
import { chainKeys, linkRows, type ChainedAuditRow, type ChainHead } from './auditChain';
import { columnsOf, inTransaction, requireColumns, type Conn } from './database';
import { utcDateTime, type Statement } from './usageSql';

const REQUIRED = ['id', 'action'];
const OPTIONAL = ['user_id', 'tenant_id', 'details', 'create_time', 'create_date', 'update_time', 'update_date'];
/** The chain hashes every column a reader sees, create_time included. */
const CHAIN_COLUMNS = ['chain_key', 'chain_seq', 'prev_hash', 'row_hash'];
const CHAINED_REQUIRES = ['tenant_id', 'user_id', 'details', 'create_time'];
export const CHAIN_HEAD_TABLE = 'audit_chain_head';

export function insertAuditRows(table: string, columns: string[], rows: Array<AuditRow | ChainedAuditRow>): Statement {
  const value = (row: AuditRow | ChainedAuditRow, column: string): unknown => {
    const link = 'link' in row ? row.link : null;
    switch (column) {
      case 'chain_key':
        return link?.chainKey ?? null;
      case 'chain_seq':
        return link?.chainSeq ?? null;
      case 'prev_hash':
        return link?.prevHash ?? null;
      case 'row_hash':
        return link?.rowHash ?? null;
      case 'id':
        return row.id;
      case 'action':
        return row.action;
      case 'user_id':
        return row.userId;
      case 'tenant_id':
        return row.tenantId;
      case 'details':
        return row.details;
      // The audit trail's time axis is create_time: the time of the event, not of the write.
      case 'create_time':
      case 'update_time':
        return row.timestampMs;
      default:
        return utcDateTime(row.timestampMs, false);
    }
  };
  return {
    sql:
      `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ` +
      rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', '),
    values: rows.flatMap((r) => columns.map((c) => value(r, c))),
  };
}

export class AuditWriter {
  private readonly queue: BatchQueue<AuditRow>;
  private columns: string[] | null = null;
  private chained = false;

  /** Whether events are appended to hash chains (007_audit_chain.sql applied). */
  get isChained(): boolean {
    return this.chained;
  }

  constructor(
    private readonly pool: Pool,
    private readonly options: {
      table: string;
      batchRows: number;
      queueRows: number;
      onBatch?: (stats: { rows: number; seconds: number }) => void;
      onDepth?: (rows: number) => void;
    }
  ) {
    this.queue = new BatchQueue((rows) => this.commit(rows), options);
  }

  async prepare(): Promise<void> {
    const present = await requireColumns(this.pool, this.options.table, REQUIRED);
    this.columns = [...REQUIRED, ...OPTIONAL.filter((c) => present.has(c))];
    const chainable = [...CHAIN_COLUMNS, ...CHAINED_REQUIRES].every((c) => present.has(c));
    this.chained = chainable && (await columnsOf(this.pool, CHAIN_HEAD_TABLE)).size > 0;
    if (this.chained) {
      this.columns.push(...CHAIN_COLUMNS);
    }
  }

  write(rows: AuditRow[]): Promise<void> {
    return this.queue.submit(rows);
  }

  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  private async commit(rows: AuditRow[]): Promise<void> {
    if (!this.columns) {
      await this.prepare();
    }
    const started = process.hrtime.bigint();
    const table = this.options.table;
    await inTransaction(this.pool, async (conn) => {
      const ids = [...new Set(rows.map((r) => r.id))];
      const [stored] = await conn.query<RowDataPacket[]>(`SELECT id FROM \`${table}\` WHERE id IN (?)`, [ids]);
      const skip = new Set(stored.map((r) => String(r.id)));
      const fresh: AuditRow[] = [];
      for (const row of rows) {
        if (!skip.has(row.id)) {
          skip.add(row.id);
          fresh.push(row);
        }
      }
      if (fresh.length === 0) {
        return;
      }
      if (!this.chained) {
        const statement = insertAuditRows(table, this.columns!, fresh);
        await conn.query(statement.sql, statement.values);
        return;
      }
      const heads = await lockHeads(conn, chainKeys(fresh));
      const linked = linkRows(fresh, heads);
      const statement = insertAuditRows(table, this.columns!, linked.rows);
      await conn.query(statement.sql, statement.values);
      await moveHeads(conn, heads, linked.heads);
    });
    this.options.onBatch?.({ rows: rows.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
}

/** Each chain's head row, locked until commit (FOR UPDATE); a chain without one starts at genesis. */
async function lockHeads(conn: Conn, keys: string[]): Promise<Map<string, ChainHead>> {
  const heads = new Map<string, ChainHead>();
  for (const key of keys) {
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT chain_seq, row_hash FROM \`${CHAIN_HEAD_TABLE}\` WHERE chain_key = ? FOR UPDATE`,
      [key]
    );
    if (rows.length > 0) {
      heads.set(key, { seq: Number(rows[0].chain_seq), hash: String(rows[0].row_hash) });
    }
  }
  return heads;
}

/**
 * Moves the heads. A chain that had no head gets one by INSERT: if another writer created it
 * meanwhile, the duplicate key fails this transaction and it is retried from the new head.
 */
async function moveHeads(conn: Conn, before: Map<string, ChainHead>, after: Map<string, ChainHead>): Promise<void> {
  const now = Date.now();
  for (const [key, head] of after) {
    if (before.has(key)) {
      await conn.query(
        `UPDATE \`${CHAIN_HEAD_TABLE}\` SET chain_seq = ?, row_hash = ?, update_time = ? WHERE chain_key = ?`,
        [head.seq, head.hash, now, key]
      );
    } else {
      await conn.query(
        `INSERT INTO \`${CHAIN_HEAD_TABLE}\` (chain_key, chain_seq, row_hash, update_time) VALUES (?, ?, ?, ?)`,
        [key, head.seq, head.hash, now]
      );
    }
  }
}
