/**
 * Month-end forecast of spend that follows the weekly rhythm: the rest of the month is projected
 * day by day with the average spend of the same weekday over the last weeks (weekends are not
 * priced like Mondays), the rest of today with the remaining share of today's weekday average.
 */
export const DAY_MS = 24 * 3600 * 1000;

/** 0 = Sunday … 6 = Saturday, for a UTC day index (days since 1970-01-01, a Thursday). */
export function weekdayOf(dayIndex: number): number {
  return (((dayIndex + 4) % 7) + 7) % 7;
}

export interface MonthForecast {
  monthStartMs: number;
  monthEndMs: number;
  /** Spend from the month's start to now. */
  spent: number;
  /** Spent plus the projected rest of the month. */
  forecast: number;
  /** Average spend per weekday over the lookback, Sunday first. */
  weekdayAverages: number[];
}

/**
 * @param daily spend per UTC day index (missing days spent nothing)
 * @param nowMs the moment the month-to-date ends (the query range's end)
 */
export function forecastMonth(daily: Map<number, number>, nowMs: number, lookbackWeeks: number): MonthForecast {
  const now = new Date(nowMs);
  const monthStartMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const monthEndMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const today = Math.floor(nowMs / DAY_MS);
  const firstDay = monthStartMs / DAY_MS;
  const lastDay = monthEndMs / DAY_MS - 1;

  let spent = 0;
  for (let d = firstDay; d <= today; d++) {
    spent += daily.get(d) ?? 0;
  }

  // Full days before today; every weekday appears `lookbackWeeks` times.
  const totals = new Array(7).fill(0);
  for (let d = today - 7 * lookbackWeeks; d < today; d++) {
    totals[weekdayOf(d)] += daily.get(d) ?? 0;
  }
  const weekdayAverages = totals.map((t) => t / lookbackWeeks);

  const restOfToday = (today + 1) * DAY_MS - nowMs;
  let projected = (weekdayAverages[weekdayOf(today)] * restOfToday) / DAY_MS;
  for (let d = today + 1; d <= lastDay; d++) {
    projected += weekdayAverages[weekdayOf(d)];
  }
  return { monthStartMs, monthEndMs, spent, forecast: spent + projected, weekdayAverages };
}
