/**
 * Time buckets for time series: the panel's interval, widened so that the range has at most
 * `maxDataPoints` buckets, then rounded up to whole seconds, minutes, hours or days (a bucket of an
 * hour or more is whole hours, of half a day or more whole days), so that the rollup tables' hours
 * and days fall in exactly one bucket each. SQL returns a bucket index per row (the time axis
 * divided by the bucket size, in integer arithmetic that needs no session time zone); the frame is
 * filled with every bucket of the range, empty ones as zero.
 */
import { column, type LedgerTable } from './sql';
import type { LedgerSettings } from '../settings';

export const MIN_BUCKET_MS = 1000;
/**
 * A bucket size is whole days from half a day on, else whole hours, minutes or seconds: the largest
 * unit it reaches (a bucket of 14.4 h becomes a day, so that it is served by the day rollups).
 */
const SNAP_UNITS: Array<[number, number]> = [
  [43_200_000, 86_400_000],
  [3_600_000, 3_600_000],
  [60_000, 60_000],
  [MIN_BUCKET_MS, MIN_BUCKET_MS],
];
const DEFAULT_MAX_POINTS = 1000;
/** Even a wide panel never gets more buckets than this from one query. */
const MAX_BUCKETS = 10_000;

export interface Buckets {
  sizeMs: number;
  /** Index of the first and last bucket of the range. */
  first: number;
  last: number;
}

export function buckets(fromMs: number, toMs: number, intervalMs: number, maxDataPoints: number): Buckets {
  const span = Math.max(0, toMs - fromMs);
  const points = Math.min(maxDataPoints > 0 ? maxDataPoints : DEFAULT_MAX_POINTS, MAX_BUCKETS);
  const wanted = Math.max(MIN_BUCKET_MS, intervalMs || 0, Math.ceil(span / points));
  const unit = SNAP_UNITS.find(([from]) => wanted >= from)?.[1] ?? MIN_BUCKET_MS;
  const sizeMs = Math.ceil(wanted / unit) * unit;
  return { sizeMs, first: Math.floor(fromMs / sizeMs), last: Math.floor(toMs / sizeMs) };
}

/**
 * SQL for a row's bucket index, and its parameter (the bucket size in the axis's unit). DATETIME
 * axes use TIMESTAMPDIFF from the epoch, which is plain arithmetic on the stored value (no
 * UNIX_TIMESTAMP, whose result depends on the session time zone).
 */
export function bucketIndex(
  s: LedgerSettings,
  table: LedgerTable,
  sizeMs: number,
  alias?: string
): { sql: string; params: number[] } {
  if (table === 'usage' && s.timeAxis === 'timestamp') {
    return {
      sql: `TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ${column(s.usageColumns.timestamp, alias)}) DIV ?`,
      params: [sizeMs / 1000],
    };
  }
  const name = table === 'usage' ? s.usageColumns.createTime : s.auditColumns.createTime;
  return { sql: `${column(name, alias)} DIV ?`, params: [sizeMs] };
}

/** Bucket start times (epoch ms) of the whole range, for filling. */
export function bucketTimes(b: Buckets): number[] {
  const out: number[] = [];
  for (let i = b.first; i <= b.last; i++) {
    out.push(i * b.sizeMs);
  }
  return out;
}
