/**
 * Token-usage rows: which tenant, user and model, how many tokens, what it cost, how long it took.
 * Rows come out in time order; the count per hour follows rhythm.ts, and the spike's extra rows are
 * one tenant's API-key agent hammering one model with long contexts.
 */
import { costOf, modelByName, TENANTS, type Model, type Tenant, type User } from './catalog';
import { uuid7Hex } from './ids';
import { cumulative, Rng } from './prng';
import { apportion, HOUR_MS, slotWeights, SPIKE_FIRST_HOUR, spikeOf, type Spike, type Window } from './rhythm';

export interface UsageRow {
  id: string;
  userId: string | null;
  tenantId: string;
  modelName: string;
  llmFactory: string;
  modelType: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number | null;
  reasoningTokens: number | null;
  /** USD, already rounded to 8 decimals; null for models without a price. */
  cost: number | null;
  /** Epoch ms (UTC); also create_time and update_time. */
  time: number;
  requestId: string | null;
  conversationId: string | null;
  latencyMs: number;
  status: 'ok' | 'error' | 'timeout';
}

/** Share of a tenant's calls by model type (rerank only where the tenant has a reranker). */
export const CALL_MIX = { chat: 0.68, embedding: 0.25, rerank: 0.07 };
/** Share of embedding calls made by ingestion (no user). */
export const INGESTION_SHARE = 0.65;
/** Share of chat calls made through an API key, which RAGFlow attributes to the tenant's owner. */
export const API_KEY_SHARE = 0.15;
export const ERROR_RATE = 0.01;
export const TIMEOUT_RATE = 0.003;

/** Spike calls: long agent contexts, no prompt caching. */
export const SPIKE_INPUT_MEDIAN = 14000;
export const SPIKE_OUTPUT_MEDIAN = 800;
/** How the spike's extra rows spread over its hours: ramping up until someone stops the agent. */
export const SPIKE_RAMP: readonly number[] = [0.5, 1, 1.5, 2, 2.5, 0.5];

const USAGE_NODE = 0x05ee;
const CONVERSATION_NODE = 0xc0de;

function clampInt(x: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(x)));
}

interface TenantPick {
  tenant: Tenant;
  chatModels: Model[];
  chatCum: Float64Array;
  embedding: Model;
  rerank: Model | undefined;
  userCum: Float64Array;
  owner: User;
}

function tenantPicks(): TenantPick[] {
  return TENANTS.map((tenant) => ({
    tenant,
    chatModels: tenant.chatModels.map(([name]) => modelByName(name)),
    chatCum: cumulative(tenant.chatModels.map(([, w]) => w)),
    embedding: modelByName(tenant.embeddingModel),
    rerank: tenant.rerankModel ? modelByName(tenant.rerankModel) : undefined,
    userCum: cumulative(tenant.users.map((u) => u.weight)),
    owner: tenant.users[0]!,
  }));
}

/** Row counts per hour slot: [base rows, spike rows]. */
export function usageCounts(win: Window, rows: number, calendar: Rng): { base: Int32Array; spike: Int32Array } {
  const base = slotWeights(win, calendar);
  const spike = spikeOf(win);
  let baseSum = 0;
  for (const w of base) {
    baseSum += w;
  }
  const tenantShare = spike.tenant.weight / TENANTS.reduce((s, t) => s + t.weight, 0);
  const spikeTotal = (spike.extraRowsFactor * tenantShare * baseSum) / win.days;
  const spikeWeights = new Float64Array(win.slots);
  const rampSum = SPIKE_RAMP.reduce((s, w) => s + w, 0);
  for (let h = 0; h < SPIKE_RAMP.length; h++) {
    const hourStart = spike.day + (SPIKE_FIRST_HOUR + h) * HOUR_MS;
    if (hourStart >= spike.start && hourStart < spike.end) {
      const slot = Math.floor((hourStart - win.start) / HOUR_MS);
      if (slot >= 0 && slot < win.slots) {
        spikeWeights[slot] = (spikeTotal * SPIKE_RAMP[h]!) / rampSum;
      }
    }
  }
  const all = new Float64Array(win.slots * 2);
  all.set(base, 0);
  all.set(spikeWeights, win.slots);
  const counts = apportion(rows, all);
  return { base: counts.subarray(0, win.slots), spike: counts.subarray(win.slots) };
}

/**
 * Every usage row of a run, in time order. Deterministic: the same window, row count and seed
 * give the same rows.
 */
export function* usageRows(win: Window, rows: number, root: Rng): Generator<UsageRow> {
  const rng = root.fork('usage');
  const { base, spike: spikeCounts } = usageCounts(win, rows, root.fork('calendar'));
  const spike: Spike = spikeOf(win);
  const picks = tenantPicks();
  const tenantCum = cumulative(picks.map((p) => p.tenant.weight));
  const spikePick = picks.find((p) => p.tenant.id === spike.tenant.id)!;
  const spikeModel = modelByName(spike.model);
  const conversations = new Map<string, { id: string; turnsLeft: number }>();
  let seq = 0;
  let conversationSeq = 0;

  const conversationOf = (userId: string, time: number): string => {
    let conv = conversations.get(userId);
    if (!conv || conv.turnsLeft <= 0) {
      conv = {
        id: uuid7Hex(time, rng.int(4096), rng.int(16384), CONVERSATION_NODE, conversationSeq++),
        turnsLeft: 1 + Math.floor(rng.logNormal(3, 0.6)),
      };
      conversations.set(userId, conv);
    }
    conv.turnsLeft--;
    return conv.id;
  };

  for (let slot = 0; slot < win.slots; slot++) {
    const n = base[slot]! + spikeCounts[slot]!;
    if (n === 0) {
      continue;
    }
    const slotStart = win.start + slot * HOUR_MS;
    const offsets = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      offsets[k] = Math.floor(rng.next() * HOUR_MS);
    }
    offsets.sort();
    let spikeLeft = spikeCounts[slot]!;
    for (let k = 0; k < n; k++) {
      const time = slotStart + offsets[k]!;
      const isSpike = spikeLeft > 0 && rng.next() * (n - k) < spikeLeft;
      let row: UsageRow;
      if (isSpike) {
        spikeLeft--;
        row = spikeRow(rng, spikePick, spikeModel, time);
      } else {
        row = baseRow(rng, picks[rng.weightedIndex(tenantCum)]!, time);
      }
      row.id = uuid7Hex(time, rng.int(4096), rng.int(16384), USAGE_NODE, seq++);
      if (row.modelType === 'chat' && row.userId) {
        row.conversationId = conversationOf(row.userId, time);
      }
      yield row;
    }
  }
}

function requestIdFor(rng: Rng, model: Model): string | null {
  // Self-hosted servers (Ollama, Xinference) return no request id.
  return model.factory === 'Ollama' || model.factory === 'Xinference' ? null : `req_${rng.hex(24)}`;
}

function baseRow(rng: Rng, pick: TenantPick, time: number): UsageRow {
  const { tenant } = pick;
  const chatShare = pick.rerank ? CALL_MIX.chat : CALL_MIX.chat + CALL_MIX.rerank; // no reranker: chat instead
  const kind = rng.next();
  let model: Model;
  let userId: string | null;
  if (kind < chatShare) {
    model = pick.chatModels[rng.weightedIndex(pick.chatCum)]!;
    userId = rng.chance(API_KEY_SHARE) ? pick.owner.id : tenant.users[rng.weightedIndex(pick.userCum)]!.id;
  } else if (kind < chatShare + CALL_MIX.embedding) {
    model = pick.embedding;
    userId = rng.chance(INGESTION_SHARE) ? null : tenant.users[rng.weightedIndex(pick.userCum)]!.id;
  } else {
    model = pick.rerank!;
    userId = tenant.users[rng.weightedIndex(pick.userCum)]!.id;
  }
  return callRow(rng, tenant.id, userId, model, time);
}

/** Provider timeouts RAGFlow waits for before giving up (ms). */
export const LLM_TIMEOUT_MS = 60000;

/** What an embedding call embeds: a search query is a few words, a document chunk a few hundred tokens. */
export type EmbeddingInput = 'query' | 'chunk';

export type CallUsage = Pick<
  UsageRow,
  'inputTokens' | 'outputTokens' | 'cachedTokens' | 'reasoningTokens' | 'latencyMs'
>;

/**
 * The tokens and latency of one call of `model` that ended with `status`: the distributions both
 * the seeded history and the live demo workload draw from, so that the two look alike.
 */
export function callUsage(
  rng: Rng,
  model: Model,
  status: UsageRow['status'],
  embedding: EmbeddingInput = 'chunk'
): CallUsage {
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedTokens: number | null = null;
  let reasoningTokens: number | null = null;
  let latencyMs: number;
  if (status === 'ok') {
    switch (model.type) {
      case 'chat': {
        // The prompt carries the retrieved chunks, hence ~1.8k input tokens for a short answer.
        inputTokens = clampInt(rng.logNormal(1800, 0.8), 50, 120000);
        const visible = clampInt(rng.logNormal(320, 0.7), 1, 8000);
        if (model.reasoning) {
          reasoningTokens = clampInt(rng.logNormal(700, 0.9), 0, 30000);
        }
        outputTokens = visible + (reasoningTokens ?? 0);
        if (model.caching) {
          cachedTokens = rng.chance(0.4) ? Math.floor(inputTokens * rng.between(0.3, 0.9)) : 0;
        }
        latencyMs = Math.round(
          model.firstTokenMs * rng.logNormal(1, 0.35) + (outputTokens / model.tokensPerSecond) * 1000
        );
        break;
      }
      case 'embedding':
        inputTokens =
          embedding === 'chunk' ? clampInt(rng.logNormal(700, 0.6), 8, 8191) : clampInt(rng.logNormal(24, 0.5), 3, 512);
        latencyMs = Math.round(model.firstTokenMs * rng.logNormal(1, 0.3) + inputTokens / 50);
        break;
      default:
        // Rerank: the query against the top chunks.
        inputTokens = clampInt(rng.logNormal(3000, 0.5), 100, 32000);
        latencyMs = Math.round(model.firstTokenMs * rng.logNormal(1, 0.3) + inputTokens / 100);
    }
  } else {
    // Failed calls report no usage and cost nothing.
    latencyMs = status === 'timeout' ? LLM_TIMEOUT_MS + rng.int(500) : Math.round(rng.logNormal(300, 0.5));
  }
  return { inputTokens, outputTokens, cachedTokens, reasoningTokens, latencyMs };
}

function callRow(rng: Rng, tenantId: string, userId: string | null, model: Model, time: number): UsageRow {
  const r = rng.next();
  const status: UsageRow['status'] = r < ERROR_RATE ? 'error' : r < ERROR_RATE + TIMEOUT_RATE ? 'timeout' : 'ok';
  const usage = callUsage(rng, model, status);
  return {
    id: '',
    userId,
    tenantId,
    modelName: model.name,
    llmFactory: model.factory,
    modelType: model.type,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedTokens: usage.cachedTokens,
    reasoningTokens: usage.reasoningTokens,
    cost: costOf(model, usage.inputTokens, usage.outputTokens, usage.cachedTokens ?? 0),
    time,
    requestId: requestIdFor(rng, model),
    conversationId: null,
    latencyMs: usage.latencyMs,
    status,
  };
}

function spikeRow(rng: Rng, pick: TenantPick, model: Model, time: number): UsageRow {
  const inputTokens = clampInt(rng.logNormal(SPIKE_INPUT_MEDIAN, 0.35), 4000, 150000);
  const outputTokens = clampInt(rng.logNormal(SPIKE_OUTPUT_MEDIAN, 0.5), 50, 8000);
  return {
    id: '',
    userId: pick.owner.id,
    tenantId: pick.tenant.id,
    modelName: model.name,
    llmFactory: model.factory,
    modelType: model.type,
    inputTokens,
    outputTokens,
    cachedTokens: model.caching ? 0 : null,
    reasoningTokens: null,
    cost: costOf(model, inputTokens, outputTokens, 0),
    time,
    requestId: requestIdFor(rng, model),
    conversationId: null,
    latencyMs: Math.round(model.firstTokenMs * rng.logNormal(1.5, 0.3) + (outputTokens / model.tokensPerSecond) * 1000),
    status: 'ok',
  };
}
