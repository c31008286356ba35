/**
 * ExportTraceServiceRequest (protobuf) → DecodedSpan[]. protobufjs builds its decoders by reflection
 * from our schema subset once, at module load; we then walk the decoded messages once, building each
 * attribute map in the same pass. We read the messages as protobufjs leaves them instead of calling
 * `toObject`: that would copy every message once more, and the two things `toObject` would buy are
 * done here exactly — 64-bit values (Long) become bigint, bytes ids lower-case hex.
 */
import { parse, Root, util, type Type } from 'protobufjs';
import type { Attributes, AttrValue, DecodedSpan } from '../model';
import { DecodeError } from './errors';
import {
  OTLP_PROTO,
  RESOURCE_PROTO,
  RPC_STATUS_PROTO,
  TRACE_PROTO,
  TRACE_SERVICE_PROTO,
  TYPE_NAMES,
} from './otlpProto';

function buildRoot(): Root {
  const root = new Root();
  for (const source of [OTLP_PROTO, RESOURCE_PROTO, TRACE_PROTO, TRACE_SERVICE_PROTO, RPC_STATUS_PROTO]) {
    parse(source, root, { keepCase: false });
  }
  root.resolveAll();
  return root;
}

export const otlpRoot = buildRoot();

// Without long.js protobufjs reads 64-bit fields as doubles, and nanosecond times would lose their
// last digits. protobufjs requires it statically, so this only fails if something unset it.
if (!util.Long) {
  throw new Error('protobufjs has no Long implementation: 64-bit OTLP fields cannot be decoded exactly');
}

const requestType: Type = otlpRoot.lookupType(TYPE_NAMES.request);

/** The message shapes protobufjs decodes to (absent fields read as the prototype's defaults). */
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}
interface PbAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: LongLike | number;
  doubleValue?: number;
  arrayValue?: { values: PbAnyValue[] } | null;
  kvlistValue?: { values: PbKeyValue[] } | null;
  bytesValue?: Uint8Array;
}
interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: LongLike | number;
  endTimeUnixNano: LongLike | number;
  attributes: PbKeyValue[];
  status: { code: number; message: string } | null;
}
interface PbRequest {
  resourceSpans: Array<{
    resource: { attributes: PbKeyValue[] } | null;
    scopeSpans: Array<{ scope: { name: string; version: string } | null; spans: PbSpan[] }>;
  }>;
}

const TWO_32 = BigInt(4294967296);

/** A protobufjs Long (or a plain number, should Long be missing) as an exact bigint. */
export function longToBigInt(v: LongLike | number | null | undefined): bigint {
  if (v === null || v === undefined) {
    return BigInt(0);
  }
  if (typeof v === 'number') {
    return BigInt(Math.trunc(v));
  }
  const lo = BigInt(v.low >>> 0);
  if (v.unsigned) {
    return BigInt(v.high >>> 0) * TWO_32 + lo;
  }
  return BigInt(v.high | 0) * TWO_32 + lo;
}

function hex(bytes: Uint8Array | null | undefined): string {
  if (!bytes || bytes.length === 0) {
    return '';
  }
  return Buffer.isBuffer(bytes) ? bytes.toString('hex') : Buffer.from(bytes).toString('hex');
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

// Nested arrays and lists deeper than this are not ours to read; they become null instead of a
// stack overflow on a hostile body.
const MAX_DEPTH = 16;

function anyValue(v: PbAnyValue | null | undefined, depth: number): AttrValue {
  if (!v) {
    return null;
  }
  // The set member of the oneof is the decoded object's own property; the others are prototype defaults.
  if (has(v, 'stringValue')) {
    return v.stringValue!;
  }
  if (has(v, 'intValue')) {
    return longToBigInt(v.intValue);
  }
  if (has(v, 'doubleValue')) {
    return v.doubleValue!;
  }
  if (has(v, 'boolValue')) {
    return v.boolValue!;
  }
  if (depth >= MAX_DEPTH) {
    return null;
  }
  if (has(v, 'arrayValue')) {
    const values = v.arrayValue?.values ?? [];
    const out: AttrValue[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      out[i] = anyValue(values[i], depth + 1);
    }
    return out;
  }
  if (has(v, 'kvlistValue')) {
    return attributes(v.kvlistValue?.values ?? [], depth + 1);
  }
  if (has(v, 'bytesValue')) {
    return Buffer.from(v.bytesValue!).toString('base64');
  }
  return null;
}

/** KeyValue list → attribute map. No prototype: a key named `__proto__` is just a key. */
function attributes(list: PbKeyValue[], depth: number): Attributes {
  const out: Attributes = Object.create(null);
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    out[kv.key] = anyValue(kv.value, depth);
  }
  return out;
}

export function decodeProtobuf(body: Uint8Array): DecodedSpan[] {
  let request: PbRequest;
  try {
    request = requestType.decode(body) as unknown as PbRequest;
  } catch (e) {
    throw new DecodeError(400, `the body is not a protobuf ExportTraceServiceRequest: ${(e as Error).message}`);
  }
  const spans: DecodedSpan[] = [];
  for (const rs of request.resourceSpans) {
    const resource = attributes(rs.resource?.attributes ?? [], 0);
    for (const ss of rs.scopeSpans) {
      const scope = { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '' };
      for (const s of ss.spans) {
        const parent = hex(s.parentSpanId);
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: parent || null,
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: longToBigInt(s.startTimeUnixNano),
          endTimeUnixNano: longToBigInt(s.endTimeUnixNano),
          attributes: attributes(s.attributes, 0),
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}
