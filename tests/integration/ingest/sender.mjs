// An instrumented application, as far as the ingest can tell: OpenTelemetry's JavaScript SDK makes the
// spans and its OTLP/HTTP exporter (protobuf or JSON) sends them, with the exporter's own retries
// (429/503 + Retry-After). It runs as its own process because the exporters load `http` with a
// dynamic import, which Jest's module sandbox does not allow.
//
// Input (a JSON file named by argv[2]):
//   { url, encoding: 'protobuf'|'json', key, resource, timeoutMillis,
//     spans: [{ ref, name, parent?, attributes, startMs, durationMs?, error? }],
//     batches: [[ref, ...], ...],       // what each export carries, in order
//     resendUntilOk: false,             // re-export a batch the exporter gave up on (a collector's
//                                       // retry_on_failure), until it is accepted
//     gapMs: 0 }                        // pause between batches
// Output (stdout, one JSON object): { ids: {ref: {traceId, spanId}}, batches: [{ ok, attempts, error }] }
import { readFileSync } from 'node:fs';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  resource: resourceFromAttributes(spec.resource ?? { 'service.name': 'ingest-test' }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
});
const tracer = provider.getTracer('llmops-ingest-test', '1.0.0');

// Start every span (parents first, as declared), then end them all: ReadableSpans exist once ended.
const live = new Map();
for (const s of spec.spans) {
  const parent = s.parent ? live.get(s.parent) : undefined;
  const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  live.set(
    s.ref,
    tracer.startSpan(s.name, { kind: SpanKind.CLIENT, attributes: s.attributes, startTime: s.startMs }, ctx)
  );
}
for (const s of spec.spans) {
  const span = live.get(s.ref);
  if (s.error) {
    span.setStatus({ code: 2, message: s.error });
  }
  span.end(s.startMs + (s.durationMs ?? 800));
}
const finished = new Map();
for (const rs of memory.getFinishedSpans()) {
  finished.set(rs.spanContext().spanId, rs);
}
const ids = {};
for (const [ref, span] of live) {
  const { traceId, spanId } = span.spanContext();
  ids[ref] = { traceId, spanId };
}

const options = {
  url: `${spec.url}/v1/traces`,
  headers: spec.key ? { Authorization: `Bearer ${spec.key}` } : {},
  timeoutMillis: spec.timeoutMillis ?? 10000,
};
const exporter = spec.encoding === 'json' ? new HttpExporter(options) : new ProtoExporter(options);
const exportOnce = (spans) =>
  new Promise((resolve) => exporter.export(spans, (r) => resolve({ ok: r.code === 0, error: r.error?.message })));

const batches = [];
for (const refs of spec.batches) {
  const spans = refs.map((ref) => finished.get(ids[ref].spanId));
  let attempts = 0;
  let result;
  do {
    attempts++;
    result = await exportOnce(spans);
    if (!result.ok && spec.resendUntilOk) {
      await new Promise((r) => setTimeout(r, 500));
    }
  } while (!result.ok && spec.resendUntilOk && attempts < 200);
  batches.push({ ...result, attempts });
  if (spec.gapMs) {
    await new Promise((r) => setTimeout(r, spec.gapMs));
  }
}
await exporter.shutdown();
process.stdout.write(JSON.stringify({ ids, batches }));
