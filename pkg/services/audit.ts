/**
 * The audit trail: a page of events (or the same events as annotations) and counts per action
 * over time. Only for roles that meet the datasource's audit minimum; personal data masked below
 * its personal-data minimum, and, below it, no filtering by e-mail address (a filter that matches
 * would reveal what the mask hides).
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { AuditCountsQuery, AuditEventsQuery } from '../../src/shared/queryModel';
import { requireAudit } from '../access';
import { runSelect } from '../db/run';
import { PluginError } from '../errors';
import type { Frame } from '../frames';
import { EMAIL_PATTERN, maskValue } from '../masking';
import { auditCountsPlan, auditEventsPlan, type AuditFilters } from '../queries/audit';
import { buckets } from '../queries/buckets';
import type { TimeRange } from '../queries/sql';
import { auditCountsFrame, auditEventsFrame, type CountRow, type EventRow } from './auditFrames';
import type { LedgerCall, QueryInput } from './ledger';
import { rowNamesFor } from './names';
import type { RequestContext } from './requestContext';

type Filters = Pick<AuditEventsQuery, 'users' | 'tenants' | 'actions' | 'text' | 'eventId'>;

function filtersOf(call: LedgerCall, q: Filters, range: TimeRange): AuditFilters {
  requireAudit(call.access, call.settings);
  if (!call.access.pii) {
    const probes = [q.text ?? '', ...(q.users ?? [])];
    if (probes.some((p) => new RegExp(EMAIL_PATTERN.source).test(p))) {
      throw new PluginError(
        'access.denied',
        `filtering by e-mail address needs the ${call.settings.piiMinRole} role in this datasource's settings`
      );
    }
  }
  return { users: q.users, tenants: q.tenants, actions: q.actions, text: q.text, eventId: q.eventId, range };
}

export async function auditEvents(
  call: LedgerCall,
  q: AuditEventsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const plan = auditEventsPlan(call.settings, filtersOf(call, q, range), q);
  const options = { signal: ctx.signal, timeoutSeconds: call.settings.queryTimeoutSeconds };
  const [rows, count] = await Promise.all([
    runSelect<EventRow & RowDataPacket>(call.ds, plan.statement, options),
    q.asAnnotations
      ? Promise.resolve(null)
      : runSelect<{ total: number } & RowDataPacket>(call.ds, plan.count, options),
  ]);
  const { tenantNames, userNames } = await rowNamesFor(call, rows, ctx);
  return auditEventsFrame(rows, {
    refId,
    asAnnotations: q.asAnnotations,
    page: count ? { page: plan.page, pageSize: plan.pageSize, total: Number(count[0]?.total ?? 0) } : undefined,
    shown: call.access.pii ? undefined : maskValue,
    tenantNames,
    userNames,
  });
}

export async function auditCounts(
  call: LedgerCall,
  q: AuditCountsQuery,
  { refId, range, intervalMs, maxDataPoints }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const b = buckets(range.fromMs, range.toMs, intervalMs, maxDataPoints);
  const statement = auditCountsPlan(call.settings, filtersOf(call, q, range), b);
  const rows = await runSelect<CountRow & RowDataPacket>(call.ds, statement, {
    signal: ctx.signal,
    timeoutSeconds: call.settings.queryTimeoutSeconds,
  });
  return auditCountsFrame(rows, { refId, buckets: b, maxRows: call.settings.maxRows });
}
