/**
 * The ledger writes RAGFlow's hooks would make: one INSERT per token_usage_log row (per model call)
 * and per audit_log row, through mysql2 with `?` placeholders (values never end up in the SQL
 * text). Base columns follow schema/mysql/001_ledger.sql: create_time/update_time in epoch ms,
 * create_date/update_date and `timestamp` in UTC (the connection uses timezone 'Z').
 */
import type { AuditRow } from '../seed/audit';
import { utcDateTime, utcDateTime3 } from '../seed/tsv';
import type { UsageRow } from '../seed/usage';

export type SqlValue = string | number | null;

export const USAGE_COLUMNS = [
  'id',
  'user_id',
  'tenant_id',
  'model_name',
  'llm_factory',
  'model_type',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'cost',
  'timestamp',
  'request_id',
  'conversation_id',
  'latency_ms',
  'status',
  'create_time',
  'create_date',
  'update_time',
  'update_date',
] as const;

export const AUDIT_COLUMNS = [
  'id',
  'user_id',
  'tenant_id',
  'action',
  'details',
  'create_time',
  'create_date',
  'update_time',
  'update_date',
] as const;

function insertSql(table: string, columns: readonly string[]): string {
  return (
    `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) ` +
    `VALUES (${columns.map(() => '?').join(', ')})`
  );
}

export const USAGE_INSERT = insertSql('token_usage_log', USAGE_COLUMNS);
export const AUDIT_INSERT = insertSql('audit_log', AUDIT_COLUMNS);

/** Values for {@link USAGE_INSERT}, in column order. */
export function usageValues(r: UsageRow): SqlValue[] {
  const date = utcDateTime(r.time);
  return [
    r.id,
    r.userId,
    r.tenantId,
    r.modelName,
    r.llmFactory,
    r.modelType,
    r.inputTokens,
    r.outputTokens,
    r.cachedTokens,
    r.reasoningTokens,
    // As text with the column's 8 decimals: no binary-float digits reach DECIMAL(20,8).
    r.cost === null ? null : r.cost.toFixed(8),
    utcDateTime3(r.time),
    r.requestId,
    r.conversationId,
    r.latencyMs,
    r.status,
    r.time,
    date,
    r.time,
    date,
  ];
}

/** Values for {@link AUDIT_INSERT}, in column order. */
export function auditValues(r: AuditRow): SqlValue[] {
  const date = utcDateTime(r.time);
  return [r.id, r.userId, r.tenantId, r.action, r.details, r.time, date, r.time, date];
}

/** What the writer needs of a mysql2/promise connection or pool. */
export interface Executor {
  execute(sql: string, values: SqlValue[]): Promise<unknown>;
}

/** Writes a request's rows; usage rows first, as the model calls came before the audit event. */
export async function writeRows(db: Executor, usage: readonly UsageRow[], audit: readonly AuditRow[]): Promise<void> {
  for (const row of usage) {
    await db.execute(USAGE_INSERT, usageValues(row));
  }
  for (const row of audit) {
    await db.execute(AUDIT_INSERT, auditValues(row));
  }
}
