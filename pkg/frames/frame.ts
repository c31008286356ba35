/**
 * Grafana's data frame, as the backend builds it before encoding. Field types are the few the Go
 * SDK reads back without conversion (grafana-plugin-sdk-go's data/arrow.go); each maps to one Arrow type
 * and one JSON `typeInfo.frame` name.
 */

/** `time`: epoch milliseconds as number, or epoch nanoseconds as bigint. */
export type FieldType = 'time' | 'float64' | 'int64' | 'string' | 'boolean' | 'json';

/** JSON fields also take objects and arrays, written with JSON.stringify. */
export type FieldValue = number | bigint | string | boolean | null | Record<string, unknown> | unknown[];

export interface FieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  description?: string;
  links?: Array<{ title: string; url: string; targetBlank?: boolean }>;
  custom?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Field {
  name: string;
  type: FieldType;
  /** Nullable fields may hold `null`; a non-nullable field with a null is an encoder error. */
  nullable?: boolean;
  values: ArrayLike<FieldValue>;
  labels?: Record<string, string>;
  config?: FieldConfig;
}

export type NoticeSeverity = 'info' | 'warning' | 'error';

export interface Notice {
  severity: NoticeSeverity;
  text: string;
  link?: string;
  inspect?: number;
}

/** The subset of the SDK's FrameMeta we use; keys and meanings as in grafana-plugin-sdk-go data/frame_meta.go. */
export interface FrameMeta {
  type?: string;
  typeVersion?: [number, number];
  path?: string;
  custom?: unknown;
  stats?: Array<{ displayName: string; value: number; unit?: string }>;
  notices?: Notice[];
  preferredVisualisationType?: string;
  executedQueryString?: string;
  dataTopic?: string;
}

export interface Frame {
  name?: string;
  refId?: string;
  meta?: FrameMeta;
  fields: Field[];
}

/** TypeScript type names Grafana's frontend uses (`tstype` in Arrow, `type` in JSON). */
export const TS_TYPE: Record<FieldType, string> = {
  time: 'time',
  float64: 'number',
  int64: 'number',
  string: 'string',
  boolean: 'boolean',
  json: 'other',
};

/** The Go SDK's item type names (JSON `typeInfo.frame`). */
export const GO_TYPE: Record<FieldType, string> = {
  time: 'time.Time',
  float64: 'float64',
  int64: 'int64',
  string: 'string',
  boolean: 'bool',
  json: 'json.RawMessage',
};

/** Checks a frame before encoding: equal column lengths and no null in a non-nullable field. */
export function assertFrameShape(frame: Frame): number {
  const rows = frame.fields.length > 0 ? frame.fields[0].values.length : 0;
  for (const field of frame.fields) {
    if (field.values.length !== rows) {
      throw new Error(
        `frame ${frame.name ?? ''}: field ${field.name} has ${field.values.length} values, expected ${rows}`
      );
    }
    if (!field.nullable) {
      for (let i = 0; i < rows; i++) {
        if (field.values[i] === null || field.values[i] === undefined) {
          throw new Error(`frame ${frame.name ?? ''}: field ${field.name} is not nullable but row ${i} is null`);
        }
      }
    }
  }
  return rows;
}

/** Epoch nanoseconds of a time value (number = ms, possibly fractional; bigint = ns). */
export function toEpochNanos(value: number | bigint): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  const wholeMs = Math.floor(value);
  const subMsNanos = Math.round((value - wholeMs) * 1e6);
  return BigInt(wholeMs) * 1_000_000n + BigInt(subMsNanos);
}
