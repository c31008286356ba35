/**
 * The Audit Trail's ledger queries, one builder per query type, each returning the whole query.
 * Filters hold the page's variables (`$user`…); the datasource expands them, and All drops the
 * filter (src/datasource/templating.ts).
 */
import { AUDIT_PAGE_SIZE_MAX, type AuditSortColumn, type SORT_DIRECTIONS } from '../../shared/queryTypes';
import type { PageQuery } from '../common/ledgerData';

export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/**
 * The actions the "Security events" tab shows: failed logins, role changes and API keys, as the
 * audit log names them (tools/seed/audit.ts writes the same names).
 */
export const SECURITY_ACTIONS = ['USER_LOGIN_FAILURE', 'USER_ROLE_CHANGE', 'API_KEY_CREATE', 'API_KEY_REVOKE'] as const;

/** The page's filter variables; the URL keys are `var-<name>`. */
export const AUDIT_VARIABLES = { user: 'user', tenant: 'tenant', action: 'action', search: 'search' } as const;

/** The events table's URL keys (its filters are the variables' `var-…` keys). */
export const EVENTS_URL_KEYS = { page: 'page', sort: 'sort', direction: 'dir' } as const;

export const REF_IDS = {
  events: 'events',
  counts: 'counts',
  event: 'event',
  verify: 'verify',
  state: 'state',
} as const;

/** Rows per page of the events table: a screenful or two, so that paging stays quick. */
export const EVENTS_PAGE_SIZE = 50;

/** The filters every audit query of the page carries, written as the page's variables. */
export interface AuditFilterQuery {
  users: string[];
  tenants: string[];
  actions: string[];
  text: string;
}

export const PAGE_FILTERS: AuditFilterQuery = {
  users: [`$${AUDIT_VARIABLES.user}`],
  tenants: [`$${AUDIT_VARIABLES.tenant}`],
  actions: [`$${AUDIT_VARIABLES.action}`],
  text: `$${AUDIT_VARIABLES.search}`,
};

export interface EventsPage {
  page: number;
  pageSize: number;
  sort: AuditSortColumn;
  direction: SortDirection;
}

export const DEFAULT_SORT: Pick<EventsPage, 'sort' | 'direction'> = { sort: 'time', direction: 'desc' };

/** Newest first for time; A to Z for the text columns, which is what a click on their header expects. */
export function defaultDirection(sort: AuditSortColumn): SortDirection {
  return sort === 'time' ? 'desc' : 'asc';
}

/** One page of events, sorted on the server. */
export function auditEventsQuery(filters: AuditFilterQuery, page: EventsPage): PageQuery {
  return {
    refId: REF_IDS.events,
    queryType: 'auditEvents',
    users: [...filters.users],
    tenants: [...filters.tenants],
    actions: [...filters.actions],
    text: filters.text,
    sort: page.sort,
    direction: page.direction,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** Events per action over time, with the same filters as the table. */
export function auditCountsQuery(filters: AuditFilterQuery): PageQuery {
  return {
    refId: REF_IDS.counts,
    queryType: 'auditCounts',
    users: [...filters.users],
    tenants: [...filters.tenants],
    actions: [...filters.actions],
    text: filters.text,
  };
}

/** One event by id, whatever the time range: what a link to the event detail opens. */
export function auditEventQuery(eventId: string): PageQuery {
  return { refId: REF_IDS.event, queryType: 'auditEvents', eventId, page: 1, pageSize: 1 };
}

/** Whether the chains of the page's tenants hold: the whole chains, whatever the range. */
export function auditVerifyQuery(filters: Pick<AuditFilterQuery, 'tenants'>): PageQuery {
  return { refId: REF_IDS.verify, queryType: 'auditVerify', tenants: [...filters.tenants] };
}

/** The oldest event held (of the page's tenants) and the last purge. */
export function auditTrailStateQuery(filters: Pick<AuditFilterQuery, 'tenants'>): PageQuery {
  return { refId: REF_IDS.state, queryType: 'auditTrailState', tenants: [...filters.tenants] };
}

/** Page `page` of the CSV export: the table's query and order, with the largest pages the ledger allows. */
export function exportPageQuery(events: PageQuery, page: number): PageQuery {
  return { ...events, page, pageSize: AUDIT_PAGE_SIZE_MAX };
}
