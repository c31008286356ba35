/**
 * A span's row id: the first 32 hex digits of SHA-256(trace_id + span_id), both as lower-case hex.
 * Span ids are unique only within a trace, so both go in; the same span sent again gets the same id,
 * which makes every write an idempotent upsert. 32 hex digits fit RAGFlow's VARCHAR(32) ids.
 */
import { createHash } from 'node:crypto';

export function spanRowId(traceId: string, spanId: string): string {
  return createHash('sha256')
    .update(traceId + spanId)
    .digest('hex')
    .slice(0, 32);
}
