/**
 * ExportTraceServiceRequest as OTLP/HTTP JSON → DecodedSpan[]. OTLP's JSON is proto3 JSON with three
 * changes (ids as hex, enums as integers, lowerCamelCase keys); senders in the wild also use what
 * proto3 JSON itself allows, so we accept: snake_case keys, base64 ids (24 / 12 characters), enum
 * names, int64 as strings or numbers. Unknown fields are ignored.
 *
 * Only a body that is not JSON, or not an object at the top, fails the request. Anything wrong inside
 * decodes to defaults (an empty id, time 0, no attributes): the mapper then rejects that span alone,
 * by its index, and maps the rest. A list of the wrong type counts as empty.
 */
import type { Attributes, AttrValue, DecodedSpan } from '../model';
import { DecodeError } from './errors';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field by its lowerCamelCase name, else its proto (snake_case) name. */
function get(o: JsonObject, camel: string, snake: string): Json {
  const v = o[camel];
  return v === undefined || v === null ? o[snake] : v;
}

function list(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

function text(v: Json): string {
  return typeof v === 'string' ? v : '';
}

const BASE64_LENGTH: Readonly<Record<number, number>> = { 16: 24, 8: 12 };

/**
 * An id as lower-case hex. Hex is what OTLP prescribes; base64 is what a generic proto3 JSON encoder
 * writes for bytes, recognised by its length and its decoded size. Anything else is passed on as it
 * is (lower-cased) for the mapper to reject with the value in its message.
 */
function id(v: Json, bytes: number): string {
  if (typeof v !== 'string') {
    return '';
  }
  if (v.length === BASE64_LENGTH[bytes]) {
    const raw = Buffer.from(v, 'base64');
    if (raw.length === bytes) {
      return raw.toString('hex');
    }
  }
  return v.toLowerCase();
}

const DIGITS = /^\d{1,20}$/;
const SIGNED_DIGITS = /^-?\d{1,20}$/;

/** A fixed64 time: decimal string or number; anything else is 0 (the mapper rejects time 0). */
function uint64(v: Json): bigint {
  if (typeof v === 'string' && DIGITS.test(v)) {
    return BigInt(v);
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    return BigInt(v);
  }
  return BigInt(0);
}

const SPAN_KINDS: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** An enum as OTLP writes it (an integer) or as proto3 JSON may (its name, or the integer as text). */
function enumValue(v: Json, names: Readonly<Record<string, number>>): number {
  if (typeof v === 'number') {
    return Number.isInteger(v) ? v : 0;
  }
  if (typeof v === 'string') {
    if (Object.prototype.hasOwnProperty.call(names, v)) {
      return names[v];
    }
    return DIGITS.test(v) ? Number(v) : 0;
  }
  return 0;
}

const MAX_DEPTH = 16;

/**
 * AnyValue → AttrValue. A value of the wrong JSON type is kept as it came (an intValue of "abc" stays
 * a string), so that a token count sent that way is rejected by the mapper rather than read as absent.
 */
function anyValue(v: Json, depth: number): AttrValue {
  if (!isObject(v)) {
    return null;
  }
  let x = get(v, 'stringValue', 'string_value');
  if (x !== undefined && x !== null) {
    return typeof x === 'string' ? x : plain(x);
  }
  x = get(v, 'intValue', 'int_value');
  if (x !== undefined && x !== null) {
    if (typeof x === 'string' && SIGNED_DIGITS.test(x)) {
      return BigInt(x);
    }
    if (typeof x === 'number' && Number.isInteger(x)) {
      return BigInt(x);
    }
    return plain(x);
  }
  x = get(v, 'doubleValue', 'double_value');
  if (x !== undefined && x !== null) {
    if (typeof x === 'string') {
      // proto3 JSON quotes "NaN", "Infinity", "-Infinity" and may quote any double.
      const n = Number(x);
      return x.trim() !== '' && (!Number.isNaN(n) || x === 'NaN') ? n : x;
    }
    return plain(x);
  }
  x = get(v, 'boolValue', 'bool_value');
  if (x !== undefined && x !== null) {
    return plain(x);
  }
  if (depth >= MAX_DEPTH) {
    return null;
  }
  x = get(v, 'arrayValue', 'array_value');
  if (x !== undefined && x !== null) {
    const values = isObject(x) ? list(x.values) : [];
    const out: AttrValue[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      out[i] = anyValue(values[i], depth + 1);
    }
    return out;
  }
  x = get(v, 'kvlistValue', 'kvlist_value');
  if (x !== undefined && x !== null) {
    return attributes(isObject(x) ? x.values : undefined, depth + 1);
  }
  x = get(v, 'bytesValue', 'bytes_value');
  if (x !== undefined && x !== null) {
    return typeof x === 'string' ? x : plain(x);
  }
  return null;
}

/** A scalar of the wrong type as it came; structures are not worth keeping. */
function plain(x: Json): AttrValue {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : null;
}

function attributes(v: Json, depth: number): Attributes {
  const out: Attributes = Object.create(null);
  for (const kv of list(v)) {
    if (isObject(kv) && typeof kv.key === 'string') {
      out[kv.key] = anyValue(kv.value, depth);
    }
  }
  return out;
}

function span(s: Json, resource: Attributes, scope: DecodedSpan['scope']): DecodedSpan {
  const o = isObject(s) ? s : {};
  const status = get(o, 'status', 'status');
  const parent = id(get(o, 'parentSpanId', 'parent_span_id'), 8);
  return {
    traceId: id(get(o, 'traceId', 'trace_id'), 16),
    spanId: id(get(o, 'spanId', 'span_id'), 8),
    parentSpanId: parent || null,
    name: text(o.name),
    kind: enumValue(o.kind, SPAN_KINDS),
    startTimeUnixNano: uint64(get(o, 'startTimeUnixNano', 'start_time_unix_nano')),
    endTimeUnixNano: uint64(get(o, 'endTimeUnixNano', 'end_time_unix_nano')),
    attributes: attributes(o.attributes, 0),
    status: isObject(status)
      ? { code: enumValue(status.code, STATUS_CODES), message: text(status.message) }
      : { code: 0, message: '' },
    resource,
    scope,
  };
}

export function decodeJson(body: Buffer): DecodedSpan[] {
  let source = body.toString('utf8');
  if (source.charCodeAt(0) === 0xfeff) {
    source = source.slice(1);
  }
  let request: Json;
  try {
    request = JSON.parse(source);
  } catch (e) {
    throw new DecodeError(400, `the body is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(request)) {
    throw new DecodeError(400, 'the JSON body is not an object (an ExportTraceServiceRequest)');
  }
  const spans: DecodedSpan[] = [];
  for (const rs of list(get(request, 'resourceSpans', 'resource_spans'))) {
    if (!isObject(rs)) {
      continue;
    }
    const res = rs.resource;
    const resource = attributes(isObject(res) ? res.attributes : undefined, 0);
    for (const ss of list(get(rs, 'scopeSpans', 'scope_spans'))) {
      if (!isObject(ss)) {
        continue;
      }
      const sc = ss.scope;
      const scope = isObject(sc) ? { name: text(sc.name), version: text(sc.version) } : { name: '', version: '' };
      for (const s of list(ss.spans)) {
        spans.push(span(s, resource, scope));
      }
    }
  }
  return spans;
}
