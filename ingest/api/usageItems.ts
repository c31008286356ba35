/**
 * `POST /v1/usage`: ledger rows from applications that are not on OpenTelemetry. Each item is one LLM
 * call, in the ledger's own column names. Tokens are totals (input includes cached tokens, output
 * includes reasoning tokens), as the ledger stores them.
 */
import { createHash } from 'node:crypto';
import * as z from '../../src/shared/zod';
import type { UsageRow } from '../model';
import { spanRowId } from '../rowId';
import { hex, instant, instantMs, ledgerId, type ItemRow } from './items';

const tokens = z.int().check(z.minimum(0), z.maximum(1_000_000_000));
const optionalTokens = z.optional(z.nullable(tokens));

/** USD as a JSON number or a decimal string; at most 8 decimals (DECIMAL(20,8)). */
const cost = z.union([
  z.number().check(z.minimum(0), z.maximum(1e11)),
  z
    .string()
    .check(z.regex(/^\d{1,12}(\.\d{1,8})?$/, { error: 'expected a decimal number of USD with at most 8 decimals' })),
]);

export const usageItemSchema = z
  .object({
    id: z.optional(hex(32)),
    tenant_id: z.optional(ledgerId),
    user_id: z.optional(z.nullable(ledgerId)),
    model_name: z.string().check(z.minLength(1), z.maxLength(128)),
    llm_factory: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(128)))),
    model_type: z.optional(
      z.nullable(z.enum(['chat', 'embedding', 'rerank', 'vision', 'asr', 'tts', 'ocr', 'image2text', 'speech2text']))
    ),
    input_tokens: tokens,
    output_tokens: tokens,
    cached_tokens: optionalTokens,
    reasoning_tokens: optionalTokens,
    cost: z.optional(z.nullable(cost)),
    timestamp: instant,
    request_id: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(64)))),
    conversation_id: z.optional(z.nullable(ledgerId)),
    latency_ms: z.optional(z.nullable(z.int().check(z.minimum(0), z.maximum(86_400_000)))),
    status: z.optional(z.enum(['ok', 'error', 'timeout'])),
    trace_id: z.optional(z.nullable(hex(32))),
    span_id: z.optional(z.nullable(hex(16))),
    parent_span_id: z.optional(z.nullable(hex(16))),
  })
  .check(
    z.refine((i) => i.cached_tokens == null || i.cached_tokens <= i.input_tokens, {
      error: 'cached_tokens is part of input_tokens, so it cannot be larger',
      path: ['cached_tokens'],
    }),
    z.refine((i) => i.reasoning_tokens == null || i.reasoning_tokens <= i.output_tokens, {
      error: 'reasoning_tokens is part of output_tokens, so it cannot be larger',
      path: ['reasoning_tokens'],
    }),
    z.refine((i) => !i.span_id || !!i.trace_id, { error: 'span_id needs trace_id', path: ['trace_id'] }),
    z.refine((i) => !!i.id || !!i.request_id || (!!i.trace_id && !!i.span_id), {
      error: 'give id, request_id or trace_id and span_id, so that sending the item again does not count it twice',
      path: ['id'],
    })
  );

export type UsageItem = z.infer<typeof usageItemSchema>;

function costText(value: number | string | null | undefined): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === 'string' ? value : value.toFixed(8).replace(/\.?0+$/, '') || '0';
}

/**
 * The item's row id: its own `id`; else the span's id rule (so the same call sent as a span and as an
 * item is one row); else SHA-256 of tenant and request id.
 */
export function usageItemId(item: UsageItem, tenantId: string): string {
  if (item.id) {
    return item.id.toLowerCase();
  }
  if (item.trace_id && item.span_id) {
    return spanRowId(item.trace_id.toLowerCase(), item.span_id.toLowerCase());
  }
  return createHash('sha256').update(`usage\n${tenantId}\n${item.request_id}`).digest('hex').slice(0, 32);
}

/** The row, or the field that is missing: a tenant must come from the key or the item. */
export function usageRowOf(item: UsageItem, tenantFromKey: string | null): ItemRow<UsageRow> {
  const tenantId = tenantFromKey ?? item.tenant_id;
  if (!tenantId) {
    return { ok: false, field: 'tenant_id', message: 'required: this API key is not bound to a tenant' };
  }
  const row: UsageRow = {
    id: usageItemId(item, tenantId),
    tenantId,
    userId: item.user_id ?? null,
    modelName: item.model_name,
    llmFactory: item.llm_factory ?? null,
    modelType: item.model_type ?? null,
    inputTokens: item.input_tokens,
    outputTokens: item.output_tokens,
    cachedTokens: item.cached_tokens ?? null,
    reasoningTokens: item.reasoning_tokens ?? null,
    cost: costText(item.cost),
    timestampMs: instantMs(item.timestamp),
    requestId: item.request_id ?? null,
    conversationId: item.conversation_id ?? null,
    latencyMs: item.latency_ms ?? null,
    status: item.status ?? 'ok',
    traceId: item.trace_id?.toLowerCase() ?? null,
    spanId: item.span_id?.toLowerCase() ?? null,
    parentSpanId: item.parent_span_id?.toLowerCase() ?? null,
  };
  return { ok: true, row };
}
