/**
 * Reads the ledger's `auditEvents` frame (its fields as the result contract declares them, and
 * `meta.custom = { page, pageSize, total }`). Fields are found by name, so a frame from an older
 * backend with extra or reordered fields still reads.
 */
import type { DataFrame, DataQueryError } from '@grafana/data';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { namesOf, valuesOf } from '../common/resultFrame';

export interface AuditEventRow {
  id: string;
  /** Epoch milliseconds. */
  time: number;
  /** The user's id: what filters, links and the CSV export use. */
  user: string | null;
  tenant: string | null;
  /** The name the ledger sent for the id, if any (never for users below the personal-data role). */
  userName?: string;
  tenantName?: string;
  action: string;
  /** JSON text as stored, personal data masked by the backend when the viewer may not see it. */
  details: string | null;
}

export interface PageInfo {
  page: number;
  /** What the ledger used, which its max rows setting may have made smaller than asked. */
  pageSize: number;
  total: number;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function eventsOf(frame: DataFrame | undefined): AuditEventRow[] {
  if (!frame) {
    return [];
  }
  const f = RESULT_FRAMES.auditEvents.fields;
  const time = valuesOf(frame, f.time);
  const id = valuesOf(frame, f.id);
  const user = valuesOf(frame, f.user);
  const tenant = valuesOf(frame, f.tenant);
  const action = valuesOf(frame, f.action);
  const details = valuesOf(frame, f.details);
  const userNames = namesOf(frame, f.user);
  const tenantNames = namesOf(frame, f.tenant);
  return Array.from({ length: frame.length ?? time.length }, (_, i) => {
    const row: AuditEventRow = {
      id: String(id[i] ?? ''),
      time: Number(time[i]),
      user: text(user[i]),
      tenant: text(tenant[i]),
      action: String(action[i] ?? ''),
      details: text(details[i]),
    };
    const userName = row.user === null ? undefined : userNames.get(row.user);
    const tenantName = row.tenant === null ? undefined : tenantNames.get(row.tenant);
    // Only set when there is a name, so rows without names read as before.
    return { ...row, ...(userName && { userName }), ...(tenantName && { tenantName }) };
  });
}

/** The paging the ledger answered with; undefined when the frame carries none. */
export function pageInfoOf(frame: DataFrame | undefined): PageInfo | undefined {
  const custom = frame?.meta?.custom as Partial<PageInfo> | undefined;
  if (!custom || typeof custom.total !== 'number') {
    return undefined;
  }
  return {
    page: Number(custom.page ?? 1),
    pageSize: Number(custom.pageSize ?? 0),
    total: custom.total,
  };
}

/** The frame of one query among a response's frames. */
export function frameOf(series: DataFrame[] | undefined, refId: string): DataFrame | undefined {
  return series?.find((f) => f.refId === refId);
}

/**
 * The first error of a response or of a runner's data, as a sentence for the user: the ledger's
 * message (e.g. "access denied: …"), else its status, else a generic one.
 */
export function errorOf(errors: DataQueryError[] | undefined): string | undefined {
  const error = errors?.[0];
  if (!error) {
    return undefined;
  }
  return (
    error.message || error.data?.message || (error.status ? `HTTP ${error.status}` : 'the ledger refused the query')
  );
}
