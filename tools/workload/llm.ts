/**
 * One simulated LLM call as RAGFlow's LLMBundle makes it (chat, query/chunk embedding, rerank),
 * returned as the token_usage_log row the ledger hook would write for it. Token and latency
 * distributions follow the seed generator's (tools/seed/usage.ts), so live rows look like the
 * seeded history the dashboards already show.
 */
import { costOf, type Model } from '../seed/catalog';
import type { Rng } from '../seed/prng';
import type { UsageRow } from '../seed/usage';

/** What the embedding is for: a search query is a few words, a document chunk a few hundred tokens. */
export type EmbeddingInput = 'query' | 'chunk';

export interface CallSpec {
  tenantId: string;
  userId: string | null;
  model: Model;
  /** Epoch ms when the call starts (the row's `timestamp` and `create_time`). */
  time: number;
  /** ok, or the failure the request scenario decided on. */
  status: UsageRow['status'];
  embeddingInput?: EmbeddingInput;
  conversationId?: string | null;
}

/** Provider timeouts RAGFlow waits for before giving up (ms). */
export const LLM_TIMEOUT_MS = 60000;

function clampInt(x: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(x)));
}

/** The usage row of one call; `id` is left empty for the caller's id sequence. */
export function llmCall(rng: Rng, spec: CallSpec): UsageRow {
  const { model, status } = spec;
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
          spec.embeddingInput === 'chunk'
            ? clampInt(rng.logNormal(700, 0.6), 8, 8191)
            : clampInt(rng.logNormal(24, 0.5), 3, 512);
        latencyMs = Math.round(model.firstTokenMs * rng.logNormal(1, 0.3) + inputTokens / 50);
        break;
      default:
        // Rerank: the query against the top chunks.
        inputTokens = clampInt(rng.logNormal(3000, 0.5), 100, 32000);
        latencyMs = Math.round(model.firstTokenMs * rng.logNormal(1, 0.3) + inputTokens / 100);
    }
  } else {
    // Failed calls report no usage and cost nothing (as in the seed).
    latencyMs = status === 'timeout' ? LLM_TIMEOUT_MS + rng.int(500) : Math.round(rng.logNormal(300, 0.5));
  }
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
