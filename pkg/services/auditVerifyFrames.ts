/**
 * The frames of `auditVerify` and `auditTrailState`, from what the walks and statements found: pure
 * functions. Fields are the result contract's (src/shared/resultFrames.ts).
 */
import type { ChainBreak } from '../../src/shared/auditChain';
import { RESULT_FRAMES } from '../../src/shared/resultFrames';
import { AUDIT_VERIFY_STATUSES, type AuditVerifyStatus } from '../../src/shared/queryTypes';
import type { Frame, Notice } from '../frames';
import { fieldsOf } from '../frames/fields';
import { NO_NAMES, withNames, type Names } from './nameFrames';

/** What verifying one chain found. */
export interface ChainReport {
  tenant: string;
  status: AuditVerifyStatus;
  verified: number;
  firstVerifiedMs: number | null;
  lastVerifiedMs: number | null;
  notChained: number;
  breakKind: ChainBreak | null;
  breakEventId: string | null;
  breakTimeMs: number | null;
  message: string | null;
}

const RANK = new Map<string, number>(AUDIT_VERIFY_STATUSES.map((s, i) => [s, i]));

/** Worst first (broken, not chained, empty, verified), then by tenant. */
export function byConcern(a: ChainReport, b: ChainReport): number {
  return RANK.get(a.status)! - RANK.get(b.status)! || (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0);
}

export interface VerifyShape {
  refId: string;
  forAlerting: boolean;
  notices?: Notice[];
  /** Tenant names, as value mappings on the tenant field (the page's badge); alert labels keep ids. */
  names?: Names;
}

export function auditVerifyFrame(reports: ChainReport[], { refId, forAlerting, notices, names }: VerifyShape): Frame {
  const rows = [...reports].sort(byConcern);
  if (forAlerting) {
    // Alerting reads a table with string columns (labels) and exactly one number column.
    const f = RESULT_FRAMES.auditVerifyAlerting.fields;
    return {
      name: RESULT_FRAMES.auditVerifyAlerting.name,
      refId,
      meta: notices ? { notices } : undefined,
      fields: fieldsOf(rows, [
        [f.tenant, (r) => r.tenant],
        [f.broken, (r) => (r.status === 'broken' ? 1 : 0)],
      ]),
    };
  }
  const f = RESULT_FRAMES.auditVerify.fields;
  return {
    name: RESULT_FRAMES.auditVerify.name,
    refId,
    meta: { preferredVisualisationType: 'table', notices },
    fields: fieldsOf(rows, [
      [f.tenant, (r) => r.tenant],
      [f.status, (r) => r.status],
      [f.verified, (r) => r.verified],
      [f.firstVerified, (r) => r.firstVerifiedMs],
      [f.lastVerified, (r) => r.lastVerifiedMs],
      [f.notChained, (r) => r.notChained],
      [f.breakKind, (r) => r.breakKind],
      [f.breakEventId, (r) => r.breakEventId],
      [f.breakTime, (r) => r.breakTimeMs],
      [f.message, (r) => r.message],
    ]).map((field, k) => (k === 0 ? withNames(field, names ?? NO_NAMES) : field)),
  };
}

/** A row of the purge events statement. */
export interface PurgeRow {
  time_ms: number | string;
  details: string | null;
}

export interface PurgeFound {
  timeMs: number;
  retentionDays: number | null;
  removedRows: number | null;
  beforeMs: number | null;
  dryRun: boolean | null;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The latest purge of `table` among the purge events (newest first). An event whose details do not
 * parse, or name another table, is not that purge.
 */
export function latestPurge(rows: PurgeRow[], table: string): PurgeFound | null {
  for (const row of rows) {
    let details: unknown;
    try {
      details = JSON.parse(row.details ?? '');
    } catch {
      continue;
    }
    if (details === null || typeof details !== 'object' || (details as { table?: unknown }).table !== table) {
      continue;
    }
    const d = details as Record<string, unknown>;
    return {
      timeMs: Number(row.time_ms),
      retentionDays: numberOrNull(d.retentionDays),
      removedRows: numberOrNull(d.removedRows),
      beforeMs: numberOrNull(d.before),
      dryRun: typeof d.dryRun === 'boolean' ? d.dryRun : null,
    };
  }
  return null;
}

export function auditTrailStateFrame(
  { oldestMs, purge }: { oldestMs: number | null; purge: PurgeFound | null },
  { refId }: { refId: string }
): Frame {
  const f = RESULT_FRAMES.auditTrailState.fields;
  return {
    name: RESULT_FRAMES.auditTrailState.name,
    refId,
    fields: fieldsOf(
      [{ oldestMs, purge }],
      [
        [f.oldestEvent, (r) => r.oldestMs],
        [f.lastPurge, (r) => r.purge?.timeMs ?? null],
        [f.retentionDays, (r) => r.purge?.retentionDays ?? null],
        [f.removedRows, (r) => r.purge?.removedRows ?? null],
        [f.purgedBefore, (r) => r.purge?.beforeMs ?? null],
        [f.dryRun, (r) => r.purge?.dryRun ?? null],
      ]
    ),
  };
}
