/**
 * Writes usage rows: group-committed batches (batchQueue.ts), each one transaction that settles
 * parent/child pairs against stored rows (leafWins.ts), deletes the losers and upserts the rest.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { UsageRow } from '../model';
import { BatchQueue } from './batchQueue';
import { inTransaction, requireColumns, type Conn } from './database';
import { planLeafWins, type StoredSpanRow } from './leafWins';
import {
  REQUIRED_COLUMNS,
  TRACE_COLUMNS,
  childrenOf,
  deleteRows,
  rowsById,
  upsertRows,
  writableColumns,
  type UsageColumn,
} from './usageSql';
import { spanRowId } from '../rowId';

type Winner = (parent: { tokens: number }, child: { tokens: number }) => 'parent' | 'child';

export interface UsageWriterOptions {
  table: string;
  batchRows: number;
  queueRows: number;
  winner: Winner;
  onBatch?: (stats: { rows: number; written: number; deduplicated: number; seconds: number }) => void;
  onDepth?: (rows: number) => void;
}

/** Locking reads are split so that no statement carries more than this many span pairs. */
const LOOKUP_CHUNK = 500;

function stored(rows: RowDataPacket[]): StoredSpanRow[] {
  return rows.map((r) => ({
    id: String(r.id),
    traceId: r.trace_id === null ? null : String(r.trace_id),
    spanId: r.span_id === null ? null : String(r.span_id),
    parentSpanId: r.parent_span_id === null ? null : String(r.parent_span_id),
    tokens: Number(r.tokens),
  }));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

export class UsageWriter {
  private readonly queue: BatchQueue<UsageRow>;
  private columns: UsageColumn[] | null = null;
  private traceColumns = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: UsageWriterOptions
  ) {
    this.queue = new BatchQueue((rows) => this.commit(rows), options);
  }

  /** Whether the table has trace_id, span_id and parent_span_id (005_trace_columns.sql). */
  get hasTraceColumns(): boolean {
    return this.traceColumns;
  }

  /** Reads the table's columns; throws WriteError when the table or a required column is missing. */
  async prepare(): Promise<void> {
    const present = await requireColumns(this.pool, this.options.table, REQUIRED_COLUMNS);
    this.columns = writableColumns(present);
    this.traceColumns = TRACE_COLUMNS.every((c) => present.has(c));
  }

  /** Resolves once the rows are committed. */
  write(rows: UsageRow[]): Promise<void> {
    return this.queue.submit(rows);
  }

  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  get depth(): number {
    return this.queue.depth;
  }

  private async commit(batch: UsageRow[]): Promise<void> {
    if (!this.columns) {
      await this.prepare();
    }
    const started = process.hrtime.bigint();
    // The same span twice in one batch (a re-sent request queued behind the first): the last copy.
    const byId = new Map<string, UsageRow>();
    for (const row of batch) {
      byId.set(row.id, row);
    }
    const rows = [...byId.values()];
    const columns = this.columns!;
    const { table, winner } = this.options;
    const result = await inTransaction(this.pool, async (conn) => {
      const plan = this.traceColumns
        ? planLeafWins(rows, await this.relatives(conn, rows), winner)
        : { write: rows, remove: [], dropped: 0 };
      if (plan.remove.length > 0) {
        const del = deleteRows(table, plan.remove);
        await conn.query(del.sql, del.values);
      }
      const now = Date.now();
      for (const part of chunks(plan.write, this.options.batchRows)) {
        const up = upsertRows(table, columns, part, now);
        await conn.query(up.sql, up.values);
      }
      return plan;
    });
    this.options.onBatch?.({
      rows: batch.length,
      written: result.write.length,
      deduplicated: result.dropped + result.remove.filter((id) => !byId.has(id)).length,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  }

  /** Stored rows that are the direct parent or a direct child of a batch row, locked for this transaction. */
  private async relatives(conn: Conn, rows: UsageRow[]): Promise<StoredSpanRow[]> {
    const spans = rows.filter((r): r is UsageRow & { traceId: string; spanId: string } => !!r.traceId && !!r.spanId);
    const parentIds = spans.filter((r) => r.parentSpanId).map((r) => spanRowId(r.traceId, r.parentSpanId!));
    const found: StoredSpanRow[] = [];
    const { table } = this.options;
    for (const part of chunks(spans, LOOKUP_CHUNK)) {
      const s = childrenOf(table, part);
      found.push(...stored((await conn.query<RowDataPacket[]>(s.sql, s.values))[0]));
    }
    for (const part of chunks(parentIds, LOOKUP_CHUNK)) {
      const s = rowsById(table, part);
      found.push(...stored((await conn.query<RowDataPacket[]>(s.sql, s.values))[0]));
    }
    return found;
  }
}
