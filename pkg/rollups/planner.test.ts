import { DAY_MS as D, HOUR_MS as H } from './grains';
import { planRange, type PlanNeeds, type RangePlan } from './planner';

const T0 = Date.UTC(2026, 10, 1); // a Sunday, midnight
const W = T0 + 40 * D + 5 * H; // watermark: 5 am on day 40

describe('planRange', () => {
  it.each<[string, number, number, PlanNeeds, RangePlan]>([
    [
      'whole days from the day table, the hours around them from the hour table, the rest raw',
      T0 + 3 * H + 17,
      W + 30 * 60_000,
      { user: false },
      {
        rollups: [
          { grain: 'hour', fromMs: T0 + 4 * H, toMs: T0 + D },
          { grain: 'day', fromMs: T0 + D, toMs: T0 + 40 * D },
          { grain: 'hour', fromMs: T0 + 40 * D, toMs: W },
        ],
        raw: [
          { fromMs: T0 + 3 * H + 17, toMs: T0 + 4 * H - 1 },
          { fromMs: W, toMs: W + 30 * 60_000 },
        ],
      },
    ],
    [
      'an aligned range ending before the watermark: no raw part (the end is inclusive: to = next midnight − 1)',
      T0,
      T0 + 7 * D - 1,
      { user: false },
      { rollups: [{ grain: 'day', fromMs: T0, toMs: T0 + 7 * D }], raw: [] },
    ],
    [
      'an end on the exact midnight: that millisecond is raw',
      T0,
      T0 + 7 * D,
      { user: false },
      {
        rollups: [{ grain: 'day', fromMs: T0, toMs: T0 + 7 * D }],
        raw: [{ fromMs: T0 + 7 * D, toMs: T0 + 7 * D }],
      },
    ],
    [
      'users: whole days from the day × user table, the hours around them from the hour × user table',
      T0 + 3 * H,
      W,
      { user: true },
      {
        rollups: [
          { grain: 'hourUser', fromMs: T0 + 3 * H, toMs: T0 + D },
          { grain: 'dayUser', fromMs: T0 + D, toMs: T0 + 40 * D },
          { grain: 'hourUser', fromMs: T0 + 40 * D, toMs: W },
        ],
        raw: [{ fromMs: W, toMs: W }],
      },
    ],
    [
      'three-hour buckets: hours only (a day row serves only buckets of whole days)',
      T0,
      T0 + 3 * D - 1,
      { user: false, bucketMs: 3 * H },
      { rollups: [{ grain: 'hour', fromMs: T0, toMs: T0 + 3 * D }], raw: [] },
    ],
    [
      'daily buckets: days and hours',
      T0 + 12 * H,
      T0 + 3 * D - 1,
      { user: false, bucketMs: D },
      {
        rollups: [
          { grain: 'hour', fromMs: T0 + 12 * H, toMs: T0 + D },
          { grain: 'day', fromMs: T0 + D, toMs: T0 + 3 * D },
        ],
        raw: [],
      },
    ],
    [
      'buckets of 15 minutes: raw only (an hour spans four of them)',
      T0,
      T0 + D,
      { user: false, bucketMs: 15 * 60_000 },
      { rollups: [], raw: [{ fromMs: T0, toMs: T0 + D }] },
    ],
    [
      'users with hourly buckets: the hour × user table',
      T0,
      T0 + 3 * D,
      { user: true, bucketMs: H },
      {
        rollups: [{ grain: 'hourUser', fromMs: T0, toMs: T0 + 3 * D }],
        raw: [{ fromMs: T0 + 3 * D, toMs: T0 + 3 * D }],
      },
    ],
    [
      'users with buckets of 30 minutes: raw only',
      T0,
      T0 + 3 * D,
      { user: true, bucketMs: H / 2 },
      { rollups: [], raw: [{ fromMs: T0, toMs: T0 + 3 * D }] },
    ],
    [
      'everything above the watermark: raw only',
      W,
      W + 10 * H,
      { user: false },
      { rollups: [], raw: [{ fromMs: W, toMs: W + 10 * H }] },
    ],
    [
      'less than a whole hour below the watermark: raw only',
      W - H + 1,
      W + H,
      { user: false },
      { rollups: [], raw: [{ fromMs: W - H + 1, toMs: W + H }] },
    ],
  ])('%s', (_name, fromMs, toMs, needs, expected) => {
    expect(planRange({ fromMs, toMs }, W, needs)).toEqual(expected);
  });

  it('covers every millisecond of the range exactly once', () => {
    const cases: Array<[number, number, PlanNeeds]> = [
      [T0 + 123, W + 456, { user: false }],
      [T0 + 5 * H, T0 + 39 * D + 7 * H + 1, { user: true }],
      [T0 - 3 * D, W - 1, { user: false, bucketMs: 2 * D }],
    ];
    for (const [fromMs, toMs, needs] of cases) {
      const plan = planRange({ fromMs, toMs }, W, needs);
      const pieces = [
        ...plan.rollups.map((p) => [p.fromMs, p.toMs] as const),
        ...plan.raw.map((r) => [r.fromMs, r.toMs + 1] as const),
      ].sort((a, b) => a[0] - b[0]);
      expect(pieces[0][0]).toBe(fromMs);
      expect(pieces[pieces.length - 1][1]).toBe(toMs + 1);
      for (let i = 1; i < pieces.length; i++) {
        expect(pieces[i][0]).toBe(pieces[i - 1][1]);
      }
      expect(plan.rollups.every((p) => p.toMs <= W)).toBe(true);
    }
  });
});
