import { PLUGIN_BASE_URL } from '../constants';

/** Prefixes a route segment with the app's base URL: `overview` → `/a/<plugin-id>/overview`. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
