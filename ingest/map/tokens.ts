/**
 * A span's token counts, as the ledger stores them: input includes cached tokens, output includes
 * reasoning tokens (the spec's meaning). A producer that sends exclusive counts shows it by a cache
 * count above its input, or a reasoning count above its output; then we add them. Langfuse's usage
 * JSON is always exclusive.
 *
 * A count must be an integer from 0 to MAX_TOKENS, sent as an integer (or an integral double). A wrong
 * one rejects the span: writing 0 or skipping the attribute would hide a producer's bug in the bill.
 */
import {
  LANGFUSE_USAGE_ATTRIBUTE,
  MAX_TOKENS,
  TOKEN_ATTRIBUTES,
  langfuseUsageBucket,
  type TokenBucket,
} from '../../src/shared/genaiAttributes';
import type { Attributes, AttrValue } from '../model';
import { firstPresent } from './attributes';
import { show, SpanProblem, typeName } from './problem';

export interface Usage {
  input: number;
  output: number;
  /** Cache reads (the tokens billed at the cached price); null when the span says nothing. */
  cached: number | null;
  reasoning: number | null;
}

/** The ledger's INT columns. */
const INT_MAX = 2147483647;

/** Langfuse usage JSON longer than this is not usage. */
const MAX_JSON_CHARS = 65536;

/** One count, validated; `key` names it in the message. */
export function tokenCount(key: string, value: AttrValue): number {
  let n: number;
  if (typeof value === 'bigint') {
    if (value < BigInt(0)) {
      throw new SpanProblem('invalid_tokens', `${key} is negative (${value})`);
    }
    if (value > BigInt(MAX_TOKENS)) {
      throw new SpanProblem('invalid_tokens', `${key} is above ${MAX_TOKENS} (${value})`);
    }
    return Number(value);
  } else if (typeof value === 'number') {
    n = value;
  } else {
    throw new SpanProblem('invalid_attribute', `${key} must be an integer, not ${typeName(value)} (${show(value)})`);
  }
  if (!Number.isInteger(n)) {
    throw new SpanProblem('invalid_tokens', `${key} is not an integer (${show(n)})`);
  }
  if (n < 0) {
    throw new SpanProblem('invalid_tokens', `${key} is negative (${n})`);
  }
  if (n > MAX_TOKENS) {
    throw new SpanProblem('invalid_tokens', `${key} is above ${MAX_TOKENS} (${n})`);
  }
  return n;
}

type Counts = Record<TokenBucket, number | undefined>;

const noCounts = (): Counts => ({
  input: undefined,
  output: undefined,
  cacheRead: undefined,
  cacheCreation: undefined,
  reasoning: undefined,
});

function fromAttributes(attrs: Attributes): Counts | undefined {
  const counts = noCounts();
  let any = false;
  for (const bucket of Object.keys(TOKEN_ATTRIBUTES) as TokenBucket[]) {
    const found = firstPresent(attrs, TOKEN_ATTRIBUTES[bucket]);
    if (found) {
      counts[bucket] = tokenCount(found.key, found.value);
      any = true;
    }
  }
  return any ? counts : undefined;
}

/** Langfuse's `usage_details` JSON (`{"input": 10, "input_cached_tokens": 4, "output": 5}`), summed per bucket. */
function fromLangfuse(value: AttrValue): Counts {
  const key = LANGFUSE_USAGE_ATTRIBUTE;
  if (typeof value !== 'string' || value.length > MAX_JSON_CHARS) {
    throw new SpanProblem('invalid_attribute', `${key} must be a JSON object of token counts, not ${show(value)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new SpanProblem('invalid_attribute', `${key} is not valid JSON (${show(value)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SpanProblem('invalid_attribute', `${key} must be a JSON object of token counts, not ${show(value)}`);
  }
  const counts = noCounts();
  for (const [name, v] of Object.entries(parsed)) {
    const bucket = langfuseUsageBucket(name);
    if (bucket) {
      counts[bucket] = (counts[bucket] ?? 0) + tokenCount(`${key}.${name}`, v as AttrValue);
    }
  }
  // Exclusive buckets: the totals are the sums.
  const cache = (counts.cacheRead ?? 0) + (counts.cacheCreation ?? 0);
  counts.input = (counts.input ?? 0) + cache;
  counts.output = (counts.output ?? 0) + (counts.reasoning ?? 0);
  return counts;
}

/** The span's usage, or null when it reports none. */
export function readUsage(attrs: Attributes): Usage | null {
  let counts = fromAttributes(attrs);
  if (!counts) {
    const langfuse = attrs[LANGFUSE_USAGE_ATTRIBUTE];
    if (langfuse === undefined || langfuse === null) {
      return null;
    }
    counts = fromLangfuse(langfuse);
  }
  let input = counts.input ?? 0;
  const cache = (counts.cacheRead ?? 0) + (counts.cacheCreation ?? 0);
  if (cache > input) {
    input += cache;
  }
  let output = counts.output ?? 0;
  if ((counts.reasoning ?? 0) > output) {
    output += counts.reasoning!;
  }
  if (input > INT_MAX || output > INT_MAX) {
    throw new SpanProblem('invalid_tokens', `the token counts add up to more than ${INT_MAX}`);
  }
  return { input, output, cached: counts.cacheRead ?? null, reasoning: counts.reasoning ?? null };
}
