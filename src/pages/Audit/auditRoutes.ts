/**
 * Where the Audit Trail's tabs and event detail live, and which URL keys follow the user between
 * them.
 */
import { locationUtil, urlUtil, type UrlQueryMap } from '@grafana/data';
import { PRESERVED_URL_KEYS, ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { AUDIT_VARIABLES, EVENTS_URL_KEYS } from './auditQueries';

export const AUDIT_TITLE = 'Audit Trail';
export const AUDIT_URL = prefixRoute(ROUTES.Audit);

export const SECURITY_SEGMENT = 'security';
export const SECURITY_URL = `${AUDIT_URL}/${SECURITY_SEGMENT}`;

/** The event detail, relative to the page: `audit/event/<id>`. */
export const EVENT_ROUTE = 'event/:id/*';

export function eventPath(id: string): string {
  return `${AUDIT_URL}/event/${encodeURIComponent(id)}`;
}

/** A link to an event that keeps the current time range, filters, page and sort, for the way back. */
export function eventHref(id: string, search: UrlQueryMap): string {
  return locationUtil.assureBaseUrl(urlUtil.renderUrl(eventPath(id), search));
}

const varKey = (name: string) => `var-${name}`;

/**
 * Switching tabs keeps the time range and the filters both tabs share. Not the action (the tabs
 * offer different actions) nor the paging (a page of one tab means nothing in the other).
 */
export const TAB_URL_KEYS = [...PRESERVED_URL_KEYS, varKey(AUDIT_VARIABLES.search)];

/** The way back from an event to the list keeps everything the list was showing. */
export const LIST_URL_KEYS = [...TAB_URL_KEYS, varKey(AUDIT_VARIABLES.action), ...Object.values(EVENTS_URL_KEYS)];
