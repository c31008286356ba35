/**
 * Who may see what, decided in the backend on every query and resource call: a hidden page is not
 * security, a refused query is. Grafana sends the signed-in user's org role in the plugin context;
 * the datasource's settings say which role the audit trail and unmasked personal data need.
 *
 * Calls without a user are Grafana's own (alert rules evaluated by the scheduler): Grafana already
 * checked that the rule's author could query this datasource, so they are allowed, and they see
 * personal data masked only if the settings say so for Viewers.
 */
import { ORG_ROLES, type OrgRole } from '../src/shared/datasourceSettings';
import { PluginError } from './errors';
import type { PluginContext } from './proto/messages';
import type { LedgerSettings } from './settings';

const RANK: Record<string, number> = { None: -1, Viewer: 0, Editor: 1, Admin: 2 };

export function roleAtLeast(role: string | undefined, minimum: OrgRole): boolean {
  return (RANK[role ?? 'None'] ?? -1) >= RANK[minimum];
}

export interface Access {
  /** The org role, or `system` for Grafana's own calls (alerting). */
  role: OrgRole | 'None' | 'system';
  login: string;
  audit: boolean;
  pii: boolean;
}

export function accessFor(ctx: PluginContext | null | undefined, settings: LedgerSettings, fromAlert: boolean): Access {
  const user = ctx?.user;
  if (!user || !user.role) {
    if (fromAlert) {
      return { role: 'system', login: '', audit: true, pii: settings.piiMinRole === 'Viewer' };
    }
    return { role: 'None', login: '', audit: false, pii: false };
  }
  const role = (ORG_ROLES as readonly string[]).includes(user.role) ? (user.role as OrgRole) : 'None';
  return {
    role,
    login: user.login,
    audit: roleAtLeast(role, settings.auditMinRole),
    pii: roleAtLeast(role, settings.piiMinRole),
  };
}

/** Throws a 403 naming what is refused and which role it needs. */
export function requireAudit(access: Access, settings: LedgerSettings): void {
  if (!access.audit) {
    throw new PluginError(
      'access.denied',
      `the audit trail needs the ${settings.auditMinRole} role in this datasource's settings; you are ${access.role === 'None' ? 'not signed in with a role' : access.role}`
    );
  }
}
