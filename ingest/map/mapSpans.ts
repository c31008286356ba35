/**
 * DecodedSpan[] → ledger rows, pure. Each span is classified (is it an LLM call?), read through the
 * precedence table of src/shared/genaiAttributes.ts and validated; a span that cannot be stored
 * truthfully is rejected alone, with its index and the attribute at fault, and the rest are mapped.
 * Then the request's calls are deduplicated (leaf wins) along their parent chains.
 */
import {
  CONVERSATION_ATTRIBUTES,
  ERROR_TYPE_ATTRIBUTE,
  MODEL_ATTRIBUTES,
  PROVIDER_ATTRIBUTES,
  REQUEST_ID_ATTRIBUTES,
  TENANT_FALLBACK_ATTRIBUTES,
  TIMEOUT_PATTERN,
  USER_ATTRIBUTES,
  llmFactory,
} from '../../src/shared/genaiAttributes';
import {
  STATUS_CODE,
  type DecodedSpan,
  type MapContext,
  type MapResult,
  type MappedCase,
  type SkipReason,
  type UsageRow,
} from '../model';
import { spanRowId } from '../rowId';
import { firstText, spanThenResource, textOf } from './attributes';
import { signalledRole, typeFromModelAttribute } from './classify';
import { readCost } from './cost';
import { checkSpanId, checkTraceId, ledgerIdOf } from './ids';
import { leafLosers } from './leafWins';
import { SpanProblem, show } from './problem';
import { readUsage } from './tokens';

const MODEL_KEYS = MODEL_ATTRIBUTES.map((m) => m.key);
/** Column widths of token_usage_log. */
const WIDTH = { tenant: 32, model: 128, factory: 128, requestId: 64 } as const;
/** A call may not start more than this far in the future (clock skew), nor before 2000. */
const MAX_AHEAD_MS = 24 * 3600 * 1000;
const MIN_START_MS = 946684800000;
const NS_PER_MS = BigInt(1000000);
const INT_MAX = 2147483647;

const spanKey = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

function fit(field: string, value: string, width: number): string {
  if (value.length > width) {
    throw new SpanProblem('value_too_long', `${field} is longer than ${width} characters (${show(value)})`);
  }
  return value;
}

function times(span: DecodedSpan, nowMs: number): { timestampMs: number; latencyMs: number | null } {
  const start = span.startTimeUnixNano;
  const startMs = Number(start / NS_PER_MS);
  if (start <= BigInt(0) || startMs < MIN_START_MS) {
    throw new SpanProblem('invalid_time', `startTimeUnixNano is missing or before 2000 (${start})`);
  }
  if (startMs > nowMs + MAX_AHEAD_MS) {
    throw new SpanProblem('invalid_time', `startTimeUnixNano is more than a day in the future (${start})`);
  }
  const end = span.endTimeUnixNano;
  if (end === BigInt(0)) {
    return { timestampMs: startMs, latencyMs: null };
  }
  if (end < start) {
    throw new SpanProblem('invalid_time', `endTimeUnixNano (${end}) is before startTimeUnixNano (${start})`);
  }
  const latency = Number((end - start) / NS_PER_MS);
  return { timestampMs: startMs, latencyMs: latency > INT_MAX ? null : latency };
}

function statusOf(span: DecodedSpan): UsageRow['status'] {
  const errorType = textOf(span.attributes[ERROR_TYPE_ATTRIBUTE]);
  if (span.status.code !== STATUS_CODE.error && errorType === undefined) {
    return 'ok';
  }
  return TIMEOUT_PATTERN.test(errorType ?? '') || TIMEOUT_PATTERN.test(span.status.message) ? 'timeout' : 'error';
}

interface Ctx extends MapContext {
  nowMs: number;
}

/** Ancestors in the request, nearest first, bounded against cycles a hostile body could make. */
function ancestorsOf(bySpan: Map<string, DecodedSpan>) {
  return (key: string): DecodedSpan[] => {
    const out: DecodedSpan[] = [];
    let span = bySpan.get(key);
    const seen = new Set<string>([key]);
    while (span && span.parentSpanId) {
      const up = spanKey(span.traceId, span.parentSpanId);
      if (seen.has(up)) {
        break;
      }
      seen.add(up);
      span = bySpan.get(up);
      if (span) {
        out.push(span);
      }
    }
    return out;
  };
}

type Outcome = { kind: 'row'; row: UsageRow; cases: MappedCase[] } | { kind: 'skip'; reason: SkipReason };

function mapOne(span: DecodedSpan, ctx: Ctx, ancestors: (key: string) => DecodedSpan[]): Outcome {
  const attrs = span.attributes;
  const role = signalledRole(attrs);
  if (role === 'never') {
    return { kind: 'skip', reason: 'not_llm_call' };
  }
  const model = firstText(attrs, MODEL_KEYS) ?? firstText(span.resource, MODEL_KEYS);
  const usage = readUsage(attrs);
  if (role === undefined && !(model && usage)) {
    return { kind: 'skip', reason: 'not_llm_call' };
  }
  if (!model && !usage) {
    return { kind: 'skip', reason: 'no_model_no_usage' };
  }
  const traceId = checkTraceId('traceId', span.traceId);
  const spanId = checkSpanId('spanId', span.spanId);
  const parentSpanId = span.parentSpanId === null ? null : checkSpanId('parentSpanId', span.parentSpanId);
  const { timestampMs, latencyMs } = times(span, ctx.nowMs);
  const cases: MappedCase[] = [];

  const tenantFound =
    ctx.tenantFromKey ??
    spanThenResource(span, ctx.tenantAttributes)?.value ??
    spanThenResource(span, TENANT_FALLBACK_ATTRIBUTES)?.value ??
    ctx.defaultTenant;
  if (!tenantFound) {
    throw new SpanProblem(
      'no_tenant',
      `no tenant: the API key binds none and none of ${[...ctx.tenantAttributes, ...TENANT_FALLBACK_ATTRIBUTES].join(', ')} is set`
    );
  }
  const tenantId = fit('tenant', tenantFound, WIDTH.tenant);

  // User and conversation: the span, then its ancestors in this request (a framework sets them on
  // the root), then the resource.
  const chain = [span, ...ancestors(spanKey(span.traceId, span.spanId))];
  const inherited = (keys: readonly string[]) => {
    for (const s of chain) {
      const found = firstText(s.attributes, keys);
      if (found) {
        return found.value;
      }
    }
    return firstText(span.resource, keys)?.value;
  };
  const ids = (value: string | undefined) => {
    if (value === undefined) {
      return null;
    }
    const id = ledgerIdOf(value);
    if (id.hashed) {
      cases.push('id_hashed');
    }
    return id.value;
  };
  const userId = ids(inherited(USER_ATTRIBUTES));
  const conversationId = ids(inherited(CONVERSATION_ATTRIBUTES));
  const requestId = firstText(attrs, REQUEST_ID_ATTRIBUTES)?.value;

  const status = statusOf(span);
  let modelName: string;
  let cost: string | null;
  if (!model) {
    // Usage without a model: the tokens count, the price is unknown (listed as unpriced).
    modelName = 'unknown';
    cost = null;
    cases.push('usage_without_model');
  } else {
    modelName = fit(model.key, model.value, WIDTH.model);
    const own = readCost(attrs);
    if (own) {
      cases.push('cost_from_span');
    }
    // A call that failed before it produced anything cost nothing; one that succeeded without
    // reporting usage is priced by the datasource (NULL).
    cost = own?.value ?? (!usage && status !== 'ok' ? '0' : null);
    if (!usage) {
      cases.push('call_without_usage');
    }
  }
  const provider = spanThenResource(span, PROVIDER_ATTRIBUTES);
  const factory = provider ? llmFactory(provider.value) : null;

  const row: UsageRow = {
    id: spanRowId(traceId, spanId),
    tenantId,
    userId,
    modelName,
    llmFactory: factory === null ? null : fit(provider!.key, factory, WIDTH.factory),
    modelType: role ?? typeFromModelAttribute(attrs),
    inputTokens: usage?.input ?? 0,
    outputTokens: usage?.output ?? 0,
    cachedTokens: usage?.cached ?? null,
    reasoningTokens: usage?.reasoning ?? null,
    cost,
    timestampMs,
    requestId: requestId === undefined ? null : fit(REQUEST_ID_ATTRIBUTES[0], requestId, WIDTH.requestId),
    conversationId,
    latencyMs,
    status,
    traceId,
    spanId,
    parentSpanId,
  };
  return { kind: 'row', row, cases };
}

export function mapSpans(spans: DecodedSpan[], context: MapContext): MapResult {
  const ctx: Ctx = { ...context, nowMs: context.nowMs ?? Date.now() };
  const bySpan = new Map<string, DecodedSpan>();
  for (const s of spans) {
    if (s.traceId && s.spanId) {
      bySpan.set(spanKey(s.traceId, s.spanId), s);
    }
  }
  const ancestors = ancestorsOf(bySpan);
  const result: MapResult = { rows: [], rejected: [], skipped: {}, cases: {}, spans: spans.length };
  const skip = (reason: SkipReason, n = 1) => {
    result.skipped[reason] = (result.skipped[reason] ?? 0) + n;
  };
  const mapped: Array<{ row: UsageRow; cases: MappedCase[] }> = [];
  spans.forEach((span, index) => {
    try {
      const out = mapOne(span, ctx, ancestors);
      if (out.kind === 'skip') {
        skip(out.reason);
      } else {
        mapped.push(out);
      }
    } catch (e) {
      if (!(e instanceof SpanProblem)) {
        throw e;
      }
      const name = span.name ? ` (${span.name.length > 60 ? `${span.name.slice(0, 57)}...` : span.name})` : '';
      result.rejected.push({ index, reason: e.reason, message: `span ${index}${name}: ${e.message}` });
    }
  });

  const { ancestorsDropped, descendantsDropped } = leafLosers(
    mapped.map(({ row }) => ({ key: spanKey(row.traceId!, row.spanId!), tokens: row.inputTokens + row.outputTokens })),
    (key) => ancestors(key).map((s) => spanKey(s.traceId, s.spanId))
  );
  // The same span twice in one request (a resend inside a batch) is one row: the last copy wins.
  const seen = new Map<string, number>();
  for (const { row, cases } of mapped) {
    const key = spanKey(row.traceId!, row.spanId!);
    if (ancestorsDropped.has(key)) {
      skip('ancestor_of_counted');
      continue;
    }
    if (descendantsDropped.has(key)) {
      skip('descendant_without_usage');
      continue;
    }
    for (const c of cases) {
      result.cases[c] = (result.cases[c] ?? 0) + 1;
    }
    const at = seen.get(row.id);
    if (at === undefined) {
      seen.set(row.id, result.rows.length);
      result.rows.push(row);
    } else {
      result.rows[at] = row;
    }
  }
  return result;
}
