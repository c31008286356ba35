/**
 * Audit frames from their rows: pure functions (rows in, frame out). Fields are the result
 * contract's (src/shared/resultFrames.ts).
 */
import { RESULT_FRAMES } from '../../src/shared/resultFrames';
import type { Field, Frame } from '../frames';
import { fieldOf } from '../frames/fields';
import { bucketTimes, type Buckets } from '../queries/buckets';
import { nameMappings, nameOf, NO_NAMES, type Names } from './nameFrames';

/** A row of the audit events statement. */
export interface EventRow {
  time_ms: number | string;
  id: string;
  user_id: string | null;
  tenant_id: string | null;
  action: string;
  details: string | null;
}

/** A row of the audit counts statement. */
export interface CountRow {
  bucket: number | string;
  action: string;
  events: number | string;
}

/** Masks personal data (below the personal-data role), or keeps it. */
export type Shown = <T>(value: T) => T;
const asIs: Shown = (v) => v;

export interface EventsShape {
  refId: string;
  /** The paging the statement used, and how many events match; absent for annotations. */
  page?: { page: number; pageSize: number; total: number };
  asAnnotations: boolean;
  shown?: Shown;
  /** Names of the tenants and users: value mappings on the table, the text of annotations. */
  tenantNames?: Names;
  userNames?: Names;
}

/** A page of events as a table, or the same events as annotations (time, title, text, tags). */
export function auditEventsFrame(
  rows: EventRow[],
  { refId, page, asAnnotations, shown = asIs, tenantNames = NO_NAMES, userNames = NO_NAMES }: EventsShape
): Frame {
  const time = rows.map((r) => Number(r.time_ms));
  const user = rows.map((r) => shown(r.user_id));
  const tenant = rows.map((r) => r.tenant_id);
  const action = rows.map((r) => r.action);
  const details = rows.map((r) => shown(r.details));
  if (asAnnotations) {
    const f = RESULT_FRAMES.auditAnnotations.fields;
    return {
      name: RESULT_FRAMES.auditAnnotations.name,
      refId,
      meta: { dataTopic: 'annotations' },
      fields: [
        fieldOf(f.time, time),
        fieldOf(f.title, action),
        fieldOf(
          f.text,
          rows.map(
            (_, i) =>
              `${user[i] === null ? 'unknown user' : nameOf(userNames, user[i]!)} · ${tenant[i] === null ? 'no tenant' : nameOf(tenantNames, tenant[i]!)}${details[i] ? ` · ${details[i]}` : ''}`
          )
        ),
        fieldOf(
          f.tags,
          rows.map((_, i) => JSON.stringify(['audit', action[i], ...(tenant[i] ? [tenant[i]] : [])]))
        ),
      ],
    };
  }
  const f = RESULT_FRAMES.auditEvents.fields;
  return {
    name: RESULT_FRAMES.auditEvents.name,
    refId,
    meta: {
      preferredVisualisationType: 'table',
      custom: { page: page?.page ?? 1, pageSize: page?.pageSize ?? rows.length, total: page?.total ?? rows.length },
    },
    fields: [
      fieldOf(f.time, time),
      fieldOf(
        f.id,
        rows.map((r) => r.id)
      ),
      fieldOf(f.user, user, { config: nameMappings(userNames, user) }),
      fieldOf(f.tenant, tenant, { config: nameMappings(tenantNames, tenant) }),
      fieldOf(f.action, action),
      fieldOf(f.details, details),
    ],
  };
}

/** One `events` series per action over the buckets, empty buckets zero; cut at `maxRows` with a notice. */
export function auditCountsFrame(
  rows: CountRow[],
  { refId, buckets: b, maxRows }: { refId: string; buckets: Buckets; maxRows: number }
): Frame {
  const times = bucketTimes(b);
  const series = new Map<string, number[]>();
  for (const row of rows.slice(0, maxRows)) {
    if (!series.has(row.action)) {
      series.set(row.action, new Array(times.length).fill(0));
    }
    const slot = Number(row.bucket) - b.first;
    if (slot >= 0 && slot < times.length) {
      series.get(row.action)![slot] = Number(row.events);
    }
  }
  const spec = RESULT_FRAMES.auditCounts;
  const fields: Field[] = [fieldOf(spec.fields.time, times)];
  for (const [action, counts] of [...series.entries()].sort(([a], [b2]) => (a < b2 ? -1 : 1))) {
    fields.push(
      fieldOf(spec.fields.events, counts, { labels: { [spec.labels]: action }, config: { displayNameFromDS: action } })
    );
  }
  return {
    name: spec.name,
    refId,
    meta: {
      type: 'timeseries-wide',
      custom: { bucketMs: b.sizeMs },
      notices:
        rows.length > maxRows
          ? [{ severity: 'warning', text: `Results were cut at ${maxRows} rows (the datasource's max rows).` }]
          : undefined,
    },
    fields,
  };
}
