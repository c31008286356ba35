/**
 * When traffic happens: a weight for every hour of the window (UTC), from a daily curve (office-hours
 * peaks, night trough), a weekly factor (weekends about a third of a weekday), slow growth and a
 * little day-to-day noise; plus where the spend spike goes. Row counts per hour follow from the
 * weights by largest-remainder rounding, so the total is exact.
 */
import { Rng } from './prng';
import { tenantByName, type Tenant } from './catalog';

export const HOUR_MS = 3600000;
export const DAY_MS = 86400000;

/** Relative traffic per UTC hour of a weekday: trough 02–04, peaks late morning and mid-afternoon. */
export const HOURLY_WEIGHTS: readonly number[] = [
  0.22, 0.18, 0.15, 0.14, 0.15, 0.2, 0.32, 0.55, 0.8, 0.95, 1.0, 0.97, 0.85, 0.92, 1.0, 0.98, 0.9, 0.75, 0.6, 0.5, 0.43,
  0.37, 0.31, 0.26,
];

/** Relative traffic per UTC weekday, Sunday first. */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.32, 0.96, 1.0, 1.02, 0.98, 0.88, 0.36];

/** Growth of traffic per day (compounded), so the last weeks are busier than the first. */
export const DAILY_GROWTH = 0.0035;

/** Log-space standard deviation of the day-to-day noise. */
export const DAY_NOISE_SIGMA = 0.08;

/** Weekend days follow a flatter curve (batch jobs, few people). */
function hourWeight(hour: number, weekday: number): number {
  const curve = HOURLY_WEIGHTS[hour]!;
  return weekday === 0 || weekday === 6 ? 0.45 * curve + 0.55 * 0.5 : curve;
}

export interface Window {
  /** Inclusive start, epoch ms: end - days. */
  start: number;
  /** Exclusive end, epoch ms. */
  end: number;
  days: number;
  /** Number of hour slots: slot i covers [start + i h, start + (i + 1) h). */
  slots: number;
}

export function windowOf(end: Date, days: number): Window {
  const endMs = end.getTime();
  if (!Number.isFinite(endMs)) {
    throw new Error('end is not a valid date');
  }
  if (!Number.isInteger(days) || days < 1 || days > 3660) {
    throw new Error(`days must be an integer from 1 to 3660, not ${days}`);
  }
  return { start: endMs - days * DAY_MS, end: endMs, days, slots: days * 24 };
}

/** Base traffic weight of every hour slot (day-to-day noise drawn from `rng`). */
export function slotWeights(win: Window, rng: Rng): Float64Array {
  const weights = new Float64Array(win.slots);
  const firstDay = Math.floor(win.start / DAY_MS);
  const lastDay = Math.floor((win.end - 1) / DAY_MS);
  const noise = new Map<number, number>();
  for (let day = firstDay; day <= lastDay; day++) {
    noise.set(day, Math.exp(DAY_NOISE_SIGMA * rng.normal()));
  }
  for (let i = 0; i < win.slots; i++) {
    const mid = win.start + i * HOUR_MS + HOUR_MS / 2;
    const date = new Date(mid);
    const day = Math.floor(mid / DAY_MS);
    const age = (win.end - mid) / DAY_MS;
    weights[i] =
      hourWeight(date.getUTCHours(), date.getUTCDay()) *
      WEEKDAY_WEIGHTS[date.getUTCDay()]! *
      Math.pow(1 + DAILY_GROWTH, -age) *
      noise.get(day)!;
  }
  return weights;
}

/**
 * Splits `total` into integers proportional to `weights` (largest remainder, ties to the lower
 * index), so that they sum to exactly `total`.
 */
export function apportion(total: number, weights: ArrayLike<number>): Int32Array {
  const counts = new Int32Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
  }
  if (total === 0 || weights.length === 0) {
    return counts;
  }
  if (!(sum > 0)) {
    throw new Error('cannot apportion over zero weights');
  }
  const remainders: Array<[number, number]> = [];
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    const exact = (total * weights[i]!) / sum;
    const whole = Math.floor(exact);
    counts[i] = whole;
    assigned += whole;
    remainders.push([exact - whole, i]);
  }
  remainders.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; k < total - assigned; k++) {
    counts[remainders[k]![1]]!++;
  }
  return counts;
}

/** The spend spike: one tenant's runaway agent on one model for a few hours of one weekday. */
export interface Spike {
  tenant: Tenant;
  model: string;
  /** UTC midnight of the spike day, epoch ms. */
  day: number;
  /** The spike hours [start, end), epoch ms. */
  start: number;
  end: number;
  /** Extra rows in the spike, relative to the tenant's average daily rows. */
  extraRowsFactor: number;
}

export const SPIKE_TENANT = 'Bluefin Legal';
export const SPIKE_MODEL = 'claude-sonnet-4-20250514';
/** 13:00–19:00 UTC. */
export const SPIKE_FIRST_HOUR = 13;
export const SPIKE_HOURS = 6;
export const SPIKE_EXTRA_ROWS_FACTOR = 0.5;

/**
 * The whole UTC day (days since the epoch) nearest to `fraction` of the window whose weekday is
 * accepted: searched forward first, then backward; the target itself when none qualifies.
 */
export function dayInWindow(win: Window, fraction: number, weekdays: readonly number[]): number {
  const firstDay = Math.ceil(win.start / DAY_MS);
  const lastDay = Math.max(firstDay, Math.floor(win.end / DAY_MS) - 1); // last whole day
  const target = Math.min(lastDay, firstDay + Math.floor((lastDay - firstDay + 1) * fraction));
  const ok = (day: number) => weekdays.includes(new Date(day * DAY_MS).getUTCDay());
  for (let day = target; day <= lastDay; day++) {
    if (ok(day)) {
      return day;
    }
  }
  for (let day = target - 1; day >= firstDay; day--) {
    if (ok(day)) {
      return day;
    }
  }
  return target;
}

/**
 * Where the spike goes for a window; it depends only on the window, not on the seed. The day is
 * about three quarters into the window (so that there are weeks of history before it and some days
 * after), on the nearest Tuesday, Wednesday or Thursday.
 */
export function spikeOf(win: Window): Spike {
  const day = dayInWindow(win, 0.75, [2, 3, 4]);
  const dayStart = day * DAY_MS;
  const start = Math.max(win.start, dayStart + SPIKE_FIRST_HOUR * HOUR_MS);
  const end = Math.min(win.end, dayStart + (SPIKE_FIRST_HOUR + SPIKE_HOURS) * HOUR_MS);
  return {
    tenant: tenantByName(SPIKE_TENANT),
    model: SPIKE_MODEL,
    day: dayStart,
    start,
    end,
    extraRowsFactor: SPIKE_EXTRA_ROWS_FACTOR,
  };
}
