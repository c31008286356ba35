/**
 * CheckHealth ("Save & test"): tells apart what an admin must fix — invalid settings, MySQL
 * unreachable, credentials refused, missing tables or columns — from what they should fix — no
 * index for the time-range queries, a user that can write to the ledger. Problems of the first
 * kind fail the check; the second kind pass it with a warning. Every check's outcome is also in
 * `details.checks`.
 */
import { mapDbError } from '../db/errors';
import {
  currentGrants,
  hasIndexLeadingWith,
  serverInfo,
  tableColumns,
  tableIndexes,
  writePrivileges,
} from '../db/inspect';
import { toPluginError } from '../errors';
import { getMetrics } from '../metrics';
import { HealthStatus, type CheckHealthRequest, type CheckHealthResponse } from '../proto/messages';
import type { PluginState } from '../pluginState';
import type { LedgerSettings } from '../settings';
import { READ_STATE, rollupHealth, stateOf, type RollupState } from '../rollups/state';
import type { RequestContext } from './requestContext';
import { hasTraceColumns } from '../queries/topCalls';
import { rememberTraceColumns } from './traceColumns';
import { rememberNames } from './names';
import { namesCheck, nameTablesFound } from './namesHealth';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface CheckOutcome {
  check: string;
  status: CheckStatus;
  message: string;
  code?: string;
}

function response(checks: CheckOutcome[], extra: Record<string, unknown> = {}): CheckHealthResponse {
  const errors = checks.filter((c) => c.status === 'error');
  const warnings = checks.filter((c) => c.status === 'warning');
  let message: string;
  if (errors.length > 0) {
    message = errors.map((c) => c.message).join(' ');
  } else {
    message = checks.find((c) => c.check === 'connection')?.message ?? 'OK';
    if (warnings.length > 0) {
      message += ` Warning: ${warnings.map((c) => c.message).join(' ')}`;
    }
  }
  return {
    status: errors.length > 0 ? HealthStatus.ERROR : HealthStatus.OK,
    message,
    jsonDetails: Buffer.from(JSON.stringify({ ...extra, checks }), 'utf8'),
  };
}

/** The columns a table must have: every mapped one, but only the time column the axis uses. */
function requiredUsageColumns(s: LedgerSettings): string[] {
  const { timestamp, createTime, ...rest } = s.usageColumns;
  return [...Object.values(rest), s.timeAxis === 'timestamp' ? timestamp : createTime];
}

function timeColumn(s: LedgerSettings): string {
  return s.timeAxis === 'timestamp' ? s.usageColumns.timestamp : s.usageColumns.createTime;
}

/**
 * The optional trace columns: without them everything works, but the most expensive calls cannot
 * link to their traces. A warning, so that an admin learns the one step that turns the links on.
 */
function traceColumnsCheck(s: LedgerSettings, present: boolean): CheckOutcome {
  return present
    ? {
        check: 'trace columns',
        status: 'ok',
        message: `Table ${s.usageTable} has trace_id and span_id: the Cost page links calls to their traces.`,
      }
    : {
        check: 'trace columns',
        status: 'warning',
        message: `Table ${s.usageTable} has no trace_id/span_id columns: apply schema/mysql/005_trace_columns.sql to link calls to traces.`,
      };
}

async function inspect(
  s: LedgerSettings,
  conn: import('mysql2/promise').PoolConnection,
  ds: object
): Promise<CheckOutcome[]> {
  const checks: CheckOutcome[] = [];
  const where = `${s.host}:${s.port}/${s.database}`;
  const info = await serverInfo(conn);
  checks.push({
    check: 'connection',
    status: 'ok',
    message: `Connected to MySQL ${info.version} at ${where} as ${s.user || '(no user)'}.`,
  });

  const usage = s.usageTable.toLowerCase();
  const audit = s.auditTable.toLowerCase();
  const columns = await tableColumns(conn, [s.usageTable, s.auditTable]);
  const usageColumns = columns.get(usage);
  if (!usageColumns) {
    checks.push({
      check: 'usage table',
      status: 'error',
      code: 'db.schema',
      message: `Table ${s.database}.${s.usageTable} does not exist.`,
    });
  } else {
    const missing = requiredUsageColumns(s).filter((c) => !usageColumns.has(c.toLowerCase()));
    checks.push(
      missing.length > 0
        ? {
            check: 'usage table',
            status: 'error',
            code: 'db.schema',
            message: `Table ${s.usageTable} has no column ${missing.join(', ')}.`,
          }
        : { check: 'usage table', status: 'ok', message: `Table ${s.usageTable} has the columns the queries use.` }
    );
  }
  const auditColumns = columns.get(audit);
  if (!auditColumns) {
    // The audit trail is optional (an application may not write one); cost queries still work.
    checks.push({
      check: 'audit table',
      status: 'warning',
      code: 'db.schema',
      message: `Table ${s.database}.${s.auditTable} does not exist: the audit trail will be empty.`,
    });
  } else {
    const missing = Object.values(s.auditColumns).filter((c) => !auditColumns.has(c.toLowerCase()));
    checks.push(
      missing.length > 0
        ? {
            check: 'audit table',
            status: 'error',
            code: 'db.schema',
            message: `Table ${s.auditTable} has no column ${missing.join(', ')}.`,
          }
        : { check: 'audit table', status: 'ok', message: `Table ${s.auditTable} has the columns the queries use.` }
    );
  }

  if (usageColumns) {
    const traces = hasTraceColumns(usageColumns);
    // Queries believe this at once: "Save & test" after the migration turns the links on.
    rememberTraceColumns(ds, traces);
    checks.push(traceColumnsCheck(s, traces));
  }

  if (s.names !== 'off') {
    const found = nameTablesFound(s, await tableColumns(conn, [s.tenantTable, s.userTable]));
    // Queries believe this at once: "Save & test" after the grant turns the names on.
    rememberNames(ds, 'tenant', found.tenant === null);
    rememberNames(ds, 'user', found.user === null);
    checks.push(namesCheck(s, found));
  } else {
    checks.push(namesCheck(s, { tenant: null, user: null }));
  }

  const indexes = await tableIndexes(conn, [s.usageTable, s.auditTable]);
  const wantedIndexes: Array<[string, string, string[]]> = [];
  if (usageColumns) {
    wantedIndexes.push(
      [usage, s.usageTable, [timeColumn(s)]],
      [usage, s.usageTable, [s.usageColumns.tenantId, timeColumn(s)]]
    );
  }
  if (auditColumns) {
    wantedIndexes.push([audit, s.auditTable, [s.auditColumns.createTime]]);
  }
  const missingIndexes = wantedIndexes.filter(([key, , cols]) => !hasIndexLeadingWith(indexes.get(key), cols));
  checks.push(
    missingIndexes.length > 0
      ? {
          check: 'indexes',
          status: 'warning',
          message: `No index on ${missingIndexes.map(([, table, cols]) => `${table}(${cols.join(', ')})`).join(', ')}: queries over long time ranges will read the whole table (see schema/mysql/001_ledger.sql).`,
        }
      : { check: 'indexes', status: 'ok', message: 'The indexes the queries use are there.' }
  );

  checks.push({ check: 'rollups', ...rollupHealth(await rollupStateOn(s, conn), s) });

  const writes = writePrivileges(await currentGrants(conn), s.database, [s.usageTable, s.auditTable]);
  checks.push(
    writes.length > 0
      ? {
          check: 'privileges',
          status: 'warning',
          message: `User ${s.user} can write to the ledger (${writes.join(', ')}): use a user with SELECT only.`,
        }
      : { check: 'privileges', status: 'ok', message: `User ${s.user} can only read the ledger.` }
  );
  return checks;
}

/** The rollup state row, or why it cannot be read (no tables, no grant), on the check's connection. */
async function rollupStateOn(
  s: LedgerSettings,
  conn: import('mysql2/promise').PoolConnection
): Promise<RollupState | null | { unreadable: string }> {
  if (s.rollups === 'off') {
    return null;
  }
  try {
    const [rows] = await conn.query<Array<import('mysql2/promise').RowDataPacket>>(READ_STATE.sql);
    return stateOf(rows);
  } catch (err) {
    const e = mapDbError(err, s.host);
    if (e.code === 'db.schema') {
      return { unreadable: 'there are no rollup tables in this database (schema/mysql/003_rollups.sql)' };
    }
    if (e.code === 'db.access_denied') {
      return {
        unreadable: `user ${s.user} may not read the rollup tables (schema/mysql/004_rollup_user.sql grants it)`,
      };
    }
    throw err;
  }
}

export async function checkHealth(
  state: PluginState,
  req: CheckHealthRequest,
  ctx: RequestContext
): Promise<CheckHealthResponse> {
  let result: CheckHealthResponse;
  try {
    const ds = state.instances.get(req.pluginContext!);
    const settings = ds.settingsResult;
    if (!settings.ok) {
      result = response([
        {
          check: 'settings',
          status: 'error',
          code: 'settings.invalid',
          message: `Settings: ${settings.field}: ${settings.message}.`,
        },
      ]);
    } else {
      const s = settings.settings;
      const where = `${s.host}:${s.port}`;
      let conn: import('mysql2/promise').PoolConnection | undefined;
      try {
        conn = await ds.getPool().getConnection();
        result = response(await inspect(s, conn, ds), {
          instance: ds.id,
          version: state.version,
          description: s.description,
        });
      } catch (err) {
        const dbError = mapDbError(err, where);
        result = response([{ check: 'connection', status: 'error', code: dbError.code, message: dbError.message }]);
      } finally {
        conn?.release();
      }
    }
  } catch (err) {
    const pluginError = toPluginError(err);
    ctx.logger.error('health check failed', { error: pluginError.message });
    result = response([{ check: 'plugin', status: 'error', code: pluginError.code, message: pluginError.message }]);
  }
  getMetrics().healthChecks.inc({ status: result.status === HealthStatus.OK ? 'ok' : 'error' });
  return result;
}
