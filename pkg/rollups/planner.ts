/**
 * Which part of a time range the rollups answer and which part the raw table does. Rollup buckets
 * are whole UTC hours or days below the watermark (every hour below it is in the rollups); whatever
 * does not fill a whole bucket, and everything from the watermark on, is read raw. The parts never
 * overlap and together cover the range exactly, so the sums of the parts are the sums of the range.
 */
import type { TimeRange } from '../queries/sql';
import { DAY_MS, GRAINS, HOUR_MS, type Grain } from './grains';

export interface RollupPart {
  grain: Grain;
  /** First instant of the first bucket (epoch ms). */
  fromMs: number;
  /** End of the last bucket, exclusive. */
  toMs: number;
}

export interface RangePlan {
  /** Read from the rollup tables. */
  rollups: RollupPart[];
  /** Read from the raw table; both ends inclusive, as the raw time filter is. */
  raw: TimeRange[];
}

export interface PlanNeeds {
  /** A user filter or grouping: only the tables by user know users. */
  user: boolean;
  /** A time series' bucket size: a rollup row must fall in exactly one bucket. */
  bucketMs?: number;
}

const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;
const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

/** The whole range from the raw table. */
export function rawOnly(range: TimeRange): RangePlan {
  return { rollups: [], raw: [range] };
}

/**
 * Splits [fromMs, toMs] (inclusive) at the rollup buckets below `watermarkMs` (a whole hour): whole
 * days from a day table, the whole hours around them from its hour table (by user when the query
 * needs users), the rest raw. Returns the raw-only plan when no whole hour fits or a time series'
 * bucket is not whole hours.
 */
export function planRange(range: TimeRange, watermarkMs: number, needs: PlanNeeds): RangePlan {
  const fits = (grain: Grain) => needs.bucketMs === undefined || needs.bucketMs % GRAINS[grain].ms === 0;
  const end = range.toMs + 1;
  const [hours, days]: [Grain, Grain] = needs.user ? ['hourUser', 'dayUser'] : ['hour', 'day'];
  if (!fits(hours) || watermarkMs % HOUR_MS !== 0) {
    return rawOnly(range);
  }
  const start = ceilTo(range.fromMs, HOUR_MS);
  const stop = floorTo(Math.min(end, watermarkMs), HOUR_MS);
  if (start >= stop) {
    return rawOnly(range);
  }
  const rollups: RollupPart[] = [];
  const dayStart = ceilTo(start, DAY_MS);
  const dayStop = floorTo(stop, DAY_MS);
  if (fits(days) && dayStart < dayStop) {
    if (start < dayStart) {
      rollups.push({ grain: hours, fromMs: start, toMs: dayStart });
    }
    rollups.push({ grain: days, fromMs: dayStart, toMs: dayStop });
    if (dayStop < stop) {
      rollups.push({ grain: hours, fromMs: dayStop, toMs: stop });
    }
  } else {
    rollups.push({ grain: hours, fromMs: start, toMs: stop });
  }
  const raw: TimeRange[] = [];
  if (range.fromMs < start) {
    raw.push({ fromMs: range.fromMs, toMs: start - 1 });
  }
  if (stop <= range.toMs) {
    raw.push({ fromMs: stop, toMs: range.toMs });
  }
  return { rollups, raw };
}
