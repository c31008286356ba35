/**
 * How a failed write is answered. The data a sender gave us is valid (the mapper and the write API
 * checked it), so whatever keeps the database from taking it — unreachable, restarting, read-only, a
 * missing table or grant — is answered 503 with Retry-After: OTLP senders retry 503, and the rows land
 * once the database is back or fixed. Only an error caused by a row itself is answered 500 (not
 * retried), and only for the request that held the row.
 */

export type WriteFailure = 'unavailable' | 'conflict' | 'rejected_by_database';

interface DriverError {
  code?: string;
  errno?: number;
  fatal?: boolean;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'POOL_CLOSED',
  'WRITE_TIMEOUT',
]);

/**
 * Deadlock (1213), lock wait timeout (1205), and a duplicate key (1062), which only the audit writer
 * can meet, when another writer stored the same event between its check and its insert: the
 * transaction is retried, and the retry sees the event as stored.
 */
const CONFLICT_ERRNO = new Set([1213, 1205, 1062]);

/**
 * Errors a row causes: data too long (1406), out of range (1264), bad value (1292, 1366), NULL in a
 * NOT NULL column (1048). Everything else server-side (shutdown 1053, too many connections 1040,
 * read-only 1290/1836, Galera not ready 1047, no such table 1146, access denied 1142/1044/1045, …)
 * is the database's state, not the data's.
 */
const ROW_ERRNO = new Set([1406, 1264, 1292, 1366, 1048, 1265]);

export function classifyWriteError(err: unknown): WriteFailure {
  const e = (err ?? {}) as DriverError;
  if (e.code && UNREACHABLE_CODES.has(e.code)) {
    return 'unavailable';
  }
  if (e.errno !== undefined && CONFLICT_ERRNO.has(e.errno)) {
    return 'conflict';
  }
  if (e.errno !== undefined && ROW_ERRNO.has(e.errno)) {
    return 'rejected_by_database';
  }
  return 'unavailable';
}

/** A write that did not commit, with what the HTTP answer should be. */
export class WriteError extends Error {
  constructor(
    readonly failure: WriteFailure,
    message: string
  ) {
    super(message);
  }
}

/** A write refused before it started: the queue is full. */
export class OverloadedError extends Error {}
