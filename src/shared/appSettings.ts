/**
 * The app's own settings (its plugin jsonData, saved through Grafana's plugin settings API from the
 * app's configuration page). Every field is optional: an app enabled with no settings at all works
 * against the provisioned datasources, with both optional pages on.
 */
import type { TenantBudget } from './datasourceSettings';
import { PROVISIONED_UIDS } from './ids';

export interface AppJsonData {
  /** The ledger datasource the LLM Cost and Audit Trail pages query. */
  ledgerDatasourceUid?: string;
  /** Service Health's datasources; an empty string means "not used" (the panels say so). */
  prometheusDatasourceUid?: string;
  lokiDatasourceUid?: string;
  jaegerDatasourceUid?: string;
  /**
   * The monitored service, as its metrics' `job` label, its logs' `service_name` label and its
   * traces' service name.
   */
  serviceName?: string;
  /**
   * Monthly budgets per tenant that the LLM Cost page compares spend against. A tenant not listed
   * here falls back to the ledger datasource's budgets, which are also what alert rules and
   * dashboards outside the app use.
   */
  budgets?: TenantBudget[];
  /** Turn the Audit Trail page off (the application does not write an audit log). */
  auditEnabled?: boolean;
  /** Turn the Service Health page off (no metrics, logs or traces are collected). */
  serviceHealthEnabled?: boolean;
}

export const DEFAULT_SERVICE_NAME = 'ragflow';

export type AppSettings = Required<AppJsonData>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  ledgerDatasourceUid: PROVISIONED_UIDS.ledger,
  prometheusDatasourceUid: PROVISIONED_UIDS.prometheus,
  lokiDatasourceUid: PROVISIONED_UIDS.loki,
  jaegerDatasourceUid: PROVISIONED_UIDS.jaeger,
  serviceName: DEFAULT_SERVICE_NAME,
  budgets: [],
  auditEnabled: true,
  serviceHealthEnabled: true,
};

/** The settings with every unset field at its default. Unknown fields are dropped. */
export function appSettingsOf(jsonData: AppJsonData | undefined | null): AppSettings {
  const j = jsonData ?? {};
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.trim() : fallback);
  return {
    ledgerDatasourceUid: text(j.ledgerDatasourceUid, DEFAULT_APP_SETTINGS.ledgerDatasourceUid),
    prometheusDatasourceUid: text(j.prometheusDatasourceUid, DEFAULT_APP_SETTINGS.prometheusDatasourceUid),
    lokiDatasourceUid: text(j.lokiDatasourceUid, DEFAULT_APP_SETTINGS.lokiDatasourceUid),
    jaegerDatasourceUid: text(j.jaegerDatasourceUid, DEFAULT_APP_SETTINGS.jaegerDatasourceUid),
    serviceName: text(j.serviceName, '') || DEFAULT_SERVICE_NAME,
    budgets: Array.isArray(j.budgets)
      ? j.budgets.filter((b) => typeof b?.tenant === 'string' && b.tenant !== '' && Number(b.monthlyBudget) > 0)
      : [],
    auditEnabled: j.auditEnabled !== false,
    serviceHealthEnabled: j.serviceHealthEnabled !== false,
  };
}
