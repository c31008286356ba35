import pluginJson from './plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Route segments below PLUGIN_BASE_URL; each must match a `page` include in plugin.json. */
export enum ROUTES {
  Overview = 'overview',
}
