import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ALLOWED_IDS,
  FORBIDDEN_ATTRIBUTE,
  NGINX_SERVICE,
  OtlpExporter,
  requestSpans,
  SPAN_KIND,
  STATUS_CODE,
  tracesPayload,
  tracesUrl,
  unixNano,
  type KeyValue,
  type OtlpSpan,
  type TracesPayload,
} from './otlp';
import { Scenario, type SimRequest } from './scenario';

const T0 = 1_790_000_000_000;

function sample(n: number): SimRequest[] {
  const s = new Scenario('otlp-test');
  return Array.from({ length: n }, (_, i) => s.next(T0 + i * 500));
}

function allSpans(payload: TracesPayload): OtlpSpan[] {
  return payload.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

function serviceOf(attributes: KeyValue[]): string | undefined {
  const kv = attributes.find((a) => a.key === 'service.name');
  return kv && 'stringValue' in kv.value ? kv.value.stringValue : undefined;
}

describe('OTLP payload', () => {
  const reqs = sample(400);

  it('has nginx -> backend -> database and model spans, linked by parent ids', () => {
    const chat = reqs.find((r) => r.endpoint.kind === 'chat' && r.status === 200)!;
    const payload = tracesPayload(requestSpans(chat, 'ragflow'));
    expect(payload.resourceSpans.map((rs) => serviceOf(rs.resource.attributes))).toEqual([NGINX_SERVICE, 'ragflow']);
    const spans = allSpans(payload);
    const nginx = spans.find((s) => s.spanId === chat.nginxSpanId)!;
    const backend = spans.find((s) => s.spanId === chat.backendSpanId)!;
    expect(nginx.parentSpanId).toBeUndefined();
    expect(nginx.kind).toBe(SPAN_KIND.server);
    expect(backend.parentSpanId).toBe(nginx.spanId);
    const children = spans.filter((s) => s.parentSpanId === backend.spanId);
    expect(children.length).toBe(spans.length - 2);
    const systems = children.flatMap((s) => s.attributes.filter((a) => a.key === 'db.system.name'));
    expect(systems.map((a) => ('stringValue' in a.value ? a.value.stringValue : ''))).toContain('mysql');
    expect(children.some((s) => s.name.startsWith('chat '))).toBe(true);
    children.forEach((s) => expect(s.kind).toBe(SPAN_KIND.client));
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano)).toBe(true);
    }
    // Children lie inside their parent.
    for (const c of children) {
      expect(BigInt(c.startTimeUnixNano) >= BigInt(backend.startTimeUnixNano)).toBe(true);
      expect(BigInt(c.endTimeUnixNano) <= BigInt(backend.endTimeUnixNano)).toBe(true);
    }
    expect(BigInt(nginx.endTimeUnixNano)).toBe(BigInt(T0 + chat.seq * 500) * 1000000n);
  });

  it('carries no attribute that could hold prompts, messages or e-mail addresses', () => {
    for (const req of reqs) {
      const payload = tracesPayload(requestSpans(req, 'ragflow'));
      const text = JSON.stringify(payload);
      expect(text).not.toContain('@');
      const keys = [
        ...payload.resourceSpans.flatMap((rs) => rs.resource.attributes),
        ...allSpans(payload).flatMap((s) => [...s.attributes, ...(s.events ?? []).flatMap((e) => e.attributes)]),
      ].map((a) => a.key);
      keys.filter((k) => !ALLOWED_IDS.includes(k)).forEach((k) => expect(k).not.toMatch(FORBIDDEN_ATTRIBUTE));
      expect(keys).not.toContain('exception.message');
    }
  });

  it('marks failed requests as errors and records only the exception type', () => {
    const failed = reqs.filter((r) => r.status >= 500);
    expect(failed.length).toBeGreaterThan(0);
    for (const req of failed) {
      const spans = [...requestSpans(req, 'ragflow').values()].flat();
      expect(spans.find((s) => s.spanId === req.backendSpanId)!.status.code).toBe(STATUS_CODE.error);
      if (req.exceptionType) {
        const backend = spans.find((s) => s.spanId === req.backendSpanId)!;
        expect(backend.events![0]!.name).toBe('exception');
        expect(backend.events![0]!.attributes).toEqual([
          { key: 'exception.type', value: { stringValue: req.exceptionType } },
        ]);
      }
    }
  });

  it('converts milliseconds to exact nanoseconds and builds the endpoint URL', () => {
    expect(unixNano(1_790_000_000_123.5)).toBe('1790000000123500000');
    expect(tracesUrl('http://otel-collector:4318')).toBe('http://otel-collector:4318/v1/traces');
    expect(tracesUrl('http://c:4318/')).toBe('http://c:4318/v1/traces');
    expect(tracesUrl('http://c:4318/v1/traces')).toBe('http://c:4318/v1/traces');
  });
});

describe('OtlpExporter', () => {
  it('posts the batched spans as JSON to /v1/traces', async () => {
    const bodies: Array<{ url: string; type: string; body: TracesPayload }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        bodies.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(data) });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const exporter = new OtlpExporter(tracesUrl(`http://127.0.0.1:${port}`));
      const reqs = sample(3);
      reqs.forEach((r) => exporter.add(requestSpans(r, 'ragflow')));
      await exporter.flush();
      await exporter.flush(); // nothing pending: no second request
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.url).toBe('/v1/traces');
      expect(bodies[0]!.type).toBe('application/json');
      const spans = allSpans(bodies[0]!.body);
      expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set(reqs.map((r) => r.traceId)));
      expect(exporter.exported).toBe(spans.length);
      expect(exporter.failures).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('counts a failed export instead of throwing', async () => {
    const exporter = new OtlpExporter('http://127.0.0.1:1/v1/traces', 1000, 2000);
    exporter.add(requestSpans(sample(1)[0]!, 'ragflow'));
    await exporter.flush();
    expect(exporter.failures).toBe(1);
    expect(exporter.exported).toBe(0);
  });
});
