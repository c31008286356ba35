/**
 * The app's RBAC actions, as declared in src/plugin.json (`roles`) and required by its `includes`.
 * plugins.test.ts checks that the two agree.
 *
 * Grafana grants them to basic roles by default (Viewer: cost; Admin: everything). In Grafana OSS the
 * grants are fixed; Enterprise and Cloud can assign the roles to users and teams. The ledger
 * datasource's backend enforces the same split with its role minimums (`auditMinRole`,
 * `piiMinRole`), because a hidden page is not security: a refused query is.
 */
import { APP_PLUGIN_ID } from './ids';

export const ACTIONS = {
  costRead: `${APP_PLUGIN_ID}.cost:read`,
  auditRead: `${APP_PLUGIN_ID}.audit:read`,
  piiRead: `${APP_PLUGIN_ID}.pii:read`,
  settingsWrite: `${APP_PLUGIN_ID}.settings:write`,
} as const;

export type AppAction = (typeof ACTIONS)[keyof typeof ACTIONS];
