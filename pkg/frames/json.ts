/**
 * Encodes frames in the Go SDK's JSON frame layout (grafana-plugin-sdk-go data/frame_json.go), for
 * requests that ask for JSON (`QueryDataRequest.format = JSON`, newer Grafana):
 * `{"schema":{…},"data":{"values":[…],"entities"?,"nanos"?}}` with `schema` before `data` (the
 * SDK's reader insists), times as integer epoch ms plus a `nanos` remainder, and NaN/±Inf written
 * as null plus an `entities` entry. int64 values are written as exact JSON numbers.
 */
import { assertFrameShape, GO_TYPE, TS_TYPE, toEpochNanos, type Field, type Frame } from './frame';

interface Entities {
  NaN?: number[];
  Inf?: number[];
  NegInf?: number[];
}

function fieldSchema(field: Field): string {
  const parts: string[] = [];
  if (field.name) {
    parts.push(`"name":${JSON.stringify(field.name)}`);
  }
  parts.push(`"type":${JSON.stringify(TS_TYPE[field.type])}`);
  const typeInfo = field.nullable ? { frame: GO_TYPE[field.type], nullable: true } : { frame: GO_TYPE[field.type] };
  parts.push(`"typeInfo":${JSON.stringify(typeInfo)}`);
  if (field.labels) {
    parts.push(`"labels":${JSON.stringify(field.labels)}`);
  }
  if (field.config) {
    parts.push(`"config":${JSON.stringify(field.config)}`);
  }
  return `{${parts.join(',')}}`;
}

function schemaJson(frame: Frame): string {
  const parts: string[] = [];
  if (frame.name) {
    parts.push(`"name":${JSON.stringify(frame.name)}`);
  }
  if (frame.refId) {
    parts.push(`"refId":${JSON.stringify(frame.refId)}`);
  }
  if (frame.meta) {
    parts.push(`"meta":${JSON.stringify(frame.meta)}`);
  }
  parts.push(`"fields":[${frame.fields.map(fieldSchema).join(',')}]`);
  return `{${parts.join(',')}}`;
}

/** One column's JSON values, plus its special float entities and sub-millisecond time remainders. */
function columnJson(field: Field, rows: number): { values: string; entities: Entities | null; nanos: number[] | null } {
  const out: string[] = new Array(rows);
  let entities: Entities | null = null;
  let nanos: number[] | null = null;
  for (let i = 0; i < rows; i++) {
    const v = field.values[i];
    if (v === null || v === undefined) {
      out[i] = 'null';
      continue;
    }
    switch (field.type) {
      case 'time': {
        const ns = toEpochNanos(v as number | bigint);
        const ms = ns / 1_000_000n;
        const rest = Number(ns - ms * 1_000_000n);
        out[i] = ms.toString();
        if (rest !== 0) {
          nanos ??= new Array(rows).fill(0);
          nanos[i] = rest;
        }
        break;
      }
      case 'float64': {
        const n = Number(v);
        if (Number.isFinite(n)) {
          out[i] = String(n);
        } else {
          out[i] = 'null';
          entities ??= {};
          const key = Number.isNaN(n) ? 'NaN' : n > 0 ? 'Inf' : 'NegInf';
          (entities[key] ??= []).push(i);
        }
        break;
      }
      case 'int64':
        out[i] = BigInt(v as number | bigint).toString();
        break;
      case 'boolean':
        out[i] = v ? 'true' : 'false';
        break;
      case 'string':
        out[i] = JSON.stringify(String(v));
        break;
      case 'json':
        // json.RawMessage is written raw.
        out[i] = typeof v === 'string' ? v : JSON.stringify(v);
        break;
    }
  }
  return { values: `[${out.join(',')}]`, entities, nanos };
}

/** One frame as the SDK's JSON bytes. */
export function frameToJson(frame: Frame): Uint8Array {
  const rows = assertFrameShape(frame);
  const columns = frame.fields.map((f) => columnJson(f, rows));
  let data = `"values":[${columns.map((c) => c.values).join(',')}]`;
  if (columns.some((c) => c.entities)) {
    data += `,"entities":${JSON.stringify(columns.map((c) => c.entities))}`;
  }
  if (columns.some((c) => c.nanos)) {
    data += `,"nanos":${JSON.stringify(columns.map((c) => c.nanos))}`;
  }
  return Buffer.from(`{"schema":${schemaJson(frame)},"data":{${data}}}`, 'utf8');
}
