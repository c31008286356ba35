/**
 * The datasource's view of the rollups: the state row, read at most every few seconds per datasource
 * instance (a page's queries arrive together and share one read), and the plan of each query.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { runSelect } from '../db/run';
import { PluginError } from '../errors';
import type { LedgerCall } from '../services/ledger';
import type { RequestContext } from '../services/requestContext';
import type { Statement, TimeRange } from '../queries/sql';
import { GRAINS } from './grains';
import { planRange, type PlanNeeds, type RangePlan } from './planner';
import { READ_STATE, rollupUse, stateOf, type RollupState, type RollupUse } from './state';

/** How long a read state row is reused; the job refreshes every minute by default. */
const STATE_TTL_MS = 5_000;
/** How long "no rollups here" is believed before the table is looked for again. */
const MISSING_TTL_MS = 30_000;

export type FoundState = RollupState | null | { unreadable: string };

interface Cached {
  expires: number;
  found: Promise<FoundState>;
}

const cache = new WeakMap<object, Cached>();

async function readState(call: LedgerCall, ctx: RequestContext): Promise<FoundState> {
  try {
    const rows = await runSelect<RowDataPacket>(call.ds, READ_STATE, {
      signal: ctx.signal,
      timeoutSeconds: call.settings.queryTimeoutSeconds,
    });
    return stateOf(rows);
  } catch (err) {
    if (err instanceof PluginError && (err.code === 'db.schema' || err.code === 'db.access_denied')) {
      return {
        unreadable:
          err.code === 'db.schema'
            ? 'there are no rollup tables in this database (schema/mysql/003_rollups.sql)'
            : "the datasource's user may not read the rollup tables (schema/mysql/004_rollup_user.sql grants it)",
      };
    }
    throw err;
  }
}

/** The rollup state as this datasource instance last read it, read again when older than a few seconds. */
export function foundState(call: LedgerCall, ctx: RequestContext): Promise<FoundState> {
  const now = Date.now();
  const cached = cache.get(call.ds);
  if (cached && cached.expires > now) {
    return cached.found;
  }
  const found = readState(call, ctx);
  cache.set(call.ds, { expires: now + STATE_TTL_MS, found });
  found.then(
    (value) => {
      if (value !== null && 'unreadable' in value) {
        cache.set(call.ds, { expires: Date.now() + MISSING_TTL_MS, found });
      }
    },
    // A failed read (MySQL unreachable) is not kept: the next query asks again.
    () => cache.delete(call.ds)
  );
  return found;
}

/** Forgets the state: a statement that read the rollups failed, so they are looked for again later. */
export function forgetState(call: LedgerCall, reason: string): void {
  cache.set(call.ds, { expires: Date.now() + MISSING_TTL_MS, found: Promise.resolve({ unreadable: reason }) });
}

export async function rollupsFor(call: LedgerCall, ctx: RequestContext): Promise<RollupUse> {
  if (call.settings.rollups === 'off') {
    return rollupUse(null, call.settings);
  }
  return rollupUse(await foundState(call, ctx), call.settings);
}

/** The query's plan: whole buckets from the rollups where they may answer, else undefined (all raw). */
export async function planFor(
  call: LedgerCall,
  range: TimeRange,
  needs: PlanNeeds,
  ctx: RequestContext
): Promise<RangePlan | undefined> {
  const use = await rollupsFor(call, ctx);
  if (!use.use) {
    return undefined;
  }
  const plan = planRange(range, use.watermarkMs, needs);
  return plan.rollups.length > 0 ? plan : undefined;
}

/**
 * Runs the statement `build` makes for the plan. When a statement that reads the rollups fails because
 * a rollup table is missing or not granted, the raw table answers instead (and the rollups are looked
 * for again later): a half-installed rollup setup never fails a panel.
 */
export async function selectPlanned<T extends object>(
  call: LedgerCall,
  plan: RangePlan | undefined,
  build: (plan: RangePlan | undefined) => Statement,
  ctx: RequestContext
): Promise<{ rows: T[]; plan: RangePlan | undefined }> {
  const options = { signal: ctx.signal, timeoutSeconds: call.settings.queryTimeoutSeconds };
  const select = (statement: Statement): Promise<T[]> => {
    // Within one request, a statement another query already ran (or is running) is not run again.
    const key = `${statement.sql}\u0000${JSON.stringify(statement.params)}`;
    let answer = ctx.statements?.get(key) as Promise<T[]> | undefined;
    if (!answer) {
      answer = runSelect<T & RowDataPacket>(call.ds, statement, options);
      ctx.statements?.set(key, answer);
    }
    return answer;
  };
  try {
    return { rows: await select(build(plan)), plan };
  } catch (err) {
    if (plan && err instanceof PluginError && (err.code === 'db.schema' || err.code === 'db.access_denied')) {
      ctx.logger.warn('reading the rollups failed; the raw table answers', { error: err.message });
      forgetState(call, `reading the rollups failed: ${err.message}`);
      return { rows: await select(build(undefined)), plan: undefined };
    }
    throw err;
  }
}

/**
 * Says in the frame's meta (`custom.rollups`) which rollup tables answered which part of the range,
 * so that the query inspector shows where the figures came from. Nothing when the raw table did.
 */
export function withSource<F extends { meta?: { custom?: unknown } }>(frame: F, plan: RangePlan | undefined): F {
  if (!plan) {
    return frame;
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const custom = (frame.meta?.custom ?? {}) as Record<string, unknown>;
  return {
    ...frame,
    meta: {
      ...frame.meta,
      custom: {
        ...custom,
        rollups: plan.rollups.map((p) => ({ table: GRAINS[p.grain].table, from: iso(p.fromMs), to: iso(p.toMs) })),
      },
    },
  };
}
