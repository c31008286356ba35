/**
 * Where the LLM Cost page and its drilldowns live, and the data links that lead into them. The links
 * are absolute (not `${__url.path}/…`) so that they also work from a panel added to a dashboard.
 */
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';

export const COST_URL = prefixRoute(ROUTES.Cost);

/** Drilldown routes, relative to the page (tenant) and to the tenant's page (user). */
export const TENANT_ROUTE = 'tenant/:tenant/*';
export const USER_ROUTE = 'user/:user/*';

export function tenantUrl(tenant: string): string {
  return `${COST_URL}/tenant/${encodeURIComponent(tenant)}`;
}

export function userUrl(tenant: string, user: string): string {
  return `${tenantUrl(tenant)}/user/${encodeURIComponent(user)}`;
}

/**
 * A data link on a tenant column: the cell's raw value, percent-encoded (a tenant may hold `/` or
 * spaces), and the current URL's parameters, so the time range and variables follow.
 */
export const TENANT_LINK = `${COST_URL}/tenant/\${__value.raw:percentencode}\${__url.params}`;

/**
 * A data link on a user column of one tenant's page. The tenant is written into the template
 * already encoded; `encodeURIComponent` leaves no `$`, so the template engine cannot read it as a variable.
 */
export function userLink(tenant: string): string {
  return `${tenantUrl(tenant)}/user/\${__value.raw:percentencode}\${__url.params}`;
}

/**
 * A route parameter as it was before the link encoded it. Depending on the router Grafana ships, a
 * parameter arrives decoded or still percent-encoded; decoding once more is harmless for a value
 * without `%`, and a value that does not decode (a literal `%`) is kept as it is.
 */
export function routeParam(value: string | undefined): string {
  if (value === undefined) {
    return '';
  }
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
