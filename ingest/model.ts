/**
 * The contract between the ingest's stages: `decode` (OTLP/HTTP body → DecodedSpan[]) → `map`
 * (DecodedSpan[] → UsageRow[] plus per-span outcomes; pure) → `write` (batched upserts). Each stage
 * imports only this file from the others.
 */

/** An OTLP AnyValue as decoded: int64 values stay exact as bigint; bytes as base64 text. */
export type AttrValue = string | number | bigint | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

/** OTLP's Span.SpanKind numbers. */
export const SPAN_KIND = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
/** OTLP's Status.StatusCode numbers. */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

export interface DecodedSpan {
  /** Lower-case hex as received; '' when absent. Validity (32 / 16 hex, not all zeros) is `map`'s call. */
  traceId: string;
  spanId: string;
  /** null when the span is a root (absent or empty in the body). */
  parentSpanId: string | null;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  status: { code: number; message: string };
  /** The enclosing ResourceSpans' attributes (one object shared by its spans). */
  resource: Attributes;
  scope: { name: string; version: string };
}

/** One `token_usage_log` row, as the writer stores it. */
export interface UsageRow {
  /** 32 lower-case hex: SHA-256(trace_id + span_id) for spans; see the write API for its items. */
  id: string;
  tenantId: string;
  userId: string | null;
  modelName: string;
  llmFactory: string | null;
  modelType: string | null;
  /** Totals: input includes cached tokens, output includes reasoning tokens. */
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number | null;
  reasoningTokens: number | null;
  /** USD as a decimal string (exact), or null: the datasource prices the row at query time. */
  cost: string | null;
  /** Epoch milliseconds (UTC) of the call's start. */
  timestampMs: number;
  requestId: string | null;
  conversationId: string | null;
  latencyMs: number | null;
  status: 'ok' | 'error' | 'timeout';
  /** Null for rows written through the JSON write API without trace context. */
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
}

/** Why a span was rejected (counted in /metrics as `rejected_total{reason}`). */
export type RejectReason =
  'invalid_id' | 'invalid_time' | 'invalid_tokens' | 'invalid_attribute' | 'value_too_long' | 'no_tenant';

export interface SpanRejection {
  /** Position of the span in the request (resourceSpans, scopeSpans, spans flattened in order). */
  index: number;
  reason: RejectReason;
  /** Names the span and the attribute or field, e.g. `span 3 (chat gpt-4o): gen_ai.usage.input_tokens is negative`. */
  message: string;
}

/** Spans accepted but not written (no rejection): counted in /metrics as `skipped_total{reason}`. */
export type SkipReason = 'not_llm_call' | 'no_model_no_usage' | 'ancestor_of_counted' | 'descendant_without_usage';

/** Cases that are written but worth counting (`mapped_total{case}`). */
export type MappedCase = 'usage_without_model' | 'call_without_usage' | 'id_hashed' | 'cost_from_span';

export interface MapContext {
  /** The tenant the request's API key is bound to; overrides anything the spans claim. */
  tenantFromKey: string | null;
  /** Attribute keys read for the tenant when no key binds one (span first, then resource). */
  tenantAttributes: readonly string[];
  /** Used when neither the key nor an attribute names a tenant; null → the span is rejected. */
  defaultTenant: string | null;
  /** "Now" (epoch ms) for the start-time check (no more than a day ahead); Date.now() when absent. */
  nowMs?: number;
}

export interface MapResult {
  rows: UsageRow[];
  rejected: SpanRejection[];
  skipped: Partial<Record<SkipReason, number>>;
  cases: Partial<Record<MappedCase, number>>;
  /** Total spans seen in the request. */
  spans: number;
}
