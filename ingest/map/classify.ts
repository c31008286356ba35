/**
 * Is this span an LLM call, and of which type? Counting anything else (agent runs, workflows, tool
 * calls, retrievals) would count their children's usage twice. Only the span's own attributes decide:
 * a resource says nothing about one span.
 */
import {
  MODEL_ATTRIBUTES,
  ROLE_SIGNALS,
  roleOf,
  type LlmCallType,
  type SpanRole,
} from '../../src/shared/genaiAttributes';
import type { Attributes } from '../model';
import { textOf } from './attributes';

/** The role the first decisive signal names; undefined when no signal decides. */
export function signalledRole(attrs: Attributes): SpanRole | undefined {
  for (const signal of ROLE_SIGNALS) {
    const value = attrs[signal.attribute];
    if (typeof value === 'string') {
      const role = roleOf(signal, value);
      if (role !== undefined) {
        return role;
      }
    }
  }
  return undefined;
}

/** The call type a span's model attribute implies (embedding.model_name → embedding), else chat. */
export function typeFromModelAttribute(attrs: Attributes): LlmCallType {
  for (const { key, type } of MODEL_ATTRIBUTES) {
    if (textOf(attrs[key]) !== undefined) {
      return type ?? 'chat';
    }
  }
  return 'chat';
}
