/**
 * The demo world: models with their list prices, tenants and their users. Fixed (it does not depend
 * on the seed), so tests and query code can cross-check against it. Every name and address is
 * invented; domains are under the reserved `.example` TLD.
 */
import { uuid1Hex } from './ids';

export type ModelType = 'chat' | 'embedding' | 'rerank';

/** USD per 1 million tokens. */
export interface Price {
  input: number;
  output: number;
  /** Price of input tokens served from the provider's prompt cache (defaults to `input`). */
  cachedInput?: number;
}

export interface Model {
  /** RAGFlow's `llm_name`. */
  name: string;
  /** RAGFlow's `llm_factory`. */
  factory: string;
  type: ModelType;
  /** Undefined: no per-token price is known (self-hosted, or priced per search). Rows get cost NULL. */
  price?: Price;
  /** Reports hidden reasoning tokens (counted inside output_tokens). */
  reasoning?: boolean;
  /** Reports cached input tokens (counted inside input_tokens). */
  caching?: boolean;
  /** Typical time to first token (ms) and generation speed (output tokens per second). */
  firstTokenMs: number;
  tokensPerSecond: number;
}

/**
 * List prices in USD per 1M tokens as published by the providers in 2025 (standard tier, prompts up
 * to 200k tokens, cache reads for `cachedInput`). Demo data only: the datasource keeps its own
 * effective-dated price list.
 */
export const MODELS: readonly Model[] = [
  // OpenAI
  {
    name: 'gpt-4o',
    factory: 'OpenAI',
    type: 'chat',
    price: { input: 2.5, cachedInput: 1.25, output: 10 },
    caching: true,
    firstTokenMs: 450,
    tokensPerSecond: 90,
  },
  {
    name: 'gpt-4o-mini',
    factory: 'OpenAI',
    type: 'chat',
    price: { input: 0.15, cachedInput: 0.075, output: 0.6 },
    caching: true,
    firstTokenMs: 350,
    tokensPerSecond: 120,
  },
  {
    name: 'gpt-4.1',
    factory: 'OpenAI',
    type: 'chat',
    price: { input: 2, cachedInput: 0.5, output: 8 },
    caching: true,
    firstTokenMs: 500,
    tokensPerSecond: 80,
  },
  {
    name: 'gpt-4.1-mini',
    factory: 'OpenAI',
    type: 'chat',
    price: { input: 0.4, cachedInput: 0.1, output: 1.6 },
    caching: true,
    firstTokenMs: 380,
    tokensPerSecond: 110,
  },
  {
    name: 'o4-mini',
    factory: 'OpenAI',
    type: 'chat',
    price: { input: 1.1, cachedInput: 0.275, output: 4.4 },
    caching: true,
    reasoning: true,
    firstTokenMs: 2500,
    tokensPerSecond: 100,
  },
  {
    name: 'text-embedding-3-small',
    factory: 'OpenAI',
    type: 'embedding',
    price: { input: 0.02, output: 0 },
    firstTokenMs: 60,
    tokensPerSecond: 0,
  },
  {
    name: 'text-embedding-3-large',
    factory: 'OpenAI',
    type: 'embedding',
    price: { input: 0.13, output: 0 },
    firstTokenMs: 80,
    tokensPerSecond: 0,
  },
  // Anthropic
  {
    name: 'claude-sonnet-4-20250514',
    factory: 'Anthropic',
    type: 'chat',
    price: { input: 3, cachedInput: 0.3, output: 15 },
    caching: true,
    firstTokenMs: 900,
    tokensPerSecond: 65,
  },
  {
    name: 'claude-3-5-haiku-20241022',
    factory: 'Anthropic',
    type: 'chat',
    price: { input: 0.8, cachedInput: 0.08, output: 4 },
    caching: true,
    firstTokenMs: 600,
    tokensPerSecond: 95,
  },
  {
    name: 'claude-opus-4-20250514',
    factory: 'Anthropic',
    type: 'chat',
    price: { input: 15, cachedInput: 1.5, output: 75 },
    caching: true,
    firstTokenMs: 1400,
    tokensPerSecond: 40,
  },
  // Google
  {
    name: 'gemini-2.5-pro',
    factory: 'Gemini',
    type: 'chat',
    price: { input: 1.25, cachedInput: 0.31, output: 10 },
    caching: true,
    reasoning: true,
    firstTokenMs: 2200,
    tokensPerSecond: 85,
  },
  {
    name: 'gemini-2.5-flash',
    factory: 'Gemini',
    type: 'chat',
    price: { input: 0.3, cachedInput: 0.075, output: 2.5 },
    caching: true,
    reasoning: true,
    firstTokenMs: 700,
    tokensPerSecond: 180,
  },
  {
    name: 'gemini-2.0-flash',
    factory: 'Gemini',
    type: 'chat',
    price: { input: 0.1, cachedInput: 0.025, output: 0.4 },
    caching: true,
    firstTokenMs: 400,
    tokensPerSecond: 200,
  },
  // DeepSeek
  {
    name: 'deepseek-chat',
    factory: 'DeepSeek',
    type: 'chat',
    price: { input: 0.27, cachedInput: 0.07, output: 1.1 },
    caching: true,
    firstTokenMs: 800,
    tokensPerSecond: 50,
  },
  {
    name: 'deepseek-reasoner',
    factory: 'DeepSeek',
    type: 'chat',
    price: { input: 0.55, cachedInput: 0.14, output: 2.19 },
    caching: true,
    reasoning: true,
    firstTokenMs: 3000,
    tokensPerSecond: 45,
  },
  // Mistral
  {
    name: 'mistral-large-latest',
    factory: 'Mistral',
    type: 'chat',
    price: { input: 2, output: 6 },
    firstTokenMs: 500,
    tokensPerSecond: 60,
  },
  // Without a per-token price: self-hosted models, and a reranker billed per search.
  { name: 'qwen2.5:72b', factory: 'Ollama', type: 'chat', firstTokenMs: 700, tokensPerSecond: 25 },
  { name: 'llama3.1:8b', factory: 'Ollama', type: 'chat', firstTokenMs: 200, tokensPerSecond: 70 },
  { name: 'bge-m3', factory: 'Ollama', type: 'embedding', firstTokenMs: 40, tokensPerSecond: 0 },
  { name: 'BAAI/bge-reranker-v2-m3', factory: 'Xinference', type: 'rerank', firstTokenMs: 120, tokensPerSecond: 0 },
  { name: 'rerank-v3.5', factory: 'Cohere', type: 'rerank', firstTokenMs: 150, tokensPerSecond: 0 },
];

export const MODELS_BY_NAME: ReadonlyMap<string, Model> = new Map(MODELS.map((m) => [m.name, m]));

export function modelByName(name: string): Model {
  const model = MODELS_BY_NAME.get(name);
  if (!model) {
    throw new Error(`unknown model ${name}`);
  }
  return model;
}

/** Names of the models that have no price (their rows carry cost NULL). */
export const UNPRICED_MODELS: readonly string[] = MODELS.filter((m) => !m.price).map((m) => m.name);

/**
 * USD for one call: uncached input, cached input and output tokens at the model's prices, rounded
 * to 8 decimals like the `cost DECIMAL(20,8)` column. Null when the model has no price.
 */
export function costOf(model: Model, inputTokens: number, outputTokens: number, cachedTokens = 0): number | null {
  const price = model.price;
  if (!price) {
    return null;
  }
  const cachedPrice = price.cachedInput ?? price.input;
  const micro = (inputTokens - cachedTokens) * price.input + cachedTokens * cachedPrice + outputTokens * price.output;
  return Math.round(micro * 100) / 1e8;
}

export type TenantRole = 'owner' | 'admin' | 'normal';

export interface User {
  /** 32 hex digits; a tenant's owner has the tenant's id, as in RAGFlow. */
  id: string;
  tenantId: string;
  email: string;
  nickname: string;
  role: TenantRole;
  /** Relative activity within the tenant. */
  weight: number;
  /** Usual client address (documentation ranges only). */
  ip: string;
}

export interface Tenant {
  /** = the owner's user id (RAGFlow: tenant.id is its owner's user id). */
  id: string;
  name: string;
  domain: string;
  /** Share of all LLM traffic (normalised over tenants). */
  weight: number;
  /** Chat models this tenant uses, with relative weights. */
  chatModels: ReadonlyArray<readonly [string, number]>;
  embeddingModel: string;
  rerankModel?: string;
  users: readonly User[];
}

interface TenantSpec {
  name: string;
  slug: string;
  weight: number;
  users: number;
  emailStyle: 'first.last' | 'flast' | 'first_last';
  chatModels: ReadonlyArray<readonly [string, number]>;
  embeddingModel: string;
  rerankModel?: string;
}

const TENANT_SPECS: readonly TenantSpec[] = [
  {
    name: 'Acme Analytics',
    slug: 'acme',
    weight: 24,
    users: 12,
    emailStyle: 'first.last',
    chatModels: [
      ['gpt-4o-mini', 50],
      ['gpt-4o', 20],
      ['gpt-4.1-mini', 15],
      ['o4-mini', 5],
      ['qwen2.5:72b', 10],
    ],
    embeddingModel: 'text-embedding-3-small',
    rerankModel: 'BAAI/bge-reranker-v2-m3',
  },
  {
    name: 'Bluefin Legal',
    slug: 'bluefin',
    weight: 15,
    users: 9,
    emailStyle: 'flast',
    chatModels: [
      ['claude-sonnet-4-20250514', 45],
      ['claude-3-5-haiku-20241022', 40],
      ['claude-opus-4-20250514', 3],
      ['llama3.1:8b', 12],
    ],
    embeddingModel: 'text-embedding-3-large',
    rerankModel: 'rerank-v3.5',
  },
  {
    name: 'Cedar Health',
    slug: 'cedar',
    weight: 14,
    users: 8,
    emailStyle: 'first.last',
    chatModels: [
      ['gemini-2.5-flash', 55],
      ['gemini-2.5-pro', 15],
      ['gemini-2.0-flash', 30],
    ],
    embeddingModel: 'bge-m3',
  },
  {
    name: 'Dunmore Support',
    slug: 'dunmore',
    weight: 11,
    users: 7,
    emailStyle: 'first_last',
    chatModels: [
      ['gpt-4o-mini', 70],
      ['gpt-4.1', 10],
      ['deepseek-chat', 20],
    ],
    embeddingModel: 'text-embedding-3-small',
  },
  {
    name: 'Eastgate Retail',
    slug: 'eastgate',
    weight: 9,
    users: 6,
    emailStyle: 'first.last',
    chatModels: [
      ['deepseek-chat', 60],
      ['deepseek-reasoner', 15],
      ['qwen2.5:72b', 25],
    ],
    embeddingModel: 'bge-m3',
    rerankModel: 'BAAI/bge-reranker-v2-m3',
  },
  {
    name: 'Fjord Research',
    slug: 'fjord',
    weight: 7,
    users: 5,
    emailStyle: 'flast',
    chatModels: [
      ['claude-sonnet-4-20250514', 35],
      ['gpt-4.1', 25],
      ['gemini-2.5-pro', 25],
      ['o4-mini', 15],
    ],
    embeddingModel: 'text-embedding-3-large',
  },
  {
    name: 'Granite Insurance',
    slug: 'granite',
    weight: 6,
    users: 5,
    emailStyle: 'first.last',
    chatModels: [
      ['mistral-large-latest', 60],
      ['llama3.1:8b', 40],
    ],
    embeddingModel: 'bge-m3',
  },
  {
    name: 'Harbor Logistics',
    slug: 'harbor',
    weight: 5,
    users: 4,
    emailStyle: 'first_last',
    chatModels: [
      ['gpt-4o-mini', 80],
      ['gpt-4o', 20],
    ],
    embeddingModel: 'text-embedding-3-small',
  },
  {
    name: 'Ivy University',
    slug: 'ivy',
    weight: 4,
    users: 4,
    emailStyle: 'flast',
    chatModels: [
      ['llama3.1:8b', 50],
      ['qwen2.5:72b', 30],
      ['gemini-2.0-flash', 20],
    ],
    embeddingModel: 'bge-m3',
    rerankModel: 'BAAI/bge-reranker-v2-m3',
  },
  {
    name: 'Juniper Media',
    slug: 'juniper',
    weight: 2.5,
    users: 3,
    emailStyle: 'first.last',
    chatModels: [
      ['claude-3-5-haiku-20241022', 60],
      ['gpt-4.1-mini', 40],
    ],
    embeddingModel: 'text-embedding-3-small',
  },
  {
    name: 'Kestrel Energy',
    slug: 'kestrel',
    weight: 2,
    users: 3,
    emailStyle: 'first.last',
    chatModels: [
      ['gpt-4.1', 50],
      ['o4-mini', 50],
    ],
    embeddingModel: 'text-embedding-3-large',
  },
  {
    name: 'Lumen Bank',
    slug: 'lumen',
    weight: 1.5,
    users: 3,
    emailStyle: 'first_last',
    chatModels: [
      ['claude-sonnet-4-20250514', 50],
      ['mistral-large-latest', 50],
    ],
    embeddingModel: 'text-embedding-3-large',
    rerankModel: 'rerank-v3.5',
  },
];

const FIRST_NAMES =
  'Alice Bruno Chiara Dmitri Elena Farid Grace Hiro Ingrid José Kamala Lars Mei Nadia Omar Priya Quentin Rosa Sven Tomás Uma Viktor Wen Ximena Yusuf Zoë Amara Björn Chloé Diego Emeka Fatima Gustav Hana Ivan Jana'.split(
    ' '
  );

const LAST_NAMES =
  'Novak Okafor Lindqvist Moreau Tanaka Haddad Kowalski Silva Nguyen Fischer Müller Rossi Patel Kim Andersen García Ivanova Dubois Mensah Costa Yilmaz Schmidt Larsen Núñez Sato Bauer Petrov Ahmed Weber Ortiz Brennan Virtanen Horvat Chen Ferreira Jensen Romero'.split(
    ' '
  );

/** ASCII, lower case, letters only: 'José' -> 'jose'. */
export function asciiSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export function emailFor(first: string, last: string, domain: string, style: TenantSpec['emailStyle']): string {
  const f = asciiSlug(first);
  const l = asciiSlug(last);
  switch (style) {
    case 'flast':
      return `${f[0]}${l}@${domain}`;
    case 'first_last':
      return `${f}_${l}@${domain}`;
    default:
      return `${f}.${l}@${domain}`;
  }
}

/** The catalog's ids are uuid1-shaped with fixed creation instants, starting 2025-03-03 09:00 UTC. */
const CATALOG_EPOCH = Date.UTC(2025, 2, 3, 9, 0, 0);
const CATALOG_NODE_HI = 0xca7a;

function buildTenants(): Tenant[] {
  let userIndex = 0;
  return TENANT_SPECS.map((spec, t) => {
    const domain = `${spec.slug}.example`;
    const users: User[] = [];
    let tenantId = '';
    for (let u = 0; u < spec.users; u++) {
      const first = FIRST_NAMES[(userIndex * 7 + 3) % FIRST_NAMES.length]!;
      const last = LAST_NAMES[(userIndex * 11 + 5) % LAST_NAMES.length]!;
      const created = CATALOG_EPOCH + t * 86400000 * 9 + u * 3600000 * 26;
      const id = uuid1Hex(created, (userIndex * 37) % 10000, 0x1000 + userIndex, CATALOG_NODE_HI, userIndex);
      if (u === 0) {
        tenantId = id;
      }
      const role: TenantRole = u === 0 ? 'owner' : u <= Math.floor(spec.users / 4) ? 'admin' : 'normal';
      users.push({
        id,
        tenantId,
        email: emailFor(first, last, domain, spec.emailStyle),
        nickname: `${first} ${last}`,
        role,
        // A few heavy users per tenant, a long tail of occasional ones.
        weight: Math.round((100 / (1 + u * 0.6)) * 10) / 10,
        ip: `${t % 2 === 0 ? '198.51.100' : '192.0.2'}.${(userIndex * 3 + 10) % 250}`,
      });
      userIndex++;
    }
    return {
      id: tenantId,
      name: spec.name,
      domain,
      weight: spec.weight,
      chatModels: spec.chatModels,
      embeddingModel: spec.embeddingModel,
      rerankModel: spec.rerankModel,
      users,
    };
  });
}

export const TENANTS: readonly Tenant[] = buildTenants();
export const USERS: readonly User[] = TENANTS.flatMap((t) => t.users);

export function tenantByName(name: string): Tenant {
  const tenant = TENANTS.find((t) => t.name === name);
  if (!tenant) {
    throw new Error(`unknown tenant ${name}`);
  }
  return tenant;
}

/** Every model a tenant may use must be in the catalog. */
for (const tenant of TENANTS) {
  for (const [name] of tenant.chatModels) {
    modelByName(name);
  }
  modelByName(tenant.embeddingModel);
  if (tenant.rerankModel) {
    modelByName(tenant.rerankModel);
  }
}
