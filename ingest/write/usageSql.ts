/**
 * The usage writer's statements, pure: table and column names come from the writer's configuration
 * (checked against a plain-name pattern) and the table's columns as MySQL reports them; every value
 * travels as a `?` placeholder.
 */
import type { UsageRow } from '../model';

/** Columns every ledger has (schema/mysql/001_ledger.sql); the writer refuses to start without them. */
export const REQUIRED_COLUMNS = [
  'id',
  'tenant_id',
  'model_name',
  'input_tokens',
  'output_tokens',
  'timestamp',
] as const;

/** Columns written when the table has them (older ledgers may lack some, e.g. before 005_trace_columns.sql). */
export const OPTIONAL_COLUMNS = [
  'user_id',
  'llm_factory',
  'model_type',
  'cached_tokens',
  'reasoning_tokens',
  'cost',
  'request_id',
  'conversation_id',
  'latency_ms',
  'status',
  'trace_id',
  'span_id',
  'parent_span_id',
  'create_time',
  'create_date',
  'update_time',
  'update_date',
] as const;

export type UsageColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** Columns a re-sent row must not change: when the row was first written. */
const WRITE_TIME_COLUMNS = new Set<UsageColumn>(['id', 'create_time', 'create_date', 'update_time', 'update_date']);

export const TRACE_COLUMNS = ['trace_id', 'span_id', 'parent_span_id'] as const;

const q = (name: string) => `\`${name}\``;

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, what a DATETIME(3) column takes whatever the session time zone. */
export function utcDateTime(ms: number, withMillis = true): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withMillis ? 23 : 19)}`;
}

function valueOf(row: UsageRow, column: UsageColumn, nowMs: number): unknown {
  switch (column) {
    case 'id':
      return row.id;
    case 'tenant_id':
      return row.tenantId;
    case 'user_id':
      return row.userId;
    case 'model_name':
      return row.modelName;
    case 'llm_factory':
      return row.llmFactory;
    case 'model_type':
      return row.modelType;
    case 'input_tokens':
      return row.inputTokens;
    case 'output_tokens':
      return row.outputTokens;
    case 'cached_tokens':
      return row.cachedTokens;
    case 'reasoning_tokens':
      return row.reasoningTokens;
    case 'cost':
      return row.cost;
    case 'timestamp':
      return utcDateTime(row.timestampMs);
    case 'request_id':
      return row.requestId;
    case 'conversation_id':
      return row.conversationId;
    case 'latency_ms':
      return row.latencyMs;
    case 'status':
      return row.status;
    case 'trace_id':
      return row.traceId;
    case 'span_id':
      return row.spanId;
    case 'parent_span_id':
      return row.parentSpanId;
    // RAGFlow's base columns record when the row was written: the rollup job finds late rows by
    // create_time, so it must be the write time, not the call's.
    case 'create_time':
    case 'update_time':
      return nowMs;
    case 'create_date':
    case 'update_date':
      return utcDateTime(nowMs, false);
  }
}

/** The columns this table gets, in a fixed order: the required ones and the optional ones it has. */
export function writableColumns(tableColumns: ReadonlySet<string>): UsageColumn[] {
  return [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS.filter((c) => tableColumns.has(c))];
}

export interface Statement {
  sql: string;
  values: unknown[];
}

/**
 * One multi-row upsert. A re-sent row (same id) rewrites the call's own columns with what they
 * already hold, so a re-sent batch changes nothing; the write-time columns keep the first write.
 */
export function upsertRows(table: string, columns: UsageColumn[], rows: UsageRow[], nowMs: number): Statement {
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const updates = columns.filter((c) => !WRITE_TIME_COLUMNS.has(c)).map((c) => `${q(c)} = VALUES(${q(c)})`);
  const values: unknown[] = [];
  for (const row of rows) {
    for (const c of columns) {
      values.push(valueOf(row, c, nowMs));
    }
  }
  return {
    sql:
      `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')} ` +
      `ON DUPLICATE KEY UPDATE ${updates.join(', ')}`,
    values,
  };
}

/**
 * Rows already stored whose parent is one of these spans (idx_tul_trace: trace_id, parent_span_id).
 * A locking read: a child being written by another transaction is waited for, and a child written
 * after this one waits for our commit, so parent and child never both stay.
 */
export function childrenOf(table: string, spans: Array<{ traceId: string; spanId: string }>): Statement {
  return {
    sql:
      `SELECT id, trace_id, span_id, parent_span_id, input_tokens + output_tokens AS tokens FROM ${q(table)} ` +
      `WHERE ${spans.map(() => '(trace_id = ? AND parent_span_id = ?)').join(' OR ')} FOR UPDATE`,
    values: spans.flatMap((s) => [s.traceId, s.spanId]),
  };
}

/** Rows already stored under these ids (parents of the batch's spans), locked likewise. */
export function rowsById(table: string, ids: string[]): Statement {
  return {
    sql:
      `SELECT id, trace_id, span_id, parent_span_id, input_tokens + output_tokens AS tokens FROM ${q(table)} ` +
      `WHERE id IN (${ids.map(() => '?').join(', ')}) FOR UPDATE`,
    values: ids,
  };
}

export function deleteRows(table: string, ids: string[]): Statement {
  return { sql: `DELETE FROM ${q(table)} WHERE id IN (${ids.map(() => '?').join(', ')})`, values: ids };
}
