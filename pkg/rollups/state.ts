/**
 * What the rollup job last wrote in its state row, and whether a datasource may read the rollups:
 * they must exist, be of this schema version, be built from the datasource's usage table on its
 * time axis, and have been refreshed recently enough (late rows reach them only when the job runs).
 */
import type { LedgerSettings } from '../settings';
import type { Statement } from '../queries/sql';
import { ROLLUP_SCHEMA_VERSION, STATE_TABLE } from './grains';

export interface RollupState {
  schemaVersion: number;
  sourceTable: string;
  timeAxis: string;
  /** Every closed hour below this instant is in the rollups (epoch ms); null before the first run. */
  watermarkMs: number | null;
  /** The highest create_time the last refresh saw (rows written later are looked at next time). */
  ctHighWater: number | null;
  /** Milliseconds since the last refresh, by the database's clock; null before the first run. */
  refreshAgeMs: number | null;
  lastRefreshMs: number | null;
  lastRefreshHours: number | null;
  /** Milliseconds since the last reconcile; null before the first. */
  reconcileAgeMs: number | null;
  reconcileDays: number | null;
  driftDaysLast: number | null;
  driftDaysTotal: number;
  /** The database's clock (epoch ms, UTC) when the state was read. */
  nowMs: number;
}

/**
 * The state row, for the datasource and the job alike. Ages by the database's clock in UTC, so that
 * neither the session time zone nor the hosts' clocks matter.
 */
export const READ_STATE: Statement = {
  sql:
    'SELECT schema_version, source_table, time_axis, watermark_ms, ct_high_water, ' +
    'TIMESTAMPDIFF(MICROSECOND, refreshed_at, UTC_TIMESTAMP(3)) DIV 1000 AS refresh_age_ms, ' +
    'last_refresh_ms, last_refresh_hours, ' +
    'TIMESTAMPDIFF(MICROSECOND, reconciled_at, UTC_TIMESTAMP(3)) DIV 1000 AS reconcile_age_ms, ' +
    'reconcile_days, drift_days_last, drift_days_total, ' +
    "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(3)) DIV 1000 AS now_ms " +
    `FROM ${STATE_TABLE} WHERE id = 1`,
  params: [],
};

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The state row as read by READ_STATE; null when there is none. */
export function stateOf(rows: Array<Record<string, unknown>>): RollupState | null {
  const r = rows[0];
  if (!r) {
    return null;
  }
  return {
    schemaVersion: Number(r.schema_version),
    sourceTable: String(r.source_table),
    timeAxis: String(r.time_axis),
    watermarkMs: num(r.watermark_ms),
    ctHighWater: num(r.ct_high_water),
    refreshAgeMs: num(r.refresh_age_ms),
    lastRefreshMs: num(r.last_refresh_ms),
    lastRefreshHours: num(r.last_refresh_hours),
    reconcileAgeMs: num(r.reconcile_age_ms),
    reconcileDays: num(r.reconcile_days),
    driftDaysLast: num(r.drift_days_last),
    driftDaysTotal: Number(r.drift_days_total ?? 0),
    nowMs: Number(r.now_ms),
  };
}

/** Whether the rollups answer this datasource's queries, and if not, why (for the health check). */
export type RollupUse = { use: true; watermarkMs: number; state: RollupState } | { use: false; reason: string };

/**
 * `found`: the state row, null when the table is empty, or the reason the state could not be read
 * (no rollup tables, no grant).
 */
export function rollupUse(found: RollupState | null | { unreadable: string }, s: LedgerSettings): RollupUse {
  if (s.rollups === 'off') {
    return { use: false, reason: "the datasource's settings turn rollups off" };
  }
  if (found !== null && 'unreadable' in found) {
    return { use: false, reason: found.unreadable };
  }
  if (found === null || found.watermarkMs === null || found.refreshAgeMs === null) {
    return { use: false, reason: 'the rollup job has not refreshed the rollups yet' };
  }
  if (found.schemaVersion !== ROLLUP_SCHEMA_VERSION) {
    return {
      use: false,
      reason: `the rollups are of schema version ${found.schemaVersion}, this plugin reads version ${ROLLUP_SCHEMA_VERSION}`,
    };
  }
  if (found.sourceTable !== s.usageTable || found.timeAxis !== s.timeAxis) {
    return {
      use: false,
      reason: `the rollups were built from ${found.sourceTable} on ${found.timeAxis}; this datasource reads ${s.usageTable} on ${s.timeAxis}`,
    };
  }
  if (found.refreshAgeMs > s.rollupMaxAgeSeconds * 1000) {
    return {
      use: false,
      reason: `the rollups were last refreshed ${Math.round(found.refreshAgeMs / 1000)} s ago, more than the ${s.rollupMaxAgeSeconds} s the settings allow`,
    };
  }
  return { use: true, watermarkMs: found.watermarkMs, state: found };
}

const minutes = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** The health check's line on the rollups: in use (with their lag and drift), or why not. */
export function rollupHealth(
  found: RollupState | null | { unreadable: string },
  s: LedgerSettings
): { status: 'ok' | 'warning'; message: string } {
  const use = rollupUse(found, s);
  if (!use.use) {
    if (s.rollups === 'off' || (found !== null && 'unreadable' in found && /no rollup tables/.test(found.unreadable))) {
      // Without rollups everything works as it always did, only long ranges read more rows.
      return { status: 'ok', message: `Rollups not used: ${use.reason}; every query reads ${s.usageTable}.` };
    }
    return { status: 'warning', message: `Rollups not used: ${use.reason}; every query reads ${s.usageTable}.` };
  }
  const st = use.state;
  const parts = [
    `Rollups in use: refreshed ${minutes(st.refreshAgeMs ?? 0)} ago, complete up to ${new Date(use.watermarkMs).toISOString()} (${minutes(st.nowMs - use.watermarkMs)} behind; the rest is read from ${s.usageTable}).`,
  ];
  if (st.reconcileAgeMs === null) {
    parts.push('Not reconciled with the usage table yet.');
  } else {
    parts.push(
      `Reconciled ${minutes(st.reconcileAgeMs)} ago: ${st.reconcileDays ?? 0} days compared, ${st.driftDaysLast ?? 0} differed and were rebuilt (${st.driftDaysTotal} in all).`
    );
  }
  return { status: (st.driftDaysLast ?? 0) > 0 ? 'warning' : 'ok', message: parts.join(' ') };
}
