/**
 * Rows as the tab-separated text LOAD DATA reads by default (fields by tab, lines by newline,
 * backslash escapes, `\N` for NULL), with the column lists that match it. The base columns that
 * repeat the row's instant (create_date, update_time, update_date) are derived by the server.
 */
import type { AuditRow } from './audit';
import type { UsageRow } from './usage';

export const NULL_FIELD = '\\N';

const SPECIAL = /[\\\t\n\r\0]/g;
const HAS_SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

/** A text field: backslash, tab, newline, carriage return and NUL escaped. */
export function tsvText(value: string | null): string {
  if (value === null) {
    return NULL_FIELD;
  }
  return HAS_SPECIAL.test(value) ? value.replace(SPECIAL, (c) => ESCAPES[c]!) : value;
}

function nullable(value: string | number | null): string {
  return value === null ? NULL_FIELD : String(value);
}

const PAD2: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let cachedMinute = Number.NaN;
let cachedPrefix = '';

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC (rows come in time order: the minute's prefix is reused). */
export function utcDateTime3(ms: number): string {
  const minute = Math.floor(ms / 60000);
  if (minute !== cachedMinute) {
    const iso = new Date(minute * 60000).toISOString();
    cachedMinute = minute;
    cachedPrefix = `${iso.slice(0, 10)} ${iso.slice(11, 17)}`;
  }
  const rest = ms - minute * 60000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedPrefix}${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}`;
}

/** 'YYYY-MM-DD HH:MM:SS' in UTC, fraction dropped (not rounded), as for DATETIME. */
export function utcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function usageLine(r: UsageRow): string {
  return (
    `${r.id}\t${nullable(r.userId)}\t${r.tenantId}\t${tsvText(r.modelName)}\t${tsvText(r.llmFactory)}\t` +
    `${r.modelType}\t${r.inputTokens}\t${r.outputTokens}\t${nullable(r.cachedTokens)}\t` +
    `${nullable(r.reasoningTokens)}\t${r.cost === null ? NULL_FIELD : r.cost.toFixed(8)}\t${utcDateTime3(r.time)}\t` +
    `${r.time}\t${nullable(r.requestId)}\t${nullable(r.conversationId)}\t${r.latencyMs}\t${r.status}\n`
  );
}

/** Column list and SET clause for {@link usageLine}. */
export const USAGE_COLUMNS =
  '(id, user_id, tenant_id, model_name, llm_factory, model_type, input_tokens, output_tokens, cached_tokens, ' +
  'reasoning_tokens, cost, @ts, @ct, request_id, conversation_id, latency_ms, status) ' +
  'SET `timestamp` = @ts, create_time = @ct, update_time = @ct, create_date = LEFT(@ts, 19), ' +
  'update_date = LEFT(@ts, 19)';

export function auditLine(r: AuditRow): string {
  return (
    `${r.id}\t${nullable(r.userId)}\t${nullable(r.tenantId)}\t${r.action}\t${tsvText(r.details)}\t` +
    `${r.time}\t${utcDateTime(r.time)}\n`
  );
}

/** Column list and SET clause for {@link auditLine}. */
export const AUDIT_COLUMNS =
  '(id, user_id, tenant_id, action, details, @ct, @cd) ' +
  'SET create_time = @ct, update_time = @ct, create_date = @cd, update_date = @cd';

/** Rows as TSV lines grouped into UTF-8 Buffers of about `chunkChars` characters (mysql2 needs Buffers). */
export function* tsvChunks<T>(rows: Iterable<T>, line: (row: T) => string, chunkChars = 256 * 1024): Generator<Buffer> {
  let text = '';
  for (const row of rows) {
    text += line(row);
    if (text.length >= chunkChars) {
      yield Buffer.from(text, 'utf8');
      text = '';
    }
  }
  if (text.length > 0) {
    yield Buffer.from(text, 'utf8');
  }
}
