/**
 * A request as OTLP spans, in the OTLP/HTTP JSON encoding (what `POST /v1/traces` with
 * `Content-Type: application/json` takes: hex trace and span ids, times as decimal strings of Unix
 * nanoseconds). Three tiers: nginx (service `nginx`) -> the Flask handler (the service, e.g.
 * `ragflow`) -> its MySQL / document-engine calls and model calls.
 *
 * Attributes are chosen so that none can hold a prompt, a message, an answer or an e-mail address:
 * only methods, routes, status codes, table and model names, token counts, and on model calls the
 * opaque ids the ledger keeps (`tenant.id`, `user.id`: RAGFlow's 32-hex ids; the conversation and the
 * provider's response id). No `db.query.text`, no `gen_ai.prompt`/`gen_ai.completion`, no e-mail or
 * client address, no exception message (the collector strips such keys on the way to Jaeger too; the
 * workload does not rely on it).
 *
 * Model calls carry the OpenTelemetry GenAI attributes the ingest (ingest/) turns into ledger rows:
 * in the demo stack the Cost page fills from these spans, through the collector and the ingest.
 */
import type { Phase, SimRequest } from './scenario';

export type AttributeValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

export interface KeyValue {
  key: string;
  value: AttributeValue;
}

/** OTLP's Span.SpanKind and Status.StatusCode as numbers (what the JSON encoding accepts). */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  events?: Array<{ timeUnixNano: string; name: string; attributes: KeyValue[] }>;
  status: { code: number };
}

export interface ResourceSpans {
  resource: { attributes: KeyValue[] };
  scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
}

export interface TracesPayload {
  resourceSpans: ResourceSpans[];
}

/**
 * Keys that could carry user content or personal data; tests check that no span has one. `user.id`
 * is the one exception (ALLOWED_IDS): an opaque account id, which the ledger needs to bill users.
 */
export const FORBIDDEN_ATTRIBUTE =
  /prompt|message|completion|content|email|user|query\.text|statement|client\.address/i;
export const ALLOWED_IDS: readonly string[] = ['user.id'];

export const NGINX_SERVICE = 'nginx';
export const SCOPE = { name: 'llmops-workload', version: '1' };

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(Math.round(value)) } });

/** Epoch milliseconds (fractional) as Unix nanoseconds, exactly (doubles cannot hold ns since 1970). */
export function unixNano(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1000000n + BigInt(frac)).toString();
}

function httpAttributes(req: SimRequest): KeyValue[] {
  return [
    str('http.request.method', req.endpoint.method),
    str('http.route', req.endpoint.path),
    int('http.response.status_code', req.status),
  ];
}

/** gen_ai.operation.name values of the OpenTelemetry GenAI conventions (rerank has none: ours). */
function operationOf(modelType: string): string {
  return modelType === 'chat' ? 'chat' : modelType === 'embedding' ? 'embeddings' : 'rerank';
}

function phaseSpan(req: SimRequest, phase: Phase): OtlpSpan {
  const start = req.start + phase.offsetMs;
  const base = {
    traceId: req.traceId,
    spanId: phase.spanId,
    parentSpanId: req.backendSpanId,
    kind: SPAN_KIND.client,
    startTimeUnixNano: unixNano(start),
    endTimeUnixNano: unixNano(start + phase.durationMs),
    status: { code: phase.failed ? STATUS_CODE.error : STATUS_CODE.unset },
  };
  if (phase.kind === 'db') {
    const attributes = [str('db.system.name', phase.system), str('db.operation.name', phase.operation)];
    if (phase.collection) {
      attributes.push(str('db.collection.name', phase.collection));
    }
    if (phase.system === 'mysql') {
      attributes.push(str('db.namespace', 'rag_flow'), str('server.address', 'mysql'));
    }
    if (phase.failed) {
      attributes.push(str('error.type', req.exceptionType ?? 'db_error'));
    }
    return { ...base, name: phase.collection ? `${phase.operation} ${phase.collection}` : phase.operation, attributes };
  }
  const row = phase.row;
  const operation = operationOf(row.modelType);
  const attributes = [
    str('gen_ai.operation.name', operation),
    str('gen_ai.provider.name', row.llmFactory.toLowerCase()),
    str('gen_ai.request.model', row.modelName),
    // Totals, as the conventions define them: cached tokens are inside the input count, reasoning
    // tokens inside the output count.
    int('gen_ai.usage.input_tokens', row.inputTokens),
    int('gen_ai.usage.output_tokens', row.outputTokens),
    str('tenant.id', row.tenantId),
  ];
  if (row.cachedTokens !== null) {
    attributes.push(int('gen_ai.usage.cache_read.input_tokens', row.cachedTokens));
  }
  if (row.reasoningTokens !== null) {
    attributes.push(int('gen_ai.usage.reasoning.output_tokens', row.reasoningTokens));
  }
  if (row.cost !== null) {
    // What the call cost, as OpenLIT reports it; the ingest stores it as the row's cost. Calls of
    // models without a price carry none, and the datasource prices or lists them as unpriced.
    attributes.push({ key: 'gen_ai.usage.cost', value: { doubleValue: row.cost } });
  }
  if (row.userId !== null) {
    attributes.push(str('user.id', row.userId));
  }
  if (row.conversationId !== null) {
    attributes.push(str('gen_ai.conversation.id', row.conversationId));
  }
  if (row.requestId !== null) {
    attributes.push(str('gen_ai.response.id', row.requestId));
  }
  if (phase.failed) {
    attributes.push(str('error.type', row.status === 'timeout' ? 'timeout' : 'provider_error'));
  }
  return { ...base, name: `${operation} ${row.modelName}`, attributes };
}

/** The request's spans grouped by the service that emits them. */
export function requestSpans(req: SimRequest, serviceName: string): Map<string, OtlpSpan[]> {
  const error = req.status >= 500;
  const nginx: OtlpSpan = {
    traceId: req.traceId,
    spanId: req.nginxSpanId,
    name: `${req.endpoint.method} ${req.endpoint.path}`,
    kind: SPAN_KIND.server,
    startTimeUnixNano: unixNano(req.start),
    endTimeUnixNano: unixNano(req.end),
    attributes: [...httpAttributes(req), str('server.address', 'ragflow')],
    status: { code: error ? STATUS_CODE.error : STATUS_CODE.unset },
  };
  const backendStart = req.start + req.backendOffsetMs;
  const backend: OtlpSpan = {
    traceId: req.traceId,
    spanId: req.backendSpanId,
    parentSpanId: req.nginxSpanId,
    name: `${req.endpoint.method} ${req.endpoint.path}`,
    kind: SPAN_KIND.server,
    startTimeUnixNano: unixNano(backendStart),
    endTimeUnixNano: unixNano(backendStart + req.backendMs),
    attributes: httpAttributes(req),
    status: { code: error ? STATUS_CODE.error : STATUS_CODE.unset },
  };
  if (req.exceptionType) {
    // Only the type: an exception's message can quote request data.
    backend.events = [
      {
        timeUnixNano: backend.endTimeUnixNano,
        name: 'exception',
        attributes: [str('exception.type', req.exceptionType)],
      },
    ];
    backend.attributes.push(str('error.type', req.exceptionType));
  }
  return new Map([
    [NGINX_SERVICE, [nginx]],
    [serviceName, [backend, ...req.phases.map((p) => phaseSpan(req, p))]],
  ]);
}

/** Spans of several requests as one export request, one resource per service. */
export function tracesPayload(byService: Map<string, OtlpSpan[]>): TracesPayload {
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: [str('service.name', service), str('deployment.environment.name', 'demo')] },
      scopeSpans: [{ scope: SCOPE, spans }],
    })),
  };
}

/** The OTLP/HTTP traces endpoint under a collector base URL (`http://otel-collector:4318`). */
export function tracesUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}

/**
 * Batches spans and posts them once a second (or when `flush` is called). Export failures are
 * counted, not retried: a demo trace lost while the collector starts up does not matter.
 */
export class OtlpExporter {
  private pending = new Map<string, OtlpSpan[]>();
  private timer: NodeJS.Timeout | undefined;
  exported = 0;
  failures = 0;
  lastError: string | undefined;

  constructor(
    private readonly url: string,
    private readonly intervalMs = 1000,
    private readonly timeoutMs = 5000
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
  }

  add(spans: Map<string, OtlpSpan[]>): void {
    for (const [service, list] of spans) {
      const current = this.pending.get(service);
      if (current) {
        current.push(...list);
      } else {
        this.pending.set(service, [...list]);
      }
    }
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) {
      return;
    }
    const batch = this.pending;
    this.pending = new Map();
    const count = [...batch.values()].reduce((n, l) => n + l.length, 0);
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(tracesPayload(batch)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) {
        throw new Error(`HTTP ${res.status}`);
      }
      await res.arrayBuffer();
      this.exported += count;
    } catch (err) {
      this.failures++;
      this.lastError = String(err);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await this.flush();
  }
}
