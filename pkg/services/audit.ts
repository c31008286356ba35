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
import type { Field, Frame } from '../frames';
import { EMAIL_PATTERN, maskValue } from '../masking';
import { auditCountsPlan, auditEventsPlan, type AuditFilters } from '../queries/audit';
import { bucketTimes, buckets } from '../queries/buckets';
import type { TimeRange } from '../queries/sql';
import type { LedgerCall, QueryInput } from './ledger';
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

interface EventRow extends RowDataPacket {
  time_ms: number;
  id: string;
  user_id: string | null;
  tenant_id: string | null;
  action: string;
  details: string | null;
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
    runSelect<EventRow>(call.ds, plan.statement, options),
    q.asAnnotations
      ? Promise.resolve(null)
      : runSelect<{ total: number } & RowDataPacket>(call.ds, plan.count, options),
  ]);
  const mask = call.access.pii ? <T>(v: T) => v : maskValue;
  const time = rows.map((r) => Number(r.time_ms));
  const user = rows.map((r) => mask(r.user_id));
  const tenant = rows.map((r) => r.tenant_id);
  const action = rows.map((r) => r.action);
  const details = rows.map((r) => mask(r.details));
  if (q.asAnnotations) {
    return {
      name: 'audit annotations',
      refId,
      meta: { dataTopic: 'annotations' },
      fields: [
        { name: 'time', type: 'time', values: time },
        { name: 'title', type: 'string', values: action },
        {
          name: 'text',
          type: 'string',
          values: rows.map(
            (_, i) =>
              `${user[i] ?? 'unknown user'} · ${tenant[i] ?? 'no tenant'}${details[i] ? ` · ${details[i]}` : ''}`
          ),
        },
        {
          name: 'tags',
          type: 'json',
          values: rows.map((_, i) => JSON.stringify(['audit', action[i], ...(tenant[i] ? [tenant[i]] : [])])),
        },
      ],
    };
  }
  const total = Number(count?.[0]?.total ?? 0);
  return {
    name: 'audit events',
    refId,
    meta: { preferredVisualisationType: 'table', custom: { page: plan.page, pageSize: plan.pageSize, total } },
    fields: [
      { name: 'time', type: 'time', values: time },
      { name: 'id', type: 'string', values: rows.map((r) => r.id) },
      { name: 'user', type: 'string', nullable: true, values: user },
      { name: 'tenant', type: 'string', nullable: true, values: tenant },
      { name: 'action', type: 'string', values: action },
      { name: 'details', type: 'string', nullable: true, values: details },
    ],
  };
}

interface CountRow extends RowDataPacket {
  bucket: number;
  action: string;
  events: number;
}

export async function auditCounts(
  call: LedgerCall,
  q: AuditCountsQuery,
  { refId, range, intervalMs, maxDataPoints }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const b = buckets(range.fromMs, range.toMs, intervalMs, maxDataPoints);
  const statement = auditCountsPlan(call.settings, filtersOf(call, q, range), b);
  const rows = await runSelect<CountRow>(call.ds, statement, {
    signal: ctx.signal,
    timeoutSeconds: call.settings.queryTimeoutSeconds,
  });
  const truncated = rows.length > call.settings.maxRows;
  const times = bucketTimes(b);
  const series = new Map<string, number[]>();
  for (const row of rows.slice(0, call.settings.maxRows)) {
    if (!series.has(row.action)) {
      series.set(row.action, new Array(times.length).fill(0));
    }
    const slot = Number(row.bucket) - b.first;
    if (slot >= 0 && slot < times.length) {
      series.get(row.action)![slot] = Number(row.events);
    }
  }
  const fields: Field[] = [{ name: 'time', type: 'time', values: times }];
  for (const [action, counts] of [...series.entries()].sort(([a], [b2]) => (a < b2 ? -1 : 1))) {
    fields.push({
      name: 'events',
      type: 'int64',
      values: counts,
      labels: { action },
      config: { displayNameFromDS: action },
    });
  }
  return {
    name: 'audit counts',
    refId,
    meta: {
      type: 'timeseries-wide',
      custom: { bucketMs: b.sizeMs },
      notices: truncated
        ? [
            {
              severity: 'warning',
              text: `Results were cut at ${call.settings.maxRows} rows (the datasource's max rows).`,
            },
          ]
        : undefined,
    },
    fields,
  };
}
