/**
 * Reading attributes by the precedence lists of src/shared/genaiAttributes.ts: the first key with a
 * value wins, all of the span's keys before any of its resource's.
 */
import type { Attributes, AttrValue } from '../model';

export interface Found<T> {
  key: string;
  value: T;
}

/**
 * A value as text, or undefined when it says nothing: strings trimmed (empty counts as absent),
 * numbers written out; booleans, lists and key-value lists are not names or ids.
 */
export function textOf(v: AttrValue | undefined): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    return String(v);
  }
  return undefined;
}

/** The first key with a textual value. */
export function firstText(attrs: Attributes, keys: readonly string[]): Found<string> | undefined {
  for (const key of keys) {
    const t = textOf(attrs[key]);
    if (t !== undefined) {
      return { key, value: t };
    }
  }
  return undefined;
}

/** The first key with any value at all (an empty AnyValue counts as absent), for numbers we validate. */
export function firstPresent(attrs: Attributes, keys: readonly string[]): Found<AttrValue> | undefined {
  for (const key of keys) {
    const v = attrs[key];
    if (v !== undefined && v !== null) {
      return { key, value: v };
    }
  }
  return undefined;
}

/** The first textual value on the span, then on its resource. */
export function spanThenResource(
  span: { attributes: Attributes; resource: Attributes },
  keys: readonly string[]
): Found<string> | undefined {
  return firstText(span.attributes, keys) ?? firstText(span.resource, keys);
}
