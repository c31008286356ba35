/**
 * Where a ledger row's fields come from in a GenAI span: the one table of attribute names, their
 * precedence and the values that decide what a span is. The ingest's mapper reads spans through it;
 * the frontend may show it (no Node or validation-library imports here). When an instrumentation
 * renames an attribute, the fix is a line in this file.
 *
 * Sources: OpenTelemetry GenAI semantic conventions (old and new names), OpenLIT, OpenLLMetry,
 * Langfuse, OpenInference, Pydantic AI / Logfire, Vercel AI SDK ≤ 6 and 7 (our ingest research,
 * genai-ingest.md). Lists are in precedence order: the first non-empty value wins, read from the span
 * before its resource.
 */

export type LlmCallType = 'chat' | 'embedding' | 'rerank';

/** What a span is: an LLM call of some type, or something that must never be counted. */
export type SpanRole = LlmCallType | 'never';

/**
 * Attributes that say what a span is, most specific first. The first one present with a value listed
 * here decides; a value not listed (Langfuse `span`, a custom operation) falls through to the next.
 * Without any decision, a span that has both a model and usage is an LLM call (AI SDK ≤ 6's outer
 * `ai.generateText`, say — the dedupe then keeps its inner `doGenerate`). Values compare lower-case.
 */
export interface RoleSignal {
  attribute: string;
  /** Compare only the part after the last `.` (AI SDK's `ai.generateText.doGenerate` → `dogenerate`). */
  lastSegment?: boolean;
  values: Readonly<Record<string, SpanRole>>;
}

export const ROLE_SIGNALS: readonly RoleSignal[] = [
  {
    // Langfuse SDK v3 observation types.
    attribute: 'langfuse.observation.type',
    values: {
      generation: 'chat',
      embedding: 'embedding',
      agent: 'never',
      tool: 'never',
      chain: 'never',
      retriever: 'never',
      evaluator: 'never',
      guardrail: 'never',
    },
  },
  {
    attribute: 'openinference.span.kind',
    values: {
      llm: 'chat',
      embedding: 'embedding',
      reranker: 'rerank',
      agent: 'never',
      chain: 'never',
      tool: 'never',
      retriever: 'never',
      guardrail: 'never',
      evaluator: 'never',
    },
  },
  {
    // OpenTelemetry GenAI semantic conventions. Agent and workflow spans repeat their children's usage
    // (semantic-conventions-genai#19), so they are never counted.
    attribute: 'gen_ai.operation.name',
    values: {
      chat: 'chat',
      text_completion: 'chat',
      completion: 'chat',
      generate_content: 'chat',
      generate: 'chat',
      embeddings: 'embedding',
      embedding: 'embedding',
      rerank: 'rerank',
      invoke_agent: 'never',
      agent_step: 'never',
      create_agent: 'never',
      invoke_workflow: 'never',
      execute_tool: 'never',
      retrieval: 'never',
    },
  },
  {
    // OpenLLMetry before it set gen_ai.operation.name.
    attribute: 'llm.request.type',
    values: { chat: 'chat', completion: 'chat', embedding: 'embedding', rerank: 'rerank' },
  },
  {
    // OpenLLMetry's decorator spans (@workflow, @task, @agent, @tool).
    attribute: 'traceloop.span.kind',
    values: { workflow: 'never', task: 'never', agent: 'never', tool: 'never' },
  },
  {
    // Vercel AI SDK ≤ 6: the provider call inside generateText / streamText / embed.
    attribute: 'ai.operationId',
    lastSegment: true,
    values: { dogenerate: 'chat', dostream: 'chat', doembed: 'embedding' },
  },
];

/**
 * Model name. `type` is the call type a model attribute implies when no role signal names one.
 * Usage reported by an agent under `gen_ai.aggregated_usage.*` (Pydantic AI ≥ 2) is never read.
 */
export const MODEL_ATTRIBUTES: ReadonlyArray<{ key: string; type?: LlmCallType }> = [
  { key: 'langfuse.observation.model.name' },
  { key: 'gen_ai.response.model' },
  { key: 'gen_ai.request.model' },
  { key: 'llm.model_name' },
  { key: 'embedding.model_name', type: 'embedding' },
  { key: 'reranker.model_name', type: 'rerank' },
  { key: 'ai.response.model' },
  { key: 'ai.model.id' },
];

/** Provider, turned into our factory name by `llmFactory`. `gen_ai.system` is its name before v1.37. */
export const PROVIDER_ATTRIBUTES: readonly string[] = [
  'gen_ai.provider.name',
  'gen_ai.system',
  'llm.provider',
  'llm.system',
  'ai.model.provider',
];

/**
 * Provider values (lower case) → the factory names RAGFlow and our price list use
 * (conf/llm_factories.json). Old semconv values (`vertex_ai`, `az.ai.openai`, `xai`) and AI SDK
 * provider ids (`amazon-bedrock`) included.
 */
export const PROVIDER_FACTORIES: Readonly<Record<string, string>> = {
  openai: 'OpenAI',
  'azure.ai.openai': 'Azure-OpenAI',
  'az.ai.openai': 'Azure-OpenAI',
  azure: 'Azure-OpenAI',
  azure_openai: 'Azure-OpenAI',
  'azure-openai': 'Azure-OpenAI',
  'azure openai': 'Azure-OpenAI',
  anthropic: 'Anthropic',
  'aws.bedrock': 'Bedrock',
  bedrock: 'Bedrock',
  'amazon-bedrock': 'Bedrock',
  aws_bedrock: 'Bedrock',
  'gcp.gemini': 'Gemini',
  'gcp.gen_ai': 'Gemini',
  gemini: 'Gemini',
  google: 'Gemini',
  google_genai: 'Gemini',
  'gcp.vertex_ai': 'Google Cloud',
  vertex_ai: 'Google Cloud',
  vertexai: 'Google Cloud',
  'google.vertex': 'Google Cloud',
  'google-vertex': 'Google Cloud',
  mistral_ai: 'Mistral',
  mistral: 'Mistral',
  mistralai: 'Mistral',
  cohere: 'Cohere',
  deepseek: 'DeepSeek',
  ollama: 'Ollama',
  x_ai: 'xAI',
  xai: 'xAI',
  groq: 'Groq',
  openrouter: 'OpenRouter',
  perplexity: 'Perplexity',
  together: 'TogetherAI',
  together_ai: 'TogetherAI',
  togetherai: 'TogetherAI',
  huggingface: 'HuggingFace',
  nvidia: 'NVIDIA',
  moonshot: 'Moonshot',
  moonshotai: 'Moonshot',
  zhipuai: 'ZHIPU-AI',
  dashscope: 'Tongyi-Qianwen',
  tongyi: 'Tongyi-Qianwen',
  voyageai: 'Voyage AI',
  jina: 'Jina',
  xinference: 'Xinference',
  localai: 'LocalAI',
  lmstudio: 'LM-Studio',
  'lm-studio': 'LM-Studio',
  vllm: 'VLLM',
  siliconflow: 'SILICONFLOW',
  replicate: 'Replicate',
  minimax: 'MiniMax',
  volcengine: 'VolcEngine',
  baichuan: 'BaiChuan',
  upstage: 'Upstage',
  deepinfra: 'DeepInfra',
};

/**
 * Token counts, one list per bucket. The spec's `input_tokens` includes cached tokens and
 * `output_tokens` reasoning tokens; producers that send exclusive counts are recognised by a cache
 * or reasoning count larger than the total it belongs to.
 */
export const TOKEN_ATTRIBUTES = {
  input: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.token_count.prompt',
    'ai.usage.inputTokens',
    'ai.usage.promptTokens',
    // AI SDK embed / embedMany.
    'ai.usage.tokens',
  ],
  output: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
    'ai.usage.outputTokens',
    'ai.usage.completionTokens',
  ],
  cacheRead: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read',
    'ai.usage.cachedInputTokens',
  ],
  cacheCreation: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    'llm.token_count.prompt_details.cache_write',
  ],
  reasoning: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
    'gen_ai.usage.details.reasoning_tokens',
    'llm.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning',
    'ai.usage.reasoningTokens',
    'ai.usage.outputTokenDetails.reasoningTokens',
  ],
} as const satisfies Record<string, readonly string[]>;

export type TokenBucket = keyof typeof TOKEN_ATTRIBUTES;

/** The largest token count one call may report; anything above is a producer's bug. */
export const MAX_TOKENS = 1_000_000_000;

/** Langfuse keeps usage and cost as JSON text; its usage buckets are exclusive (input excludes cache). */
export const LANGFUSE_USAGE_ATTRIBUTE = 'langfuse.observation.usage_details';
export const LANGFUSE_COST_ATTRIBUTE = 'langfuse.observation.cost_details';

/**
 * Which bucket a Langfuse usage key counts in, first rule that matches (`input_cached_tokens` → cache
 * read, `output_reasoning_tokens` → reasoning, `input_audio_tokens` → input). Null: not counted
 * (`total` is the sum of the others). Keys no rule matches are ignored.
 */
export const LANGFUSE_USAGE_KEYS: ReadonlyArray<{
  match: string;
  at: 'start' | 'anywhere';
  bucket: TokenBucket | null;
}> = [
  { match: 'total', at: 'anywhere', bucket: null },
  { match: 'reasoning', at: 'anywhere', bucket: 'reasoning' },
  { match: 'cache_creation', at: 'anywhere', bucket: 'cacheCreation' },
  { match: 'cache_write', at: 'anywhere', bucket: 'cacheCreation' },
  { match: 'cache', at: 'anywhere', bucket: 'cacheRead' },
  { match: 'input', at: 'start', bucket: 'input' },
  { match: 'prompt', at: 'start', bucket: 'input' },
  { match: 'output', at: 'start', bucket: 'output' },
  { match: 'completion', at: 'start', bucket: 'output' },
];

/** USD the producer computed (OpenLIT, Logfire, OpenInference); else Langfuse's cost JSON `total`. */
export const COST_ATTRIBUTES: readonly string[] = ['gen_ai.usage.cost', 'operation.cost', 'llm.cost.total'];

export const CONVERSATION_ATTRIBUTES: readonly string[] = [
  'gen_ai.conversation.id',
  'session.id',
  'langfuse.session.id',
  'traceloop.association.properties.session_id',
  'ai.telemetry.metadata.sessionId',
];

/** The provider's completion id. */
export const REQUEST_ID_ATTRIBUTES: readonly string[] = ['gen_ai.response.id'];

export const USER_ATTRIBUTES: readonly string[] = [
  'user.id',
  'enduser.id',
  'langfuse.user.id',
  'traceloop.association.properties.user_id',
  'ai.telemetry.metadata.userId',
  'gen_ai.user',
];

/** The ingest's default for `--tenant-attribute` (no semantic convention exists: semantic-conventions#162). */
export const DEFAULT_TENANT_ATTRIBUTES: readonly string[] = ['tenant.id'];

/** Read after the configured tenant attributes: OpenLLMetry's association property. */
export const TENANT_FALLBACK_ATTRIBUTES: readonly string[] = ['traceloop.association.properties.customer_id'];

/** Set (with status ERROR) when a call failed; `timeout` and the like mark a timeout. */
export const ERROR_TYPE_ATTRIBUTE = 'error.type';

/** An error type or status message that means the call timed out rather than failed. */
export const TIMEOUT_PATTERN = /timeout|deadline/i;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Our factory name for a provider value: the table above, trying `a.b.c`, then `a.b`, then `a`
 * (AI SDK's `openai.chat` → `OpenAI`, `google.vertex.chat` → `Google Cloud`). Unknown providers keep
 * their own name, trimmed; an empty one is null.
 */
export function llmFactory(provider: string): string | null {
  const given = provider.trim();
  let key = given.toLowerCase();
  while (key) {
    if (hasOwn(PROVIDER_FACTORIES, key)) {
      return PROVIDER_FACTORIES[key];
    }
    const dot = key.lastIndexOf('.');
    key = dot > 0 ? key.slice(0, dot) : '';
  }
  return given || null;
}

/** The role a signal's value names, or undefined when the value is not one of the signal's. */
export function roleOf(signal: RoleSignal, value: string): SpanRole | undefined {
  let v = value.trim().toLowerCase();
  if (signal.lastSegment) {
    v = v.slice(v.lastIndexOf('.') + 1);
  }
  return hasOwn(signal.values, v) ? signal.values[v] : undefined;
}

/** The bucket a Langfuse usage key counts in (null: not counted, undefined: unknown key). */
export function langfuseUsageBucket(key: string): TokenBucket | null | undefined {
  const k = key.toLowerCase();
  for (const rule of LANGFUSE_USAGE_KEYS) {
    if (rule.at === 'start' ? k.startsWith(rule.match) : k.includes(rule.match)) {
      return rule.bucket;
    }
  }
  return undefined;
}
