import { createHash } from 'node:crypto';
import type { Attributes, DecodedSpan, MapContext } from '../model';
import { spanRowId } from '../rowId';
import { mapSpans } from './mapSpans';
import { winner } from './leafWins';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const START = BigInt(NOW - 60_000) * BigInt(1_000_000);

let next = 1;
function span(attributes: Attributes, over: Partial<DecodedSpan> = {}): DecodedSpan {
  const spanId = (next++).toString(16).padStart(16, '0');
  return {
    traceId: TRACE,
    spanId,
    parentSpanId: null,
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: START,
    endTimeUnixNano: START + BigInt(1_250_000_000),
    attributes,
    status: { code: 0, message: '' },
    resource: {},
    scope: { name: 'test', version: '1' },
    ...over,
  };
}

const ctx: MapContext = { tenantFromKey: null, tenantAttributes: ['tenant.id'], defaultTenant: 'tdefault', nowMs: NOW };
const chat = (extra: Attributes = {}): Attributes => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.usage.input_tokens': BigInt(100),
  'gen_ai.usage.output_tokens': BigInt(20),
  ...extra,
});

describe('mapSpans: one span', () => {
  type Case = [string, Attributes, Partial<DecodedSpan>, MapContext | null, Record<string, unknown> | string];
  // [name, attributes, span fields, context, expected row fields | skip reason | 'reject:<reason>:<text>']
  const cases: Case[] = [
    [
      'a spec chat span',
      chat(),
      {},
      null,
      {
        modelName: 'gpt-4o',
        inputTokens: 100,
        outputTokens: 20,
        modelType: 'chat',
        cost: null,
        tenantId: 'tdefault',
        status: 'ok',
        latencyMs: 1250,
        timestampMs: NOW - 60_000,
      },
    ],
    [
      'response model before request model',
      chat({ 'gen_ai.response.model': 'gpt-4o-2024-08-06' }),
      {},
      null,
      { modelName: 'gpt-4o-2024-08-06' },
    ],
    [
      'old names (prompt/completion tokens, gen_ai.system)',
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'm',
        'gen_ai.usage.prompt_tokens': BigInt(7),
        'gen_ai.usage.completion_tokens': BigInt(3),
        'gen_ai.system': 'az.ai.openai',
      },
      {},
      null,
      { inputTokens: 7, outputTokens: 3, llmFactory: 'Azure-OpenAI' },
    ],
    [
      'OpenInference LLM span',
      {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'claude-3-5-sonnet',
        'llm.token_count.prompt': BigInt(50),
        'llm.token_count.completion': BigInt(5),
        'llm.provider': 'anthropic',
      },
      {},
      null,
      { modelName: 'claude-3-5-sonnet', llmFactory: 'Anthropic', inputTokens: 50 },
    ],
    [
      'OpenInference embedding',
      {
        'openinference.span.kind': 'EMBEDDING',
        'embedding.model_name': 'text-embedding-3-small',
        'llm.token_count.prompt': BigInt(9),
      },
      {},
      null,
      { modelType: 'embedding', modelName: 'text-embedding-3-small' },
    ],
    [
      'AI SDK doGenerate',
      {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'gpt-4o-mini',
        'ai.model.provider': 'openai.chat',
        'ai.usage.promptTokens': BigInt(11),
        'ai.usage.completionTokens': BigInt(2),
      },
      {},
      null,
      { modelName: 'gpt-4o-mini', llmFactory: 'OpenAI', inputTokens: 11 },
    ],
    [
      'Langfuse generation with usage JSON (exclusive)',
      {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.model.name': 'gpt-4o',
        'langfuse.observation.usage_details':
          '{"input":10,"input_cached_tokens":4,"output":5,"output_reasoning_tokens":2}',
        'langfuse.observation.cost_details': '{"total":0.0012}',
      },
      {},
      null,
      { inputTokens: 14, outputTokens: 7, cachedTokens: 4, reasoningTokens: 2, cost: '0.0012' },
    ],
    [
      'cached inside input stays as it is',
      chat({ 'gen_ai.usage.cache_read.input_tokens': BigInt(40) }),
      {},
      null,
      { inputTokens: 100, cachedTokens: 40 },
    ],
    [
      'exclusive cache count is added',
      chat({ 'gen_ai.usage.cache_read.input_tokens': BigInt(400) }),
      {},
      null,
      { inputTokens: 500, cachedTokens: 400 },
    ],
    [
      'reasoning above output is added',
      chat({ 'gen_ai.usage.reasoning.output_tokens': BigInt(50) }),
      {},
      null,
      { outputTokens: 70, reasoningTokens: 50 },
    ],
    ['integral double tokens', chat({ 'gen_ai.usage.input_tokens': 100 }), {}, null, { inputTokens: 100 }],
    ['cost the span carries', chat({ 'gen_ai.usage.cost': 0.000123456789 }), {}, null, { cost: '0.00012346' }],
    [
      'usage without model',
      { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': BigInt(5) },
      {},
      null,
      { modelName: 'unknown', cost: null, inputTokens: 5 },
    ],
    [
      'call without usage, ok',
      { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
      {},
      null,
      { inputTokens: 0, outputTokens: 0, cost: null },
    ],
    [
      'call without usage, error',
      { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'error.type': 'RateLimitError' },
      { status: { code: 2, message: '' } },
      null,
      { cost: '0', status: 'error' },
    ],
    ['timeout', chat(), { status: { code: 2, message: 'deadline exceeded' } }, null, { status: 'timeout' }],
    ['tenant from span attribute', chat({ 'tenant.id': 'acme' }), {}, null, { tenantId: 'acme' }],
    ['tenant from resource', chat(), { resource: { 'tenant.id': 'res' } }, null, { tenantId: 'res' }],
    [
      'tenant from OpenLLMetry customer_id',
      chat({ 'traceloop.association.properties.customer_id': 'cust' }),
      {},
      null,
      { tenantId: 'cust' },
    ],
    [
      'the key tenant overrides the span',
      chat({ 'tenant.id': 'claimed' }),
      {},
      { ...ctx, tenantFromKey: 'bound' },
      { tenantId: 'bound' },
    ],
    [
      'user and conversation',
      chat({ 'user.id': 'u1', 'gen_ai.conversation.id': 'c1', 'gen_ai.response.id': 'chatcmpl-1' }),
      {},
      null,
      { userId: 'u1', conversationId: 'c1', requestId: 'chatcmpl-1' },
    ],
    ['enduser.id when no user.id', chat({ 'enduser.id': 'e1' }), {}, null, { userId: 'e1' }],
    [
      'UUID user loses its dashes',
      chat({ 'user.id': '123e4567-e89b-12d3-a456-426614174000' }),
      {},
      null,
      { userId: '123e4567e89b12d3a456426614174000' },
    ],
    ['long user id is hashed', chat({ 'user.id': 'x'.repeat(40) }), {}, null, { userId: expectHash('x'.repeat(40)) }],
    [
      'row id from trace and span',
      chat(),
      { spanId: 'aaaaaaaaaaaaaaaa' },
      null,
      { id: spanRowId(TRACE, 'aaaaaaaaaaaaaaaa'), spanId: 'aaaaaaaaaaaaaaaa', traceId: TRACE },
    ],
    [
      'agent span is never counted',
      {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': BigInt(9),
      },
      {},
      null,
      'not_llm_call',
    ],
    [
      'OpenInference CHAIN is never counted',
      { 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'm', 'llm.token_count.prompt': BigInt(1) },
      {},
      null,
      'not_llm_call',
    ],
    ['HTTP span', { 'http.method': 'POST' }, {}, null, 'not_llm_call'],
    [
      'model and usage without a signal is a call',
      { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': BigInt(1) },
      {},
      null,
      { modelName: 'm', modelType: 'chat' },
    ],
    ['chat without model or usage', { 'gen_ai.operation.name': 'chat' }, {}, null, 'no_model_no_usage'],
    [
      'negative tokens',
      chat({ 'gen_ai.usage.input_tokens': BigInt(-1) }),
      {},
      null,
      'reject:invalid_tokens:gen_ai.usage.input_tokens is negative',
    ],
    [
      'fractional tokens',
      chat({ 'gen_ai.usage.output_tokens': 2.5 }),
      {},
      null,
      'reject:invalid_tokens:gen_ai.usage.output_tokens is not an integer',
    ],
    [
      'tokens as text',
      chat({ 'gen_ai.usage.output_tokens': '20' }),
      {},
      null,
      'reject:invalid_attribute:gen_ai.usage.output_tokens must be an integer',
    ],
    [
      'tokens above a billion',
      chat({ 'gen_ai.usage.input_tokens': BigInt(2_000_000_000) }),
      {},
      null,
      'reject:invalid_tokens:is above',
    ],
    ['bad cost', chat({ 'gen_ai.usage.cost': 'lots' }), {}, null, 'reject:invalid_attribute:gen_ai.usage.cost'],
    ['zero trace id', chat(), { traceId: '0'.repeat(32) }, null, 'reject:invalid_id:traceId'],
    ['short span id', chat(), { spanId: 'abc' }, null, 'reject:invalid_id:spanId'],
    ['bad parent id', chat(), { parentSpanId: 'zz' }, null, 'reject:invalid_id:parentSpanId'],
    ['no start time', chat(), { startTimeUnixNano: BigInt(0) }, null, 'reject:invalid_time:startTimeUnixNano'],
    ['end before start', chat(), { endTimeUnixNano: START - BigInt(1) }, null, 'reject:invalid_time:endTimeUnixNano'],
    [
      'two days ahead',
      chat(),
      { startTimeUnixNano: BigInt(NOW + 2 * 86400_000) * BigInt(1_000_000), endTimeUnixNano: BigInt(0) },
      null,
      'reject:invalid_time:in the future',
    ],
    ['no tenant anywhere', chat(), {}, { ...ctx, defaultTenant: null }, 'reject:no_tenant:tenant.id'],
    ['tenant too long', chat({ 'tenant.id': 't'.repeat(33) }), {}, null, 'reject:value_too_long:tenant'],
    [
      'model too long',
      chat({ 'gen_ai.request.model': 'm'.repeat(129) }),
      {},
      null,
      'reject:value_too_long:gen_ai.request.model',
    ],
  ];

  it.each(cases)('%s', (_name, attributes, over, context, expected) => {
    const s = span(attributes, over);
    const out = mapSpans([s], context ?? ctx);
    expect(out.spans).toBe(1);
    if (typeof expected === 'string' && expected.startsWith('reject:')) {
      const [, reason, text] = expected.split(':');
      expect(out.rows).toEqual([]);
      expect(out.rejected).toHaveLength(1);
      expect(out.rejected[0].reason).toBe(reason);
      expect(out.rejected[0].index).toBe(0);
      expect(out.rejected[0].message).toContain('span 0 (chat gpt-4o)');
      expect(out.rejected[0].message).toContain(text);
    } else if (typeof expected === 'string') {
      expect(out.rows).toEqual([]);
      expect(out.rejected).toEqual([]);
      expect(out.skipped).toEqual({ [expected]: 1 });
    } else {
      expect(out.rejected).toEqual([]);
      expect(out.rows).toHaveLength(1);
      expect(out.rows[0]).toMatchObject(expected);
    }
  });
});

function expectHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

describe('mapSpans: a request', () => {
  it('keeps the leaf of a parent and child that both carry usage, through a non-LLM span', () => {
    const outer = span(
      {
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': BigInt(100),
        'gen_ai.usage.output_tokens': BigInt(20),
      },
      { name: 'ai.generateText' }
    );
    const middle = span({ 'http.method': 'POST' }, { parentSpanId: outer.spanId, name: 'http' });
    const inner = span(chat(), { parentSpanId: middle.spanId });
    const out = mapSpans([outer, middle, inner], ctx);
    expect(out.rows.map((r) => r.spanId)).toEqual([inner.spanId]);
    expect(out.skipped).toEqual({ not_llm_call: 1, ancestor_of_counted: 1 });
  });

  it('keeps the parent when only the parent has tokens', () => {
    const outer = span(chat(), { name: 'outer' });
    const inner = span(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
      { parentSpanId: outer.spanId }
    );
    const out = mapSpans([inner, outer], ctx);
    expect(out.rows.map((r) => r.spanId)).toEqual([outer.spanId]);
    expect(out.skipped).toEqual({ descendant_without_usage: 1 });
  });

  it('counts two sibling calls once each', () => {
    const root = span({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': BigInt(200) });
    const a = span(chat(), { parentSpanId: root.spanId });
    const b = span(chat(), { parentSpanId: root.spanId });
    const out = mapSpans([root, a, b], ctx);
    expect(out.rows.map((r) => r.spanId)).toEqual([a.spanId, b.spanId]);
  });

  it('inherits user and conversation from an ancestor, its own value first', () => {
    const root = span({ 'user.id': 'root-user', 'session.id': 'sess' }, { name: 'workflow' });
    const a = span(chat(), { parentSpanId: root.spanId });
    const b = span(chat({ 'user.id': 'own' }), { parentSpanId: root.spanId });
    const out = mapSpans([a, b, root], ctx);
    expect(out.rows.map((r) => [r.userId, r.conversationId])).toEqual([
      ['root-user', 'sess'],
      ['own', 'sess'],
    ]);
  });

  it('rejects bad spans by index and maps the rest', () => {
    const good = span(chat());
    const bad = span(chat({ 'gen_ai.usage.input_tokens': BigInt(-5) }), { name: 'bad one' });
    const out = mapSpans([good, bad, span(chat())], ctx);
    expect(out.rows).toHaveLength(2);
    expect(out.rejected).toEqual([
      { index: 1, reason: 'invalid_tokens', message: 'span 1 (bad one): gen_ai.usage.input_tokens is negative (-5)' },
    ]);
  });

  it('writes a span sent twice in one request once, the last copy', () => {
    const a = span(chat());
    const again = { ...a, attributes: chat({ 'gen_ai.usage.output_tokens': BigInt(21) }) };
    const out = mapSpans([a, again], ctx);
    expect(out.rows).toHaveLength(1);
    expect(out.rows[0].outputTokens).toBe(21);
  });

  it('survives a parent cycle in a hostile body', () => {
    const a = span(chat(), { spanId: '1111111111111111', parentSpanId: '2222222222222222' });
    const b = span(chat(), { spanId: '2222222222222222', parentSpanId: '1111111111111111' });
    expect(mapSpans([a, b], ctx).rows.length).toBeLessThanOrEqual(2);
  });

  it('counts the mapped cases', () => {
    const out = mapSpans(
      [
        span({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': BigInt(1) }),
        span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' }),
        span(chat({ 'gen_ai.usage.cost': 0.5, 'user.id': 'y'.repeat(50) })),
      ],
      ctx
    );
    expect(out.cases).toEqual({ usage_without_model: 1, call_without_usage: 1, cost_from_span: 1, id_hashed: 1 });
  });
});

describe('winner', () => {
  it.each([
    [{ tokens: 10 }, { tokens: 10 }, 'child'],
    [{ tokens: 10 }, { tokens: 0 }, 'parent'],
    [{ tokens: 0 }, { tokens: 0 }, 'child'],
    [{ tokens: 0 }, { tokens: 5 }, 'child'],
  ] as const)('parent %j, child %j → %s', (parent, child, expected) => {
    expect(winner(parent, child)).toBe(expected);
  });
});
