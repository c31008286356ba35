/**
 * A reason to reject one span, raised from deep inside the readers and caught per span by mapSpans,
 * which prefixes the span's index and name. The message names the attribute or field at fault.
 */
import type { RejectReason } from '../model';

export class SpanProblem extends Error {
  readonly reason: RejectReason;

  constructor(reason: RejectReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** A value for a message: short, quoted when text, so a huge attribute cannot bloat the response. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (typeof value === 'object' && value !== null) {
    return typeName(value);
  }
  return String(value);
}

/** The JSON type name of an attribute value, for "must be an integer, not a string". */
export function typeName(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (value === null) {
    return 'empty';
  }
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a key-value list';
    default:
      return typeof value;
  }
}
