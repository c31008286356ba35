/**
 * The cost a producer computed for a call (OpenLIT, Logfire, OpenInference, Langfuse), as the exact
 * decimal text the ledger's DECIMAL(20,8) column stores. Absent → null: the datasource prices the row
 * from its price list, and a made-up 0 would hide it among the unpriced models.
 */
import { COST_ATTRIBUTES, LANGFUSE_COST_ATTRIBUTE } from '../../src/shared/genaiAttributes';
import type { Attributes, AttrValue } from '../model';
import { firstPresent, type Found } from './attributes';
import { show, SpanProblem, typeName } from './problem';

/** DECIMAL(20,8) holds 12 digits before the point. */
const MAX_COST = 1e12;
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;
const MAX_JSON_CHARS = 65536;

/** A non-negative finite amount with at most 8 decimals, as text ("0.0025", "3"). */
export function formatUsd(n: number): string {
  const fixed = n.toFixed(8);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function amount(key: string, value: AttrValue): number {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'bigint') {
    n = Number(value);
  } else if (typeof value === 'string' && DECIMAL.test(value)) {
    n = Number(value);
  } else {
    throw new SpanProblem(
      'invalid_attribute',
      `${key} must be a number of USD, not ${typeName(value)} (${show(value)})`
    );
  }
  if (!Number.isFinite(n) || n < 0 || n >= MAX_COST) {
    throw new SpanProblem(
      'invalid_attribute',
      `${key} must be a finite, non-negative amount below ${MAX_COST} (${show(value)})`
    );
  }
  return n;
}

/** Langfuse's `cost_details` JSON: its `total`, else the sum of its parts. */
function langfuseTotal(value: AttrValue): number {
  const key = LANGFUSE_COST_ATTRIBUTE;
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' && value.length <= MAX_JSON_CHARS ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SpanProblem('invalid_attribute', `${key} must be a JSON object of USD amounts, not ${show(value)}`);
  }
  const parts = parsed as Record<string, AttrValue>;
  if (parts.total !== undefined && parts.total !== null) {
    return amount(`${key}.total`, parts.total);
  }
  let sum = 0;
  for (const [name, v] of Object.entries(parts)) {
    sum += amount(`${key}.${name}`, v);
  }
  return amount(key, sum);
}

/** The span's own cost as decimal text, or null. */
export function readCost(attrs: Attributes): Found<string> | null {
  const found = firstPresent(attrs, COST_ATTRIBUTES);
  if (found) {
    return { key: found.key, value: formatUsd(amount(found.key, found.value)) };
  }
  const langfuse = attrs[LANGFUSE_COST_ATTRIBUTE];
  if (langfuse !== undefined && langfuse !== null) {
    return { key: LANGFUSE_COST_ATTRIBUTE, value: formatUsd(langfuseTotal(langfuse)) };
  }
  return null;
}
