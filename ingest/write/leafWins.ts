/**
 * Leaf wins across requests. A parent span and its child may both carry the same usage (an SDK's outer
 * `generateText` and its inner `doGenerate`), and they often reach us in different requests (the child
 * ends, and is exported, first). The mapper settles pairs inside one request; this settles a batch's
 * rows against each other and against rows already stored: of a parent and a direct child both kept
 * as rows, the child stays unless only the parent has tokens.
 */
import type { UsageRow } from '../model';

export interface StoredSpanRow {
  id: string;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  tokens: number;
}

export interface LeafPlan {
  /** Batch rows to upsert. */
  write: UsageRow[];
  /** Ids to delete: stored rows (or earlier copies of batch rows) that lost to a relative. */
  remove: string[];
  /** Batch rows not written because a relative wins. */
  dropped: number;
}

type Winner = (parent: { tokens: number }, child: { tokens: number }) => 'parent' | 'child';

interface Node {
  id: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  tokens: number;
}

const key = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

export function planLeafWins(batch: UsageRow[], stored: StoredSpanRow[], winner: Winner): LeafPlan {
  const nodes = new Map<string, Node>();
  const add = (n: Node) => nodes.set(key(n.traceId, n.spanId), n);
  for (const s of stored) {
    if (s.traceId && s.spanId) {
      add({ id: s.id, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, tokens: s.tokens });
    }
  }
  // The batch's own values win over what is stored for the same span (a re-sent span is the same call).
  for (const r of batch) {
    if (r.traceId && r.spanId) {
      add({
        id: r.id,
        traceId: r.traceId,
        spanId: r.spanId,
        parentSpanId: r.parentSpanId,
        tokens: r.inputTokens + r.outputTokens,
      });
    }
  }
  const losers = new Set<string>();
  for (const child of nodes.values()) {
    const parent = child.parentSpanId ? nodes.get(key(child.traceId, child.parentSpanId)) : undefined;
    if (parent) {
      losers.add(winner(parent, child) === 'child' ? parent.id : child.id);
    }
  }
  const write = batch.filter((r) => !losers.has(r.id));
  return { write, remove: [...losers], dropped: batch.length - write.length };
}
