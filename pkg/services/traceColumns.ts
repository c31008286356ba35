/**
 * Whether a datasource's usage table has the optional trace columns (trace_id, span_id), which
 * schema/mysql/005_trace_columns.sql adds to tables made before them (RAGFlow's, earlier releases).
 * Queries need the answer every time, so it is kept per datasource instance for a minute: one
 * information_schema lookup per minute at most, and a migration applied while Grafana runs is seen
 * within a minute (at once after "Save & test", which tells this cache what it found).
 */
import type { RowDataPacket } from 'mysql2/promise';
import { runSelect } from '../db/run';
import { hasTraceColumns, traceColumnsStatement } from '../queries/topCalls';
import type { LedgerCall } from './ledger';
import type { RequestContext } from './requestContext';

export const TRACE_COLUMNS_TTL_MS = 60_000;

interface Cached {
  expires: number;
  found: Promise<boolean>;
}

// Keyed by the datasource instance: new settings are a new instance, and a fresh lookup.
const cache = new WeakMap<object, Cached>();

export function traceColumnsPresent(call: LedgerCall, ctx: RequestContext): Promise<boolean> {
  const now = Date.now();
  const cached = cache.get(call.ds);
  if (cached && cached.expires > now) {
    return cached.found;
  }
  const found = runSelect<RowDataPacket>(call.ds, traceColumnsStatement(call.settings), {
    signal: ctx.signal,
    timeoutSeconds: call.settings.queryTimeoutSeconds,
  }).then((rows) => hasTraceColumns(rows.map((r) => String(r.c))));
  cache.set(call.ds, { expires: now + TRACE_COLUMNS_TTL_MS, found });
  // A failed lookup (MySQL unreachable, the query cancelled) is not kept: the next query asks again.
  found.catch(() => {
    if (cache.get(call.ds)?.found === found) {
      cache.delete(call.ds);
    }
  });
  return found;
}

/** What the health check (or a statement that failed on the columns) found: believed from now on. */
export function rememberTraceColumns(ds: object, present: boolean): void {
  cache.set(ds, { expires: Date.now() + TRACE_COLUMNS_TTL_MS, found: Promise.resolve(present) });
}
