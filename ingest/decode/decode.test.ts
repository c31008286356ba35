import { gzipSync } from 'node:zlib';
import { decodeTraces, DecodeError, encodeErrorStatus, encodeExportResponse } from './index';
import { TYPE_NAMES } from './otlpProto';
import { otlpRoot } from './protobuf';

const requestType = otlpRoot.lookupType(TYPE_NAMES.request);
const LIMITS = { maxBytes: 1 << 20 };
const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
const SPAN_HEX = 'eee19b7ec3c1b174';

function request(spanFields: Record<string, unknown>, attributes: unknown[] = []) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'rag' } }] },
        scopeSpans: [
          { scope: { name: 'openlit', version: '1.2' }, spans: [{ name: 'chat', kind: 3, attributes, ...spanFields }] },
        ],
      },
    ],
  };
}

function protobufBody(): Buffer {
  const message = requestType.fromObject(
    request(
      {
        traceId: Buffer.from(TRACE_HEX, 'hex'),
        spanId: Buffer.from(SPAN_HEX, 'hex'),
        startTimeUnixNano: '1764849600123456789',
        endTimeUnixNano: '1764849601123456789',
        status: { code: 2, message: 'boom' },
      },
      [
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '9007199254740993' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
        { key: 'x.list', value: { arrayValue: { values: [{ boolValue: true }, { doubleValue: 1.5 }] } } },
        { key: '__proto__', value: { stringValue: 'just a key' } },
      ]
    )
  );
  return Buffer.from(requestType.encode(message).finish());
}

describe('decodeTraces', () => {
  it('decodes protobuf exactly: hex ids, 64-bit times and ints, resource and scope', () => {
    const { format, spans } = decodeTraces(protobufBody(), 'application/x-protobuf', undefined, LIMITS);
    expect(format).toBe('protobuf');
    expect(spans).toHaveLength(1);
    const s = spans[0];
    expect(s.traceId).toBe(TRACE_HEX);
    expect(s.spanId).toBe(SPAN_HEX);
    expect(s.parentSpanId).toBeNull();
    expect(s.startTimeUnixNano).toBe(BigInt('1764849600123456789'));
    expect(s.attributes['gen_ai.usage.input_tokens']).toBe(BigInt('9007199254740993'));
    expect(s.attributes['x.list']).toEqual([true, 1.5]);
    expect(Object.keys(s.attributes)).toContain('__proto__');
    expect(s.status).toEqual({ code: 2, message: 'boom' });
    expect(s.resource['service.name']).toBe('rag');
    expect(s.scope).toEqual({ name: 'openlit', version: '1.2' });
  });

  it('decodes gzip protobuf', () => {
    const { spans } = decodeTraces(gzipSync(protobufBody()), 'application/x-protobuf', 'gzip', LIMITS);
    expect(spans[0].traceId).toBe(TRACE_HEX);
  });

  it('decodes OTLP JSON and the proto3 JSON variants senders use', () => {
    const body = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 't1' } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: Buffer.from(TRACE_HEX, 'hex').toString('base64'),
                  span_id: Buffer.from(SPAN_HEX, 'hex').toString('base64'),
                  kind: 'SPAN_KIND_CLIENT',
                  start_time_unix_nano: 1764849600123456,
                  endTimeUnixNano: '1764849601123456789',
                  status: { code: 'STATUS_CODE_ERROR' },
                  attributes: [
                    { key: 'a', value: { intValue: '12' } },
                    { key: 'b', value: { int_value: 7 } },
                    { key: 'c', value: { doubleValue: 'NaN' } },
                    { key: 'd', value: { intValue: 'abc' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const { format, spans } = decodeTraces(
      Buffer.from(JSON.stringify(body)),
      'application/json; charset=utf-8',
      undefined,
      LIMITS
    );
    expect(format).toBe('json');
    const s = spans[0];
    expect(s.traceId).toBe(TRACE_HEX);
    expect(s.spanId).toBe(SPAN_HEX);
    expect(s.kind).toBe(3);
    expect(s.status.code).toBe(2);
    expect(s.startTimeUnixNano).toBe(BigInt(1764849600123456));
    expect(s.attributes).toMatchObject({ a: BigInt(12), b: BigInt(7), d: 'abc' });
    expect(Number.isNaN(s.attributes.c)).toBe(true);
    expect(s.resource['tenant.id']).toBe('t1');
  });

  it.each([
    ['text/plain', undefined, Buffer.from('{}'), 415, 'Content-Type'],
    ['application/json', 'br', Buffer.from('{}'), 415, 'Content-Encoding'],
    ['application/json', undefined, Buffer.from('{"resourceSpans":'), 400, 'not valid JSON'],
    ['application/json', undefined, Buffer.from('[1]'), 400, 'not an object'],
    ['application/x-protobuf', undefined, Buffer.from([0x0a, 0xff, 0xff, 0xff]), 400, 'not a protobuf'],
    ['application/json', 'gzip', Buffer.from('not gzip'), 400, 'not valid gzip'],
    ['application/json', undefined, Buffer.alloc(LIMITS.maxBytes + 1, 32), 413, 'larger than'],
    ['application/json', 'gzip', gzipSync(Buffer.alloc(LIMITS.maxBytes + 1, 32)), 413, 'after decompression'],
  ] as const)('%s %s → %d', (type, encoding, body, status, text) => {
    let caught: unknown;
    try {
      decodeTraces(body, type, encoding, LIMITS);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    expect((caught as DecodeError).status).toBe(status);
    expect((caught as DecodeError).message).toContain(text);
  });
});

describe('responses', () => {
  it('writes partial success in both encodings, and nothing for full success', () => {
    expect(JSON.parse(encodeExportResponse('json', { rejectedSpans: 2, errorMessage: 'x' }).toString())).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'x' },
    });
    expect(encodeExportResponse('json', { rejectedSpans: 0, errorMessage: '' }).toString()).toBe('{}');
    const responseType = otlpRoot.lookupType(TYPE_NAMES.response);
    const decoded = responseType.toObject(
      responseType.decode(encodeExportResponse('protobuf', { rejectedSpans: 3, errorMessage: 'bad' })),
      { longs: Number }
    );
    expect(decoded).toEqual({ partialSuccess: { rejectedSpans: 3, errorMessage: 'bad' } });
    const status = otlpRoot.lookupType(TYPE_NAMES.rpcStatus);
    expect(status.toObject(status.decode(encodeErrorStatus('protobuf', { code: 14, message: 'down' })))).toEqual({
      code: 14,
      message: 'down',
    });
  });
});
