import { testSettings } from '../testing/settings';
import { bucketIndex, bucketTimes, buckets } from './buckets';

const HOUR = 3_600_000;

describe('buckets', () => {
  it.each([
    ['the panel interval when it fits', 0, 24 * HOUR, 60_000, 2000, 60_000],
    ['widened to max data points, in whole minutes (14.4 min → 15 min)', 0, 24 * HOUR, 1000, 100, 900_000],
    ['at least one second', 0, 10_000, 10, 1000, 1000],
    ['rounded up to whole seconds', 0, 1_000_500, 0, 1000, 2000],
    ['at most 10 000 buckets whatever the panel asks', 0, 1000 * HOUR, 1000, 1_000_000, 360_000],
    ['90 days on 1,000 points: 7,776 s rounded up to whole hours (3 h)', 0, 90 * 24 * HOUR, 0, 1000, 3 * HOUR],
    ['an interval of an hour or more is whole hours (90 min → 2 h)', 0, 24 * HOUR, 90 * 60_000, 1000, 2 * HOUR],
    ['a day or more is whole days (25 h → 2 days)', 0, 30 * 24 * HOUR, 25 * HOUR, 1000, 48 * HOUR],
    ['half a day or more is whole days (30 days on 50 points: 14.4 h → 1 day)', 0, 30 * 24 * HOUR, HOUR, 50, 24 * HOUR],
    ['just under half a day stays in hours (11.5 h → 12 h)', 0, 24 * HOUR, 11.5 * HOUR, 1000, 12 * HOUR],
  ])('%s', (_label, from, to, interval, points, size) => {
    expect(buckets(from, to, interval, points).sizeMs).toBe(size);
  });

  it('lists every bucket start of the range, aligned to the size', () => {
    const b = buckets(90_000, 250_000, 60_000, 1000);
    expect(b).toEqual({ sizeMs: 60_000, first: 1, last: 4 });
    expect(bucketTimes(b)).toEqual([60_000, 120_000, 180_000, 240_000]);
  });

  it.each([
    [
      'timestamp',
      { timeAxis: 'timestamp' },
      'usage',
      "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', `timestamp`) DIV ?",
      [60],
    ],
    ['create_time', { timeAxis: 'create_time' }, 'usage', '`create_time` DIV ?', [60_000]],
    ['audit', {}, 'audit', '`create_time` DIV ?', [60_000]],
  ] as const)('index SQL on the %s axis', (_label, settings, table, sql, params) => {
    expect(bucketIndex(testSettings(settings), table, 60_000)).toEqual({ sql, params });
  });
});
