import { DAY_MS, forecastMonth, weekdayOf } from './forecast';
import { detectSpikes, median } from './spikes';

const dayIndex = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

describe('forecastMonth', () => {
  it.each([
    ['1970-01-01', 4],
    ['2026-11-26', 4],
    ['2026-11-29', 0],
    ['2026-11-28', 6],
  ])('%s is weekday %s', (iso, wd) => {
    expect(weekdayOf(dayIndex(iso))).toBe(wd);
  });

  it('projects the rest of the month with each weekday’s own average, not a straight line', () => {
    // Four weeks of history before Nov 16: weekdays 10/day, weekends 1/day; November so far the same.
    const daily = new Map<number, number>();
    for (let d = dayIndex('2026-10-19'); d <= dayIndex('2026-11-15'); d++) {
      daily.set(d, [0, 6].includes(weekdayOf(d)) ? 1 : 10);
    }
    const now = Date.parse('2026-11-16T00:00:00Z'); // a Monday, at midnight
    const f = forecastMonth(daily, now, 4);
    expect(f.weekdayAverages).toEqual([1, 10, 10, 10, 10, 10, 1]);
    // Nov 1–15 (Sun): weekdays Nov 2–6 and 9–13 (10 days) and 5 weekend days: 10*10 + 5*1.
    expect(f.spent).toBe(105);
    // Nov 16–30: 11 weekdays and 4 weekend days remain (today counted whole at midnight).
    expect(f.forecast).toBeCloseTo(105 + 11 * 10 + 4 * 1, 9);
    // A straight-line projection would have said 105 / 15 * 30 = 210.
    expect(f.forecast).not.toBeCloseTo(210, 0);
  });

  it('counts the elapsed part of today as spent and projects only the rest of it', () => {
    const daily = new Map<number, number>([[dayIndex('2026-11-02'), 6]]);
    for (let d = dayIndex('2026-10-05'); d < dayIndex('2026-11-02'); d++) {
      daily.set(d, 8);
    }
    const now = Date.parse('2026-11-02T06:00:00Z');
    const f = forecastMonth(daily, now, 4);
    expect(f.spent).toBe(8 + 6); // Nov 1 and the first hours of Nov 2
    expect(f.forecast).toBeCloseTo(14 + 8 * 0.75 + 28 * 8, 9);
    expect(f.monthStartMs).toBe(Date.UTC(2026, 10, 1));
    expect(f.monthEndMs).toBe(Date.UTC(2026, 11, 1));
  });
});

describe('detectSpikes', () => {
  it.each([
    [[1, 2, 3], 2],
    [[4, 1, 3, 2], 2.5],
    [[], 0],
  ])('median of %j is %s', (values, m) => {
    expect(median(values)).toBe(m);
  });

  it('flags a value far above a noisy baseline and nothing else', () => {
    const series = [10, 12, 9, 11, 10, 13, 9, 10, 11, 12, 60, 11];
    const spikes = detectSpikes(series, 7, 3.5, 0);
    expect(spikes.map((s) => s.index)).toEqual([10]);
    // The 7 values before it: 11, 10, 13, 9, 10, 11, 12 → median 11.
    expect(spikes[0]).toMatchObject({ value: 60, median: 11 });
    expect(spikes[0].score).toBeGreaterThan(10);
  });

  it('is not fooled by an earlier spike in the baseline (median, not mean)', () => {
    const series = [10, 11, 10, 100, 11, 10, 11, 50];
    expect(detectSpikes(series, 7, 3.5, 0).map((s) => s.index)).toEqual([7]);
  });

  it('respects the minimum value and the threshold', () => {
    const series = [0, 0, 0, 0, 0.5];
    expect(detectSpikes(series, 4, 3.5, 1)).toEqual([]);
    expect(detectSpikes(series, 4, 3.5, 0).map((s) => s.index)).toEqual([4]);
    expect(detectSpikes([10, 12, 9, 11, 14], 4, 100, 0)).toEqual([]);
  });
});
