/**
 * The health check's word on names: whether the tenant and user tables can be read, and if not,
 * what to do. Never an error: without them every id is shown as it is.
 */
import { nameTable, type NameKind } from '../queries/names';
import type { LedgerSettings } from '../settings';
import type { CheckOutcome } from './checkHealth';

const GRANT_HINT = 'grant SELECT on them to this user (schema/mysql/002_readonly_user.sql)';

/** What each kind's table lacks (`null`: nothing), from the columns information_schema shows the user. */
export function nameTablesFound(s: LedgerSettings, columns: Map<string, Set<string>>): Record<NameKind, string | null> {
  const lacks = (kind: NameKind): string | null => {
    const { table, columns: wanted } = nameTable(s, kind);
    const found = columns.get(table.toLowerCase());
    if (!found) {
      return `${table} does not exist or is not readable`;
    }
    const needed = kind === 'user' && s.userLabel === 'name' ? wanted.slice(0, 2) : wanted;
    const missing = needed.filter((c) => !found.has(c.toLowerCase()));
    return missing.length > 0 ? `${table} has no column ${missing.join(', ')}` : null;
  };
  return { tenant: lacks('tenant'), user: lacks('user') };
}

export function namesCheck(s: LedgerSettings, found: Record<NameKind, string | null>): CheckOutcome {
  if (s.names === 'off') {
    return {
      check: 'names',
      status: 'ok',
      message: 'Names are off in the settings: tenants and users are shown by id.',
    };
  }
  const problems = (['tenant', 'user'] as const).filter((k) => found[k] !== null);
  if (problems.length === 0) {
    return {
      check: 'names',
      status: 'ok',
      message: `Tenants are shown by name from ${s.tenantTable}, users from ${s.userTable} (to roles allowed personal data).`,
    };
  }
  const who = problems.map((k) => (k === 'tenant' ? 'tenants' : 'users')).join(' and ');
  return {
    check: 'names',
    status: 'warning',
    message: `${problems.map((k) => found[k]).join('; ')}: ${who} are shown by id (${GRANT_HINT}, or set the tables in the settings).`,
  };
}
