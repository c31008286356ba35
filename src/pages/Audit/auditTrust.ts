/**
 * What the Audit Trail says about whether its trail can be trusted, from the ledger's
 * `auditVerify` and `auditTrailState` frames: one line per hash chain ("Verified to …", "Broken at
 * …"), and the trail's state (oldest event held, retention, last purge). Pure: the scene
 * (AuditTrustScene.tsx) renders these.
 */
import type { DataFrame } from '@grafana/data';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { AUDIT_VERIFY_STATUSES, type AuditVerifyStatus } from '../../shared/queryTypes';
import { namesOf, valuesOf } from '../common/resultFrame';

export interface ChainRow {
  tenant: string;
  /** The tenant's name, when the ledger sent one (a value mapping on the tenant field). */
  tenantName?: string;
  status: AuditVerifyStatus;
  verified: number;
  lastVerified: number | null;
  notChained: number;
  breakKind: string | null;
  breakEventId: string | null;
  breakTime: number | null;
  message: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const isStatus = (v: unknown): v is AuditVerifyStatus => (AUDIT_VERIFY_STATUSES as readonly unknown[]).includes(v);

export function chainsOf(frame: DataFrame | undefined): ChainRow[] {
  if (!frame) {
    return [];
  }
  const f = RESULT_FRAMES.auditVerify.fields;
  const tenant = valuesOf(frame, f.tenant);
  const status = valuesOf(frame, f.status);
  const verified = valuesOf(frame, f.verified);
  const last = valuesOf(frame, f.lastVerified);
  const notChained = valuesOf(frame, f.notChained);
  const kind = valuesOf(frame, f.breakKind);
  const eventId = valuesOf(frame, f.breakEventId);
  const time = valuesOf(frame, f.breakTime);
  const message = valuesOf(frame, f.message);
  const names = namesOf(frame, f.tenant);
  const rows = Array.from({ length: frame.length ?? tenant.length }, (_, i) => ({
    tenant: String(tenant[i] ?? ''),
    tenantName: names.get(String(tenant[i] ?? '')),
    status: isStatus(status[i]) ? status[i] : 'empty',
    verified: Number(verified[i] ?? 0),
    lastVerified: num(last[i]),
    notChained: Number(notChained[i] ?? 0),
    breakKind: str(kind[i]),
    breakEventId: str(eventId[i]),
    breakTime: num(time[i]),
    message: str(message[i]),
  }));
  // Worst first, as the ledger sends them; sorted again so that an older backend's order does not matter.
  const rank = (s: AuditVerifyStatus) => AUDIT_VERIFY_STATUSES.indexOf(s);
  return rows.sort(
    (a, b) => rank(a.status) - rank(b.status) || (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0)
  );
}

/** How each break kind reads on the page. */
export const BREAK_TEXT: Record<string, string> = {
  content_edited: 'an event was changed',
  row_missing: 'events are missing',
  row_inserted: 'an event was inserted',
  order_changed: 'events were reordered',
};

export type Tone = 'ok' | 'broken' | 'unchained' | 'empty';

export interface ChainLine {
  tone: Tone;
  /** Whose chain, for pages that show several: the tenant's name (else its id), or "No tenant". */
  label: string;
  text: string;
  /** The event to open, for a break at an event. */
  eventId?: string;
  /** Events of the range without a link, when there are some. */
  note?: string;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** One chain as a line: "Verified to <time> (N events)", "Broken at <time>: <kind>", "Not chained". */
export function chainLine(row: ChainRow, formatTime: (ms: number) => string): ChainLine {
  const label = row.tenant === '' ? 'No tenant' : (row.tenantName ?? row.tenant);
  const note = row.notChained > 0 ? `${count(row.notChained, 'event')} in the range not chained` : undefined;
  switch (row.status) {
    case 'verified':
      return {
        tone: 'ok',
        label,
        text: `Verified to ${row.lastVerified === null ? 'the last event' : formatTime(row.lastVerified)} (${count(row.verified, 'event')})`,
        note,
      };
    case 'broken': {
      const kind = BREAK_TEXT[row.breakKind ?? ''] ?? row.breakKind ?? 'broken';
      return {
        tone: 'broken',
        label,
        text: row.breakTime === null ? `Broken: ${kind}` : `Broken at ${formatTime(row.breakTime)}: ${kind}`,
        eventId: row.breakEventId ?? undefined,
        note: row.message ?? note,
      };
    }
    case 'not chained':
      return { tone: 'unchained', label, text: 'Not chained', note };
    case 'empty':
      return { tone: 'empty', label, text: 'No events to verify', note };
  }
}

export interface TrailState {
  oldestEvent: number | null;
  lastPurge: number | null;
  retentionDays: number | null;
  removedRows: number | null;
  dryRun: boolean | null;
}

export function trailStateOf(frame: DataFrame | undefined): TrailState | undefined {
  if (!frame || (frame.length ?? 0) === 0) {
    return undefined;
  }
  const f = RESULT_FRAMES.auditTrailState.fields;
  const first = (field: (typeof f)[keyof typeof f]) => valuesOf(frame, field)[0];
  const dryRun = first(f.dryRun);
  return {
    oldestEvent: num(first(f.oldestEvent)),
    lastPurge: num(first(f.lastPurge)),
    retentionDays: num(first(f.retentionDays)),
    removedRows: num(first(f.removedRows)),
    dryRun: typeof dryRun === 'boolean' ? dryRun : null,
  };
}

/** The trail's state as short phrases: oldest event held, retention, last purge. */
export function trailStateParts(state: TrailState, formatTime: (ms: number) => string): string[] {
  const parts = [state.oldestEvent === null ? 'No events held' : `Oldest event held: ${formatTime(state.oldestEvent)}`];
  if (state.lastPurge === null) {
    parts.push('No purge yet');
    return parts;
  }
  if (state.retentionDays !== null) {
    parts.push(`Retention: ${count(state.retentionDays, 'day')}`);
  }
  const removed =
    state.removedRows === null
      ? ''
      : `, ${count(state.removedRows, 'event')} ${state.dryRun ? 'would be removed' : 'removed'}`;
  parts.push(`Last purge: ${formatTime(state.lastPurge)}${removed}${state.dryRun ? ' (dry run)' : ''}`);
  return parts;
}
