/**
 * Reading the ledger's frames through the result contract (src/shared/resultFrames.ts): fields are
 * found by their declared name, so a frame with extra or reordered fields still reads.
 */
import type { DataFrame } from '@grafana/data';
import type { ResultField } from '../../shared/resultFrames';

/** The values of a declared field; empty when the frame lacks it. */
export function valuesOf(frame: DataFrame, field: ResultField): unknown[] {
  const found = frame.fields.find((f) => f.name === field.name);
  return found ? Array.from(found.values as ArrayLike<unknown>) : [];
}
