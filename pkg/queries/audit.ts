/**
 * The audit trail's statements: one page of events (sorted, filtered), their total, and counts per
 * action over time. Filters become `IN (?, …)` and `LIKE ?`; sort columns come from an allow-list.
 */
import type { AuditEventsQuery } from '../../src/shared/queryModel';
import type { AuditSortColumn } from '../../src/shared/queryTypes';
import type { LedgerSettings } from '../settings';
import { bucketIndex, type Buckets } from './buckets';
import {
  containsPattern,
  inList,
  quoteIdentifier,
  tableName,
  tenantPin,
  timeFilter,
  where,
  type Statement,
  type TimeRange,
} from './sql';

export interface AuditFilters {
  users?: string[];
  tenants?: string[];
  actions?: string[];
  text?: string;
  /** One event by id: the time range no longer applies. */
  eventId?: string;
  range: TimeRange;
}

export function auditWhere(s: LedgerSettings, f: AuditFilters): Statement {
  const c = s.auditColumns;
  return where([
    f.eventId === undefined ? timeFilter(s, 'audit', f.range) : inList(c.id, [f.eventId]),
    tenantPin(s, 'audit'),
    inList(c.userId, f.users),
    inList(c.tenantId, f.tenants),
    inList(c.action, f.actions),
    f.text ? { sql: `${quoteIdentifier(c.details)} LIKE ? ESCAPE '!'`, params: [containsPattern(f.text)] } : null,
  ]);
}

/** The query's paging, defaults filled in by validation (src/shared/queryModel.ts). */
export type AuditPage = Pick<AuditEventsQuery, 'sort' | 'direction' | 'page' | 'pageSize'>;

const SORT_COLUMN: Record<AuditSortColumn, (s: LedgerSettings) => string> = {
  time: (s) => s.auditColumns.createTime,
  action: (s) => s.auditColumns.action,
  user: (s) => s.auditColumns.userId,
  tenant: (s) => s.auditColumns.tenantId,
};

export interface AuditEventsPlan {
  statement: Statement;
  count: Statement;
  pageSize: number;
  page: number;
}

export function auditEventsPlan(s: LedgerSettings, f: AuditFilters, p: AuditPage): AuditEventsPlan {
  const c = s.auditColumns;
  const filter = auditWhere(s, f);
  const pageSize = Math.min(p.pageSize, s.maxRows);
  const page = p.page;
  const direction = p.direction === 'asc' ? 'ASC' : 'DESC';
  const sortColumn = quoteIdentifier(SORT_COLUMN[p.sort](s));
  // The id breaks ties, so pages neither repeat nor skip events that share a sort value.
  const order = `${sortColumn} ${direction}, ${quoteIdentifier(c.id)} ${direction}`;
  const columns = [
    `${quoteIdentifier(c.createTime)} AS time_ms`,
    `${quoteIdentifier(c.id)} AS id`,
    `${quoteIdentifier(c.userId)} AS user_id`,
    `${quoteIdentifier(c.tenantId)} AS tenant_id`,
    `${quoteIdentifier(c.action)} AS action`,
    `${quoteIdentifier(c.details)} AS details`,
  ].join(', ');
  return {
    page,
    pageSize,
    statement: {
      sql: `SELECT ${columns} FROM ${tableName(s, 'audit')}${filter.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      params: [...filter.params, pageSize, (page - 1) * pageSize],
    },
    count: { sql: `SELECT COUNT(*) AS total FROM ${tableName(s, 'audit')}${filter.sql}`, params: filter.params },
  };
}

export function auditCountsPlan(s: LedgerSettings, f: AuditFilters, b: Buckets): Statement {
  const filter = auditWhere(s, f);
  const bucket = bucketIndex(s, 'audit', b.sizeMs);
  const action = quoteIdentifier(s.auditColumns.action);
  return {
    sql: `SELECT ${bucket.sql} AS bucket, ${action} AS action, COUNT(*) AS events FROM ${tableName(s, 'audit')}${filter.sql} GROUP BY bucket, action ORDER BY bucket, action LIMIT ?`,
    params: [...bucket.params, ...filter.params, s.maxRows + 1],
  };
}
