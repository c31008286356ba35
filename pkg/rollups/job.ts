/**
 * The rollup refresh job: keeps the rollup tables equal to the raw usage table.
 *
 * A refresh (every minute by default):
 * 1. takes the lease in the state row (one job at a time, whatever the number of hosts);
 * 2. moves the watermark to the start of the hour that `closeDelay` ago was in: every hour below it
 *    is closed and gets built;
 * 3. rebuilds whole hours (by tenant and model, and by tenant, user and model) from the raw rows: the
 *    new ones, the last `recentHours` below the watermark, and the hours of rows written since the
 *    last run for a time below the watermark (late rows, found through the create_time index); then
 *    the closed days those hours belong to, from the hours;
 * 4. advances the watermark and records the run.
 * Each rebuild is one transaction that deletes the buckets and inserts them again, after checking
 * (with the state row locked) that the lease is still ours: a killed job leaves no half bucket, and
 * a job that lost its lease writes nothing more. Reads of the raw table run under READ COMMITTED, so
 * they take no locks that would hold up the application's inserts.
 *
 * A reconcile (nightly) compares every closed day of the last `reconcileDays` with the raw table
 * (requests, tokens, stored cost, calls without a cost), rebuilds the days that differ, and counts them.
 */
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Logger } from '../runtime/logger';
import type { LedgerSettings } from '../settings';
import type { Statement } from '../queries/sql';
import {
  clearRollup,
  ensureStateRow,
  holdLease,
  lateHours,
  rawDayTotals,
  rawExtent,
  rebuildDaysFromHours,
  rebuildFromRaw,
  recordReconcile,
  recordRefresh,
  releaseLease,
  resetState,
  rollupDayTotals,
  takeLease,
} from '../queries/rollup';
import { DAY_MS, HOUR_MS, ROLLUP_SCHEMA_VERSION, type Grain } from './grains';
import { num, READ_STATE, stateOf, type RollupState } from './state';

export interface JobOptions {
  /** Who holds the lease (host and pid). */
  owner: string;
  leaseSeconds: number;
  /** How long after an hour ends it is closed and built (rows still arriving for it are late rows). */
  closeDelayMs: number;
  /** Hours below the watermark rebuilt on every run, whatever was written. */
  recentHours: number;
  /** Rows written this long before the last run's high-water mark are looked at again (transactions in flight). */
  lateMarginMs: number;
  /** Most hours rebuilt in one transaction. */
  chunkHours: number;
  /** Closed days a reconcile compares with the raw table. */
  reconcileDays: number;
}

export const DEFAULT_JOB_OPTIONS: Omit<JobOptions, 'owner'> = {
  leaseSeconds: 300,
  closeDelayMs: 5 * 60_000,
  recentHours: 2,
  lateMarginMs: 10 * 60_000,
  chunkHours: 24,
  reconcileDays: 400,
};

export interface RefreshResult {
  /** Why nothing was done: the lease is held by another job. */
  skipped?: string;
  watermarkMs?: number;
  hours: number;
  days: number;
  lateHours: number;
  tookMs: number;
}

export interface ReconcileResult {
  skipped?: string;
  days: number;
  drift: number[];
  tookMs: number;
}

export class LeaseLost extends Error {
  constructor() {
    super('the rollup lease was lost (another job took it after it expired): stopping this run');
  }
}

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

/** Sorted, merged [from, to) ranges of whole units, each at most `maxUnits` long. */
export function ranges(indexes: Iterable<number>, unitMs: number, maxUnits: number): Array<[number, number]> {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === i * unitMs && (last[1] - last[0]) / unitMs < maxUnits) {
      last[1] += unitMs;
    } else {
      out.push([i * unitMs, (i + 1) * unitMs]);
    }
  }
  return out;
}

export class RollupJob {
  constructor(
    private readonly conn: Connection,
    private readonly settings: LedgerSettings,
    private readonly options: JobOptions,
    private readonly logger: Logger
  ) {}

  /** The session every statement runs in: UTC, and READ COMMITTED so that reading raw rows locks none. */
  async prepareSession(): Promise<void> {
    await this.conn.query("SET time_zone = '+00:00'");
    await this.conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
  }

  private async rows(statement: Statement): Promise<RowDataPacket[]> {
    const [rows] = await this.conn.query<RowDataPacket[]>(statement.sql, statement.params);
    return rows;
  }

  private async exec(statement: Statement): Promise<ResultSetHeader> {
    const [result] = await this.conn.query<ResultSetHeader>(statement.sql, statement.params);
    return result;
  }

  private async state(): Promise<RollupState | null> {
    return stateOf(await this.rows(READ_STATE));
  }

  /** Takes or renews the lease; false when another job holds it. */
  async lease(): Promise<boolean> {
    await this.exec(ensureStateRow(this.settings, ROLLUP_SCHEMA_VERSION));
    const result = await this.exec(takeLease(this.options.owner, this.options.leaseSeconds));
    return result.affectedRows === 1;
  }

  async release(): Promise<void> {
    await this.exec(releaseLease(this.options.owner));
  }

  /** Runs `statements` in one transaction, after checking the lease is still ours. */
  private async transaction(statements: Statement[]): Promise<void> {
    await this.conn.beginTransaction();
    try {
      if ((await this.rows(holdLease(this.options.owner))).length === 0) {
        throw new LeaseLost();
      }
      for (const statement of statements) {
        await this.exec(statement);
      }
      await this.conn.commit();
    } catch (err) {
      await this.conn.rollback().catch(() => {});
      throw err;
    }
  }

  /** The state row, reset (rollups emptied) when it describes another table, axis or layout. */
  private async currentState(): Promise<RollupState> {
    let state = await this.state();
    const s = this.settings;
    if (
      state &&
      (state.schemaVersion !== ROLLUP_SCHEMA_VERSION ||
        state.sourceTable !== s.usageTable ||
        state.timeAxis !== s.timeAxis)
    ) {
      this.logger.info('rollups describe another table, axis or layout: rebuilding them', {
        was: `${state.sourceTable} on ${state.timeAxis}, version ${state.schemaVersion}`,
        now: `${s.usageTable} on ${s.timeAxis}, version ${ROLLUP_SCHEMA_VERSION}`,
      });
      const grains: Grain[] = ['hour', 'day', 'hourUser', 'dayUser'];
      await this.transaction([...grains.map(clearRollup), resetState(s, ROLLUP_SCHEMA_VERSION)]);
      state = await this.state();
    }
    if (!state) {
      throw new Error('the rollup state row is missing after it was created');
    }
    return state;
  }

  /** Renews the lease when less than half of it is left, so that a long backfill keeps it. */
  private async keepLease(since: number): Promise<number> {
    if (Date.now() - since > (this.options.leaseSeconds * 1000) / 2) {
      if (!(await this.lease())) {
        throw new LeaseLost();
      }
      return Date.now();
    }
    return since;
  }

  /** Rebuilds the given hours, then the closed days they belong to; returns the days rebuilt. */
  private async rebuild(hours: Iterable<number>, closedBeforeMs: number, leased: number): Promise<[number, number]> {
    const o = this.options;
    for (const [from, to] of ranges(hours, HOUR_MS, o.chunkHours)) {
      await this.transaction([
        ...rebuildFromRaw(this.settings, 'hour', from, to),
        ...rebuildFromRaw(this.settings, 'hourUser', from, to),
      ]);
      leased = await this.keepLease(leased);
    }
    const days = new Set<number>();
    for (const h of hours) {
      const day = Math.floor((h * HOUR_MS) / DAY_MS);
      if ((day + 1) * DAY_MS <= closedBeforeMs) {
        days.add(day);
      }
    }
    for (const [from, to] of ranges(days, DAY_MS, 1)) {
      await this.transaction([
        ...rebuildDaysFromHours('hour', from, to),
        ...rebuildDaysFromHours('hourUser', from, to),
      ]);
      leased = await this.keepLease(leased);
    }
    return [days.size, leased];
  }

  /** One refresh; see the file's comment. */
  async refresh(): Promise<RefreshResult> {
    const started = Date.now();
    if (!(await this.lease())) {
      return { skipped: 'another job holds the rollup lease', hours: 0, days: 0, lateHours: 0, tookMs: 0 };
    }
    const o = this.options;
    const state = await this.currentState();
    const watermark = floorTo(state.nowMs - o.closeDelayMs, HOUR_MS);
    const [extent] = await this.rows(rawExtent(this.settings));
    const firstMs = num(extent?.first_ms);
    const ctHigh = num(extent?.ct_high);
    // Before the first run, everything from the first row's hour is new.
    const from = Math.min(state.watermarkMs ?? (firstMs === null ? watermark : floorTo(firstMs, HOUR_MS)), watermark);
    const hours = new Set<number>();
    for (let h = from / HOUR_MS; h < watermark / HOUR_MS; h++) {
      hours.add(h);
    }
    for (let h = from / HOUR_MS - o.recentHours; h < from / HOUR_MS; h++) {
      hours.add(h);
    }
    let late = 0;
    if (state.watermarkMs !== null && state.ctHighWater !== null) {
      for (const row of await this.rows(lateHours(this.settings, state.ctHighWater - o.lateMarginMs, from))) {
        const h = Number(row.hour_index);
        if (!hours.has(h)) {
          hours.add(h);
          late++;
        }
      }
    }
    const [days, leased] = await this.rebuild(hours, watermark, started);
    await this.keepLease(leased);
    const tookMs = Date.now() - started;
    await this.transaction([recordRefresh(watermark, ctHigh, tookMs, hours.size)]);
    return { watermarkMs: watermark, hours: hours.size, days, lateHours: late, tookMs };
  }

  /** Whether a reconcile is due: none yet, or the last one more than `everyMs` ago. */
  async reconcileDue(everyMs: number): Promise<boolean> {
    const state = await this.state();
    return (
      state !== null && state.watermarkMs !== null && (state.reconcileAgeMs === null || state.reconcileAgeMs >= everyMs)
    );
  }

  /** Compares closed days with the raw table and rebuilds those that differ; see the file's comment. */
  async reconcile(): Promise<ReconcileResult> {
    const started = Date.now();
    if (!(await this.lease())) {
      return { skipped: 'another job holds the rollup lease', days: 0, drift: [], tookMs: 0 };
    }
    const state = await this.currentState();
    if (state.watermarkMs === null) {
      return { skipped: 'the rollups have not been built yet', days: 0, drift: [], tookMs: 0 };
    }
    const below = floorTo(state.watermarkMs, DAY_MS);
    const from = below - this.options.reconcileDays * DAY_MS;
    const totals = (r: RowDataPacket, withKeys: boolean) =>
      [r.requests, r.input_tokens, r.output_tokens, r.stored_cost, r.null_requests, ...(withKeys ? [r.keys_crc] : [])]
        .map((v) => (v === null || v === undefined ? 'null' : String(v)))
        .join('|');
    const byDay = async (statement: Statement, withKeys: boolean) =>
      new Map((await this.rows(statement)).map((r) => [Number(r.day_index), totals(r, withKeys)]));
    const rawRows = await this.rows(rawDayTotals(this.settings, from, below));
    const raw = new Map(rawRows.map((r) => [Number(r.day_index), totals(r, false)]));
    const rawKeys = new Map(rawRows.map((r) => [Number(r.day_index), totals(r, true)]));
    // The hour and day tables carry no user: their totals must match; the day × user table's groups too.
    const [hour, day, hourUser, dayUser] = await Promise.all([
      byDay(rollupDayTotals('hour', from, below), false),
      byDay(rollupDayTotals('day', from, below), false),
      byDay(rollupDayTotals('hourUser', from, below), true),
      byDay(rollupDayTotals('dayUser', from, below), true),
    ]);
    const days = new Set([...raw.keys(), ...hour.keys(), ...day.keys(), ...hourUser.keys(), ...dayUser.keys()]);
    const drift = [...days]
      .filter(
        (d) =>
          hour.get(d) !== raw.get(d) ||
          day.get(d) !== raw.get(d) ||
          hourUser.get(d) !== rawKeys.get(d) ||
          dayUser.get(d) !== rawKeys.get(d)
      )
      .sort((a, b) => a - b);
    const hours = drift.flatMap((d) => Array.from({ length: 24 }, (_, i) => d * 24 + i));
    await this.rebuild(hours, below, started);
    await this.transaction([recordReconcile(days.size, drift.length)]);
    if (drift.length > 0) {
      this.logger.warn('rollup drift repaired', {
        days: drift.map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10)).join(' '),
      });
    }
    return { days: days.size, drift, tookMs: Date.now() - started };
  }
}
