/**
 * Tenant and user names for the ids of one result (see ./nameFrames.ts for how frames show them).
 * Names decorate a result and never fail it: without the tables, without the grant, or with names
 * turned off in the settings, every id is shown as it is, and the health check says why.
 *
 * Who sees what: tenant names go to every role that may query (masked like any text below the
 * personal-data role, in case an application names tenants after e-mail addresses); user names and
 * e-mail addresses are personal data, so users are not even looked up below that role.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { runSelect } from '../db/run';
import { PluginError } from '../errors';
import { maskText } from '../masking';
import { namesStatement, type NameKind } from '../queries/names';
import type { LedgerCall } from './ledger';
import { NO_NAMES, tenantNames, userNames, type NameRow, type Names } from './nameFrames';
import type { RequestContext } from './requestContext';

/** How long a table found missing (or refused) is not asked again; "Save & test" resets it at once. */
export const NAMES_ABSENT_TTL_MS = 60_000;

// Keyed by the datasource instance: new settings are a new instance, and a fresh start.
const absent = new WeakMap<object, Partial<Record<NameKind, number>>>();

/** What the health check found: a kind whose table cannot be read is not asked for a minute. */
export function rememberNames(ds: object, kind: NameKind, readable: boolean): void {
  const known = { ...absent.get(ds) };
  if (readable) {
    delete known[kind];
  } else {
    known[kind] = Date.now() + NAMES_ABSENT_TTL_MS;
  }
  absent.set(ds, known);
}

function knownAbsent(ds: object, kind: NameKind): boolean {
  const until = absent.get(ds)?.[kind];
  return until !== undefined && until > Date.now();
}

async function rowsFor(
  call: LedgerCall,
  kind: NameKind,
  ids: ReadonlyArray<string | null | undefined>,
  ctx: RequestContext
): Promise<NameRow[]> {
  const statement = namesStatement(call.settings, kind, ids);
  if (!statement || knownAbsent(call.ds, kind)) {
    return [];
  }
  // Within one request, the same ids (a page's breakdown by tenant and its budget) are read once.
  const key = `${statement.sql}\u0000${JSON.stringify(statement.params)}`;
  let answer = ctx.statements?.get(key) as Promise<NameRow[]> | undefined;
  if (!answer) {
    answer = runSelect<NameRow & RowDataPacket>(call.ds, statement, {
      signal: ctx.signal,
      timeoutSeconds: call.settings.queryTimeoutSeconds,
    });
    ctx.statements?.set(key, answer);
  }
  try {
    return await answer;
  } catch (err) {
    if (err instanceof PluginError && err.code === 'request.cancelled') {
      throw err;
    }
    if (err instanceof PluginError && (err.code === 'db.schema' || err.code === 'db.access_denied')) {
      // A database without the table (or the grant) is a setup the health check warns about, not a
      // fault: said once a minute at info, and ids are shown.
      rememberNames(call.ds, kind, false);
      ctx.logger.info(`${kind} names not read; ids are shown`, { error: err.message });
    } else {
      ctx.logger.warn(`reading ${kind} names failed; ids are shown`, { error: (err as Error).message });
    }
    return [];
  }
}

/** The names of these tenant ids that the caller may see; empty when names are off or unreadable. */
export async function tenantNamesFor(
  call: LedgerCall,
  ids: ReadonlyArray<string | null | undefined>,
  ctx: RequestContext
): Promise<Names> {
  if (call.settings.names === 'off') {
    return NO_NAMES;
  }
  const rows = await rowsFor(call, 'tenant', ids, ctx);
  return tenantNames(rows, call.access.pii ? undefined : maskText);
}

/** The names of these user ids, for roles allowed personal data only; empty for the others. */
export async function userNamesFor(
  call: LedgerCall,
  ids: ReadonlyArray<string | null | undefined>,
  ctx: RequestContext
): Promise<Names> {
  if (call.settings.names === 'off' || !call.access.pii) {
    return NO_NAMES;
  }
  return userNames(await rowsFor(call, 'user', ids, ctx), call.settings.userLabel);
}

/** The tenant and user names of rows that carry both ids (audit events, single calls), looked up at once. */
export async function rowNamesFor(
  call: LedgerCall,
  rows: ReadonlyArray<{ tenant_id: string | null; user_id: string | null }>,
  ctx: RequestContext
): Promise<{ tenantNames: Names; userNames: Names }> {
  const [tenantNames, userNames] = await Promise.all([
    tenantNamesFor(
      call,
      rows.map((r) => r.tenant_id),
      ctx
    ),
    userNamesFor(
      call,
      rows.map((r) => r.user_id),
      ctx
    ),
  ]);
  return { tenantNames, userNames };
}
