/**
 * Encodes frames as the Go SDK does (grafana-plugin-sdk-go data/arrow.go): Arrow IPC **file**
 * format, one record batch, explicit column types (Utf8 never Dictionary, Timestamp in ns without
 * time zone), `nullable` from the field, field metadata `tstype`/`labels`/`config` and schema
 * metadata `name`/`refId`/`meta`, all JSON strings.
 *
 * Columns are built by hand from typed arrays rather than with apache-arrow's inferring builders,
 * which would pick Dictionary for strings and milliseconds for dates, and which are ~15× slower for
 * strings (measured when this encoder was written; `npm run bench:ledger` prints its rows/s).
 */
import {
  Binary,
  Bool,
  Field as ArrowField,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampNanosecond,
  Utf8,
  tableToIPC,
  type Data,
  type DataType,
} from 'apache-arrow';
import { assertFrameShape, TS_TYPE, toEpochNanos, type Field, type Frame } from './frame';

/** Validity bitmap (bit set = value present) and the null count, or none when nothing is null. */
function validity(values: ArrayLike<unknown>, rows: number): { nullBitmap?: Uint8Array; nullCount: number } {
  let nullCount = 0;
  for (let i = 0; i < rows; i++) {
    if (values[i] === null || values[i] === undefined) {
      nullCount++;
    }
  }
  if (nullCount === 0) {
    return { nullCount: 0 };
  }
  const bitmap = new Uint8Array(Math.ceil(rows / 8));
  for (let i = 0; i < rows; i++) {
    if (values[i] !== null && values[i] !== undefined) {
      bitmap[i >> 3] |= 1 << (i & 7);
    }
  }
  return { nullBitmap: bitmap, nullCount };
}

function utf8Column(
  type: Utf8 | Binary,
  values: ArrayLike<unknown>,
  rows: number,
  toText: (v: unknown) => string
): Data {
  const texts: string[] = new Array(rows);
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    const text = v === null || v === undefined ? '' : toText(v);
    texts[i] = text;
    bytes += Buffer.byteLength(text, 'utf8');
  }
  const data = Buffer.allocUnsafe(bytes);
  const valueOffsets = new Int32Array(rows + 1);
  let offset = 0;
  for (let i = 0; i < rows; i++) {
    offset += data.write(texts[i], offset, 'utf8');
    valueOffsets[i + 1] = offset;
  }
  const bytesView = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // makeData's Utf8 and Binary props have the same shape; the union defeats its overloads.
  return makeData({ type: type as Utf8, length: rows, valueOffsets, data: bytesView, ...validity(values, rows) });
}

/** A fixed-width column: each value converted into a typed array, nulls stored as `zero`. */
function fixedColumn<T extends number | bigint>(
  type: TimestampNanosecond | Float64 | Int64,
  out: { [i: number]: T; length: number },
  values: ArrayLike<unknown>,
  convert: (v: unknown) => T,
  zero: T
): { type: DataType; data: Data } {
  // makeData is overloaded per type; with a union of types no single overload applies, hence the
  // cast below. Each caller pairs a type with its own typed array.
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? zero : convert(v);
  }
  return { type, data: makeData({ type, length: out.length, data: out, ...validity(values, out.length) } as never) };
}

function column(field: Field, rows: number): { type: DataType; data: Data } {
  const { values } = field;
  switch (field.type) {
    case 'time':
      return fixedColumn(
        new TimestampNanosecond(),
        new BigInt64Array(rows),
        values,
        (v) => toEpochNanos(v as number | bigint),
        0n
      );
    case 'float64':
      return fixedColumn(new Float64(), new Float64Array(rows), values, Number, 0);
    case 'int64':
      return fixedColumn(new Int64(), new BigInt64Array(rows), values, (v) => BigInt(v as number | bigint), 0n);
    case 'boolean': {
      const type = new Bool();
      const out = new Uint8Array(Math.ceil(rows / 8));
      for (let i = 0; i < rows; i++) {
        if (values[i] === true) {
          out[i >> 3] |= 1 << (i & 7);
        }
      }
      return { type, data: makeData({ type, length: rows, data: out, ...validity(values, rows) }) };
    }
    case 'string': {
      const type = new Utf8();
      return { type, data: utf8Column(type, values, rows, String) };
    }
    case 'json': {
      // The SDK stores json.RawMessage as Binary holding the JSON text.
      const type = new Binary();
      return { type, data: utf8Column(type, values, rows, (v) => (typeof v === 'string' ? v : JSON.stringify(v))) };
    }
  }
}

function metadata(entries: Array<[string, string | undefined]>): Map<string, string> {
  return new Map(entries.filter((e): e is [string, string] => e[1] !== undefined));
}

/** One frame as Arrow IPC file bytes. */
export function frameToArrow(frame: Frame): Uint8Array {
  const rows = assertFrameShape(frame);
  const arrowFields: ArrowField[] = [];
  const children: Data[] = [];
  for (const field of frame.fields) {
    const { type, data } = column(field, rows);
    arrowFields.push(
      new ArrowField(
        field.name,
        type,
        Boolean(field.nullable),
        metadata([
          ['tstype', TS_TYPE[field.type]],
          ['labels', field.labels ? JSON.stringify(field.labels) : undefined],
          ['config', field.config ? JSON.stringify(field.config) : undefined],
        ])
      )
    );
    children.push(data);
  }
  const schema = new Schema(
    arrowFields,
    metadata([
      ['name', frame.name ?? ''],
      ['refId', frame.refId ?? ''],
      ['meta', frame.meta ? JSON.stringify(frame.meta) : undefined],
    ])
  );
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(arrowFields), length: rows, nullCount: 0, children })
  );
  return tableToIPC(new Table(schema, batch), 'file');
}
