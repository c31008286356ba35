/**
 * One simulated LLM call as RAGFlow's LLMBundle makes it (chat, query/chunk embedding, rerank),
 * returned as the token_usage_log row the ledger hook would write for it. Token and latency
 * distributions follow the seed generator's (tools/seed/usage.ts), so live rows look like the
 * seeded history the dashboards already show.
 */
import { costOf, type Model } from '../seed/catalog';
import type { Rng } from '../seed/prng';
import { callUsage, type EmbeddingInput, type UsageRow } from '../seed/usage';

export type { EmbeddingInput } from '../seed/usage';
export { LLM_TIMEOUT_MS } from '../seed/usage';

export interface CallSpec {
  tenantId: string;
  userId: string | null;
  model: Model;
  /** Epoch ms when the call starts (the row's `timestamp` and `create_time`). */
  time: number;
  /** ok, or the failure the request scenario decided on. */
  status: UsageRow['status'];
  /** A chat's retrieval embeds the question; adding a chunk embeds the chunk. */
  embeddingInput?: EmbeddingInput;
  conversationId?: string | null;
}

/** The usage row of one call; `id` is left empty for the caller's id sequence. */
export function llmCall(rng: Rng, spec: CallSpec): UsageRow {
  const { model, status } = spec;
  const { inputTokens, outputTokens, cachedTokens, reasoningTokens, latencyMs } = callUsage(
    rng,
    model,
    status,
    spec.embeddingInput ?? 'query'
  );
  return {
    id: '',
    userId: spec.userId,
    tenantId: spec.tenantId,
    modelName: model.name,
    llmFactory: model.factory,
    modelType: model.type,
    inputTokens,
    outputTokens,
    cachedTokens,
    reasoningTokens,
    cost: costOf(model, inputTokens, outputTokens, cachedTokens ?? 0),
    time: spec.time,
    // Self-hosted servers (Ollama, Xinference) return no request id.
    requestId: model.factory === 'Ollama' || model.factory === 'Xinference' ? null : `req_${rng.hex(24)}`,
    conversationId: spec.conversationId ?? null,
    latencyMs: Math.max(1, latencyMs),
    status,
  };
}
