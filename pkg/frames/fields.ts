/**
 * Frames from the result contract (src/shared/resultFrames.ts): a field takes its name, type,
 * nullability, unit, display name and description from its declaration, so what the backend sends
 * is what pages and dashboards find.
 */
import type { ResultField } from '../../src/shared/resultFrames';
import type { Field, FieldConfig, FieldValue } from './frame';

export interface FieldExtras {
  /** Series labels (time series frames). */
  labels?: Record<string, string>;
  /** Config beyond the declaration's, e.g. a series' `displayNameFromDS`. */
  config?: FieldConfig;
}

/** One field of a declared shape with these values. */
export function fieldOf(spec: ResultField, values: ArrayLike<FieldValue>, extras: FieldExtras = {}): Field {
  const config: FieldConfig = {};
  if (spec.unit !== undefined) {
    config.unit = spec.unit;
  }
  if (spec.displayName !== undefined) {
    config.displayName = spec.displayName;
  }
  if (spec.description !== undefined) {
    config.description = spec.description;
  }
  Object.assign(config, extras.config);
  const field: Field = { name: spec.name, type: spec.type, values };
  if (spec.nullable) {
    field.nullable = true;
  }
  if (extras.labels) {
    field.labels = extras.labels;
  }
  if (Object.keys(config).length > 0) {
    field.config = config;
  }
  return field;
}

/** A column of a frame built from rows: its declaration and the value it takes from a row. */
export type Column<R> = readonly [ResultField, (row: R) => FieldValue];

/** One field per column, in the columns' order, with a value per row. */
export function fieldsOf<R>(rows: readonly R[], columns: ReadonlyArray<Column<R>>): Field[] {
  return columns.map(([spec, value]) => fieldOf(spec, rows.map(value)));
}
