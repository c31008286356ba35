/**
 * Reading the ledger's frames through the result contract (src/shared/resultFrames.ts): fields are
 * found by their declared name, so a frame with extra or reordered fields still reads.
 */
import { MappingType, type DataFrame } from '@grafana/data';
import type { ResultField } from '../../shared/resultFrames';

/** The values of a declared field; empty when the frame lacks it. */
export function valuesOf(frame: DataFrame, field: ResultField): unknown[] {
  const found = frame.fields.find((f) => f.name === field.name);
  return found ? Array.from(found.values as ArrayLike<unknown>) : [];
}

/**
 * The names the ledger sent for a declared field's values (tenants and users: Grafana value mappings
 * of type `value`, see pkg/services/nameFrames.ts): id → name. Empty when the field has none (names
 * off, the tables missing, or users for a role not allowed personal data); the values stay ids.
 */
export function namesOf(frame: DataFrame, field: ResultField): Map<string, string> {
  const found = frame.fields.find((f) => f.name === field.name);
  const names = new Map<string, string>();
  for (const mapping of found?.config.mappings ?? []) {
    if (mapping.type === MappingType.ValueToText) {
      for (const [value, result] of Object.entries(mapping.options)) {
        if (result.text !== undefined) {
          names.set(value, result.text);
        }
      }
    }
  }
  return names;
}
