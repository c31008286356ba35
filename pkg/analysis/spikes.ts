/**
 * Spend spikes against each series' own trailing baseline, robustly: the median and the median
 * absolute deviation (MAD) of the previous window, so one earlier spike does not hide the next.
 * score = (value − median) / (1.4826 × MAD), the number of standard deviations for normal data.
 */
export interface Spike {
  index: number;
  value: number;
  median: number;
  mad: number;
  score: number;
}

export function median(values: number[]): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_SIGMA = 1.4826;

/**
 * @param series values per bucket, oldest first, starting `window` buckets before the first one checked
 * @param window buckets of history each bucket is compared with
 */
/** Every bucket from `window` on, scored against the `window` buckets before it. */
export function scoreSeries(series: number[], window: number): Spike[] {
  const scored: Spike[] = [];
  for (let i = window; i < series.length; i++) {
    const history = series.slice(i - window, i);
    const m = median(history);
    const mad = median(history.map((v) => Math.abs(v - m)));
    // A flat history (MAD 0) would make any change infinite: a floor of 5 % of the median, or a
    // millionth of a dollar for a history of zeros, keeps the score finite and still large.
    const sigma = Math.max(MAD_TO_SIGMA * mad, 0.05 * m, 1e-6);
    scored.push({ index: i, value: series[i], median: m, mad, score: (series[i] - m) / sigma });
  }
  return scored;
}

export function isSpike(s: Spike, threshold: number, minValue: number): boolean {
  return s.value > s.median && s.value >= minValue && s.score >= threshold;
}

export function detectSpikes(series: number[], window: number, threshold: number, minValue: number): Spike[] {
  return scoreSeries(series, window).filter((s) => isSpike(s, threshold, minValue));
}
