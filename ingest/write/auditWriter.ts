/**
 * Writes audit rows, group-committed like usage rows. An audit event never changes once written, and
 * the ingest's user may only SELECT and INSERT the audit table (no UPDATE, no DELETE): a re-sent event
 * (same id) is found by a plain read and left out of the INSERT. Unlike INSERT IGNORE, a real error
 * still fails the batch; a duplicate met in a race is retried (dbErrors.ts).
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { AuditRow } from '../api/auditItems';
import { BatchQueue } from './batchQueue';
import { inTransaction, requireColumns } from './database';
import { utcDateTime, type Statement } from './usageSql';

const REQUIRED = ['id', 'action'];
const OPTIONAL = ['user_id', 'tenant_id', 'details', 'create_time', 'create_date', 'update_time', 'update_date'];

export function insertAuditRows(table: string, columns: string[], rows: AuditRow[]): Statement {
  const value = (row: AuditRow, column: string): unknown => {
    switch (column) {
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
      if (fresh.length > 0) {
        const statement = insertAuditRows(table, this.columns!, fresh);
        await conn.query(statement.sql, statement.values);
      }
    });
    this.options.onBatch?.({ rows: rows.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
}
