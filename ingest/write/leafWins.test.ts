import type { UsageRow } from '../model';
import { spanRowId } from '../rowId';
import { planLeafWins, type StoredSpanRow } from './leafWins';

const T = 'a'.repeat(32);
const winner = (parent: { tokens: number }, child: { tokens: number }) =>
  child.tokens === 0 && parent.tokens > 0 ? 'parent' : 'child';

function row(span: string, parent: string | null, tokens: number): UsageRow {
  return {
    id: spanRowId(T, span),
    tenantId: 't',
    userId: null,
    modelName: 'gpt-4o',
    llmFactory: null,
    modelType: 'chat',
    inputTokens: tokens,
    outputTokens: 0,
    cachedTokens: null,
    reasoningTokens: null,
    cost: null,
    timestampMs: 0,
    requestId: null,
    conversationId: null,
    latencyMs: null,
    status: 'ok',
    traceId: T,
    spanId: span,
    parentSpanId: parent,
  };
}
const storedRow = (span: string, parent: string | null, tokens: number): StoredSpanRow => ({
  id: spanRowId(T, span),
  traceId: T,
  spanId: span,
  parentSpanId: parent,
  tokens,
});
const S = (n: number) => String(n).padStart(16, '0');

describe('leaf wins across requests', () => {
  it.each<[string, UsageRow[], StoredSpanRow[], string[], string[]]>([
    ['a lone span is written', [row(S(1), S(9), 10)], [], [S(1)], []],
    [
      'the child arrives after its stored parent: the parent goes',
      [row(S(2), S(1), 10)],
      [storedRow(S(1), null, 10)],
      [S(2)],
      [S(1)],
    ],
    [
      'the parent arrives after its stored child: it is not written',
      [row(S(1), null, 10)],
      [storedRow(S(2), S(1), 10)],
      [],
      [S(1)],
    ],
    [
      'only the stored parent has tokens: the child is not written',
      [row(S(2), S(1), 0)],
      [storedRow(S(1), null, 10)],
      [],
      [S(2)],
    ],
    [
      'only the parent in the batch has tokens: the stored child goes',
      [row(S(1), null, 10)],
      [storedRow(S(2), S(1), 0)],
      [S(1)],
      [S(2)],
    ],
    ['both in one batch', [row(S(1), null, 10), row(S(2), S(1), 10)], [], [S(2)], [S(1)]],
    [
      'a chain of three: the leaf',
      [row(S(1), null, 5), row(S(2), S(1), 5), row(S(3), S(2), 5)],
      [],
      [S(3)],
      [S(1), S(2)],
    ],
    [
      'a chain whose leaf has no tokens: the middle',
      [row(S(1), null, 5), row(S(2), S(1), 5), row(S(3), S(2), 0)],
      [],
      [S(2)],
      [S(1), S(3)],
    ],
    ['siblings both stay', [row(S(2), S(1), 5), row(S(3), S(1), 5)], [], [S(2), S(3)], []],
    [
      'a re-sent child with its stored self and stored parent',
      [row(S(2), S(1), 10)],
      [storedRow(S(2), S(1), 10), storedRow(S(1), null, 10)],
      [S(2)],
      [S(1)],
    ],
  ])('%s', (_name, batch, stored, written, removed) => {
    const plan = planLeafWins(batch, stored, winner);
    expect(plan.write.map((r) => r.spanId)).toEqual(written);
    expect(plan.remove.sort()).toEqual(removed.map((s) => spanRowId(T, s)).sort());
    expect(plan.dropped).toBe(batch.length - written.length);
  });

  it('rows without a trace are written as they are', () => {
    const r = { ...row(S(1), null, 1), traceId: null, spanId: null };
    expect(planLeafWins([r], [], winner)).toEqual({ write: [r], remove: [], dropped: 0 });
  });

  it('the same span id in another trace is another span', () => {
    const other = { ...row(S(1), null, 10), traceId: 'b'.repeat(32), id: spanRowId('b'.repeat(32), S(1)) };
    expect(planLeafWins([other, row(S(2), S(1), 10)], [], winner).write).toHaveLength(2);
  });
});
