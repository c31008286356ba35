/**
 * Ids as the ledger stores them. Trace and span ids must be what OTLP says they are (32 / 16 hex, not
 * all zeros): a row's id is derived from them, so a malformed one would make a resend a new row.
 * Users and conversations fit RAGFlow's VARCHAR(32): a UUID loses its dashes (RAGFlow's uuid.hex);
 * anything longer is replaced by the first 32 hex digits of its SHA-256, so the same long id always
 * lands on the same value and no two are merged by truncation.
 */
import { createHash } from 'node:crypto';
import { SpanProblem, show } from './problem';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const ID_COLUMN_CHARS = 32;

export function checkTraceId(field: string, value: string): string {
  if (!TRACE_ID.test(value) || ZERO.test(value)) {
    throw new SpanProblem('invalid_id', `${field} must be 32 hex digits, not all zero (${show(value)})`);
  }
  return value;
}

export function checkSpanId(field: string, value: string): string {
  if (!SPAN_ID.test(value) || ZERO.test(value)) {
    throw new SpanProblem('invalid_id', `${field} must be 16 hex digits, not all zero (${show(value)})`);
  }
  return value;
}

export interface LedgerId {
  value: string;
  hashed: boolean;
}

/** A user or conversation id that fits the column: as given, a UUID as 32 hex, else hashed. */
export function ledgerIdOf(value: string): LedgerId {
  if (value.length <= ID_COLUMN_CHARS) {
    return { value, hashed: false };
  }
  if (UUID.test(value)) {
    return { value: value.replace(/-/g, '').toLowerCase(), hashed: false };
  }
  return { value: createHash('sha256').update(value).digest('hex').slice(0, ID_COLUMN_CHARS), hashed: true };
}
