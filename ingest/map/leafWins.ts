/**
 * Never count usage twice: of two LLM-call spans where one is an ancestor of the other (an SDK's outer
 * `generateText` and its inner `doGenerate`, an agent framework's call wrapped by an instrumented
 * client), the descendant is the call that was billed, unless only the ancestor reports tokens.
 * Inside one request we see whole chains, through spans that are not calls; the writer settles
 * direct parents and children that arrive in different requests with the same rule.
 */

export type Winner = (parent: { tokens: number }, child: { tokens: number }) => 'parent' | 'child';

export const winner: Winner = (parent, child) => (child.tokens === 0 && parent.tokens > 0 ? 'parent' : 'child');

export interface Candidate {
  /** trace/span key of the span. */
  key: string;
  tokens: number;
}

/**
 * The candidates that lose to a relative. `ancestors(key)` lists every ancestor's key present in the
 * request, nearest first (candidates or not).
 */
export function leafLosers(
  candidates: Candidate[],
  ancestors: (key: string) => string[]
): {
  ancestorsDropped: Set<string>;
  descendantsDropped: Set<string>;
} {
  const byKey = new Map(candidates.map((c) => [c.key, c]));
  const ancestorsDropped = new Set<string>();
  const descendantsDropped = new Set<string>();
  for (const child of candidates) {
    for (const up of ancestors(child.key)) {
      const parent = byKey.get(up);
      if (!parent) {
        continue;
      }
      if (winner(parent, child) === 'child') {
        ancestorsDropped.add(parent.key);
      } else {
        descendantsDropped.add(child.key);
      }
    }
  }
  // A span that lost as a descendant is not also counted as a dropped ancestor.
  for (const k of descendantsDropped) {
    ancestorsDropped.delete(k);
  }
  return { ancestorsDropped, descendantsDropped };
}
