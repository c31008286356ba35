/**
 * The effective-dated price list that prices usage rows stored without a cost. Each model's prices
 * form back-to-back intervals: the built-in catalog's price from the beginning of time until the
 * model's first datasource entry, then each entry until the next. A row is priced by the interval
 * its own time falls in, so history is never repriced with today's price.
 */
import type { PriceOverride } from '../../src/shared/datasourceSettings';
import { modelKey } from '../../src/shared/pricing';
import { CATALOG_PRICES } from './catalog.generated';

export { modelKey };

export interface PriceInterval {
  model: string;
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, exclusive. */
  toMs: number;
  inputPerMillion: number;
  outputPerMillion: number;
  source: 'catalog' | 'datasource';
}

/** The far end of the last interval: 9999-12-31, still a valid DATETIME. */
export const END_OF_TIME_MS = Date.UTC(9999, 11, 31);

export function priceIntervals(overrides: PriceOverride[]): PriceInterval[] {
  const byModel = new Map<string, PriceInterval[]>();
  for (const [model, input, output] of CATALOG_PRICES) {
    byModel.set(model, [
      { model, fromMs: 0, toMs: END_OF_TIME_MS, inputPerMillion: input, outputPerMillion: output, source: 'catalog' },
    ]);
  }
  const sorted = [...overrides].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0
  );
  for (const o of sorted) {
    const model = modelKey(o.model);
    const fromMs = Date.parse(`${o.effectiveFrom}T00:00:00Z`);
    const list = byModel.get(model) ?? [];
    // The entry ends the interval it starts in; entries of the same day: the last one listed wins.
    const open = list.findIndex((p) => p.fromMs <= fromMs && fromMs < p.toMs);
    if (open >= 0) {
      list[open] = { ...list[open], toMs: fromMs };
      if (list[open].fromMs === fromMs) {
        list.splice(open, 1);
      }
    }
    list.push({
      model,
      fromMs,
      toMs: END_OF_TIME_MS,
      inputPerMillion: o.inputPerMillion,
      outputPerMillion: o.outputPerMillion,
      source: 'datasource',
    });
    byModel.set(model, list);
  }
  return [...byModel.values()].flat();
}

/** The intervals that overlap [fromMs, toMs]: the only ones a query over that range can use. */
export function intervalsInRange(intervals: PriceInterval[], fromMs: number, toMs: number): PriceInterval[] {
  return intervals.filter((p) => p.fromMs <= toMs && p.toMs > fromMs);
}
