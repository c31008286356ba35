/** Plugin identifiers used by the app, the nested datasource and the backend. */
export const APP_PLUGIN_ID = 'llmops-observability-app';
export const DATASOURCE_PLUGIN_ID = 'llmops-ledger-datasource';
/** Prefix of the backend executable; Grafana appends `_<os>_<arch>`. */
export const DATASOURCE_EXECUTABLE = 'gpx_ledger';

/**
 * The uids the provisioning files give the datasources; the app's settings default to them, so a
 * stack started from `provisioning/` needs no configuration.
 */
export const PROVISIONED_UIDS = {
  ledger: 'llmops-ledger',
  prometheus: 'llmops-prometheus',
  loki: 'llmops-loki',
  jaeger: 'llmops-jaeger',
} as const;
