import pluginJson from './plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** Route segments below PLUGIN_BASE_URL; each must match a `page` include in plugin.json. */
export enum ROUTES {
  Cost = 'cost',
  Audit = 'audit',
  ServiceHealth = 'service-health',
}

/** The app's configuration page (Grafana's plugin page, with our AppConfig as its tab). */
export const APP_CONFIG_URL = `/plugins/${pluginJson.id}`;

/** URL keys that follow the user from page to page: the time range and the ledger's variables. */
export const PRESERVED_URL_KEYS = ['from', 'to', 'timezone', 'refresh', 'var-tenant', 'var-user', 'var-model'];
