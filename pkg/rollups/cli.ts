/**
 * `gpx_ledger_linux_<arch> rollup [options]`: the rollup refresh job, from the executable the plugin
 * already installed (see README "Rollups"). It connects with its own MySQL user (SELECT on the usage
 * table, writes on the rollup tables: schema/mysql/004_rollup_user.sql), refreshes every `--interval`
 * seconds and reconciles once a day; `--once` refreshes once (and reconciles with `--reconcile`).
 * With `--maintain` (and the grants of schema/mysql/008_maintenance_user.sql) the job that holds the
 * lease also runs the maintenance pass (maintenance.ts) every `--maintain-every` minutes: audit
 * checkpoints, partitions ahead, retention.
 * The password comes from LEDGER_ROLLUP_PASSWORD, never from the command line.
 */
import { hostname } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../../src/shared/datasourceSettings';
import { readSettings, type LedgerSettings } from '../settings';
import { connectionOptions } from '../db/pool';
import type { Logger } from '../runtime/logger';
import { DEFAULT_JOB_OPTIONS, RollupJob, type JobOptions } from './job';
import { DEFAULT_MAINTENANCE_OPTIONS, Maintenance, type MaintenanceOptions } from './maintenance';

const M = DEFAULT_MAINTENANCE_OPTIONS;

export const ROLLUP_USAGE = `usage: gpx_ledger_linux_<arch> rollup --host <host> --database <db> --user <user> [options]
  The password is read from the environment: LEDGER_ROLLUP_PASSWORD.
  --port <n>                 MySQL port (${DEFAULT_SETTINGS.port})
  --tls-mode <mode>          disabled | required | verify-ca | verify-full (disabled)
  --tls-ca-file <file>       CA certificate (PEM) for verify-ca and verify-full
  --usage-table <name>       the usage table (${DEFAULT_SETTINGS.usageTable})
  --usage-columns <json>     renamed columns, as in the datasource's settings, e.g. {"model":"llm_name"}
  --time-axis <axis>         timestamp | create_time (${DEFAULT_SETTINGS.timeAxis}): the datasource's time axis
  --interval <seconds>       between refreshes (60)
  --close-delay <seconds>    an hour is built this long after it ends (${DEFAULT_JOB_OPTIONS.closeDelayMs / 1000})
  --lease <seconds>          how long a job holds the lease without renewing it (${DEFAULT_JOB_OPTIONS.leaseSeconds})
  --reconcile-every <hours>  compare closed days with the usage table this often (24)
  --reconcile-days <n>       how many closed days a reconcile compares (${DEFAULT_JOB_OPTIONS.reconcileDays})
  --chunk-hours <n>          most hours rebuilt in one transaction (${DEFAULT_JOB_OPTIONS.chunkHours})
  --heartbeat <file>         touch this file after every successful refresh (for a liveness check)
  --once                     refresh once and exit (exit status 1 on failure)
  --reconcile                with --once: also reconcile
  --maintain                 also maintain the ledger (needs schema/mysql/008_maintenance_user.sql): audit
                             checkpoints, partitions ahead, retention; with --once, once
  --maintain-every <minutes> between two maintenance passes (60)
  --audit-retention-days <n> keep audit events this long (${M.auditRetentionDays}); 0 keeps them forever
  --usage-retention-days <n> keep usage rows this long (${M.usageRetentionDays}: forever)
  --partitions-ahead <n>     months kept ready after the current one on partitioned tables (${M.aheadMonths})
  --purge-batch <rows>       rows per DELETE on unpartitioned tables (${M.batchRows})
  --purge-pause <ms>         pause between two DELETEs (${M.pauseMs})
  --dry-run                  with --maintain: log what would be dropped or deleted, and write nothing
                             (no checkpoint, partition or audit event; the rollups are refreshed as usual)
  --help                     this text
`;

export class UsageError extends Error {}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${name}: expected a positive number, not ${JSON.stringify(value)}`);
  }
  return n;
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`--${name}: expected a whole number, 0 or more, not ${JSON.stringify(value)}`);
  }
  return n;
}

export interface RollupCommand {
  settings: LedgerSettings;
  job: JobOptions;
  intervalMs: number;
  reconcileEveryMs: number;
  once: boolean;
  reconcile: boolean;
  heartbeat?: string;
  /** The maintenance pass, when --maintain asks for it. */
  maintenance?: MaintenanceOptions;
  maintainEveryMs: number;
}

/** The command's arguments as settings and options; a UsageError names the bad argument. */
export function parseRollupCommand(argv: string[], env: NodeJS.ProcessEnv): RollupCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        database: { type: 'string' },
        user: { type: 'string' },
        'tls-mode': { type: 'string' },
        'tls-ca-file': { type: 'string' },
        'usage-table': { type: 'string' },
        'usage-columns': { type: 'string' },
        'time-axis': { type: 'string' },
        interval: { type: 'string' },
        'close-delay': { type: 'string' },
        lease: { type: 'string' },
        'reconcile-every': { type: 'string' },
        'reconcile-days': { type: 'string' },
        'chunk-hours': { type: 'string' },
        heartbeat: { type: 'string' },
        once: { type: 'boolean' },
        reconcile: { type: 'boolean' },
        maintain: { type: 'boolean' },
        'maintain-every': { type: 'string' },
        'audit-retention-days': { type: 'string' },
        'usage-retention-days': { type: 'string' },
        'partitions-ahead': { type: 'string' },
        'purge-batch': { type: 'string' },
        'purge-pause': { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let usageColumns: unknown;
  if (values['usage-columns'] !== undefined) {
    try {
      usageColumns = JSON.parse(values['usage-columns']);
    } catch {
      throw new UsageError(`--usage-columns: not JSON: ${values['usage-columns']}`);
    }
  }
  const jsonData = {
    host: values.host,
    port: values.port === undefined ? undefined : Number(values.port),
    database: values.database,
    user: values.user,
    tlsMode: values['tls-mode'],
    usageTable: values['usage-table'],
    usageColumns,
    timeAxis: values['time-axis'],
  };
  const secure: Record<string, string> = {};
  if (env.LEDGER_ROLLUP_PASSWORD) {
    secure.password = env.LEDGER_ROLLUP_PASSWORD;
  }
  if (values['tls-ca-file']) {
    try {
      secure.tlsCACert = readFileSync(values['tls-ca-file'], 'utf8');
    } catch (err) {
      throw new UsageError(`--tls-ca-file: ${(err as Error).message}`);
    }
  }
  // The datasource's own rules: a bad value is refused with the setting's name, as in its health check.
  const result = readSettings({
    id: 0,
    name: 'rollup job',
    url: '',
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: new TextEncoder().encode(JSON.stringify(jsonData)),
    decryptedSecureJsonData: secure,
    lastUpdatedMS: 0,
    uid: 'rollup-job',
    apiVersion: '',
  });
  if (!result.ok) {
    const flag: Record<string, string> = { tlsMode: 'tls-mode', usageTable: 'usage-table', timeAxis: 'time-axis' };
    const name = result.field.split('.')[0];
    throw new UsageError(`--${flag[name] ?? (name === 'usageColumns' ? 'usage-columns' : name)}: ${result.message}`);
  }
  const maintenanceFlags = [
    'maintain-every',
    'audit-retention-days',
    'usage-retention-days',
    'partitions-ahead',
    'purge-batch',
    'purge-pause',
    'dry-run',
  ] as const;
  const stray = maintenanceFlags.find((f) => values[f] !== undefined);
  if (!values.maintain && stray) {
    throw new UsageError(`--${stray}: only with --maintain`);
  }
  const maintenance: MaintenanceOptions | undefined = values.maintain
    ? {
        auditRetentionDays: whole('audit-retention-days', values['audit-retention-days'], M.auditRetentionDays),
        usageRetentionDays: whole('usage-retention-days', values['usage-retention-days'], M.usageRetentionDays),
        aheadMonths: whole('partitions-ahead', values['partitions-ahead'], M.aheadMonths),
        batchRows: positive('purge-batch', values['purge-batch'], M.batchRows),
        pauseMs: whole('purge-pause', values['purge-pause'], M.pauseMs),
        dryRun: values['dry-run'] ?? false,
      }
    : undefined;
  return {
    settings: result.settings,
    job: {
      ...DEFAULT_JOB_OPTIONS,
      owner: `${hostname()}:${process.pid}`,
      leaseSeconds: positive('lease', values.lease, DEFAULT_JOB_OPTIONS.leaseSeconds),
      closeDelayMs: positive('close-delay', values['close-delay'], DEFAULT_JOB_OPTIONS.closeDelayMs / 1000) * 1000,
      reconcileDays: positive('reconcile-days', values['reconcile-days'], DEFAULT_JOB_OPTIONS.reconcileDays),
      chunkHours: positive('chunk-hours', values['chunk-hours'], DEFAULT_JOB_OPTIONS.chunkHours),
    },
    intervalMs: positive('interval', values.interval, 60) * 1000,
    reconcileEveryMs: positive('reconcile-every', values['reconcile-every'], 24) * 3_600_000,
    once: values.once ?? false,
    reconcile: values.reconcile ?? false,
    heartbeat: values.heartbeat,
    maintenance,
    maintainEveryMs: positive('maintain-every', values['maintain-every'], 60) * 60_000,
  };
}

async function connect(settings: LedgerSettings) {
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  return mysql.createConnection(connectionOptions(settings));
}

/** Runs the job until SIGTERM or SIGINT (or once); resolves with the exit status. */
export async function runRollupCommand(argv: string[], env: NodeJS.ProcessEnv, logger: Logger): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(ROLLUP_USAGE);
    return 0;
  }
  let command: RollupCommand;
  try {
    command = parseRollupCommand(argv, env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`rollup: ${err.message}\n\n${ROLLUP_USAGE}`);
      return 2;
    }
    throw err;
  }
  const { settings } = command;
  const log = logger.with({ job: 'rollup', database: `${settings.host}:${settings.port}/${settings.database}` });
  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let conn: Awaited<ReturnType<typeof connect>> | undefined;
  let failures = 0;
  /** When this process last ran a maintenance pass (its first comes with its first refresh). */
  let maintainedAt: number | undefined;
  try {
    do {
      try {
        conn ??= await connect(settings);
        const job = new RollupJob(conn, settings, command.job, log);
        await job.prepareSession();
        const refreshed = await job.refresh();
        log.info(refreshed.skipped ? 'rollup refresh skipped' : 'rollups refreshed', { ...refreshed });
        if (command.heartbeat) {
          // Also when another job holds the lease: this one is alive and would take over.
          writeFileSync(command.heartbeat, `${new Date().toISOString()}\n`);
        }
        if (
          (command.once && command.reconcile) ||
          (!command.once && (await job.reconcileDue(command.reconcileEveryMs)))
        ) {
          const reconciled = await job.reconcile();
          log.info(reconciled.skipped ? 'rollup reconcile skipped' : 'rollups reconciled', {
            days: reconciled.days,
            drift: reconciled.drift.length,
            tookMs: reconciled.tookMs,
            skipped: reconciled.skipped,
          });
        }
        if (
          command.maintenance &&
          !refreshed.skipped &&
          (maintainedAt === undefined || Date.now() - maintainedAt >= command.maintainEveryMs)
        ) {
          maintainedAt = Date.now();
          if (!(await maintain(job, conn, command, log)) && command.once) {
            await job.release().catch(() => {});
            return 1;
          }
        }
        failures = 0;
      } catch (err) {
        failures++;
        log.error('rollup run failed', { error: err });
        await conn?.end().catch(() => {});
        conn = undefined;
        if (command.once) {
          return 1;
        }
      }
      if (!command.once && !stopping) {
        // After failures, wait longer (up to 10 intervals): a database that is down is not hammered.
        const waitMs = command.intervalMs * Math.min(10, 1 + failures);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, waitMs);
        });
      }
    } while (!command.once && !stopping);
    if (conn) {
      await new RollupJob(conn, settings, command.job, log).release().catch(() => {});
    }
    return 0;
  } finally {
    await conn?.end().catch(() => {});
  }
}

/**
 * One maintenance pass by the job that holds the lease; false when it failed (logged: the refresh is
 * not affected, and the next pass is due `--maintain-every` later).
 */
async function maintain(
  job: RollupJob,
  conn: Awaited<ReturnType<typeof connect>>,
  command: RollupCommand,
  log: Logger
): Promise<boolean> {
  try {
    const done = await new Maintenance(conn, command.settings, command.maintenance!, log, () => job.lease()).run();
    log.info('maintenance done', {
      checkpoints: done.checkpoints,
      addedPartitions: done.addedPartitions.reduce((n, a) => n + a.partitions.length, 0),
      removedRows: done.purges.reduce((n, p) => n + p.removedRows, 0),
      dryRun: done.dryRun,
      tookMs: done.tookMs,
    });
    return true;
  } catch (err) {
    const errno = (err as { errno?: number }).errno;
    // 1142/1143: table or column access denied; 1227: a privilege is missing.
    const hint =
      errno === 1142 || errno === 1143 || errno === 1227
        ? 'grant the job what maintenance needs: schema/mysql/008_maintenance_user.sql'
        : undefined;
    log.error('maintenance failed', { error: err, hint });
    return false;
  }
}
