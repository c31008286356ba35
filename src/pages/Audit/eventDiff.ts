/**
 * An audit event's details, for the event detail page: the JSON pretty-printed, and, for events
 * that record a change (`{ before: {…}, after: {…} }`, e.g. KB_UPDATE, USER_ROLE_CHANGE), one row
 * per field whose value differs. Nested objects are compared field by field (`settings.color`);
 * arrays are compared as a whole, because their items have no names to show.
 */

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Dotted path inside `before`/`after`. */
  field: string;
  /** The value as shown: strings as they are, anything else as JSON; undefined when absent. */
  before?: string;
  after?: string;
  change: ChangeKind;
}

export interface EventDetails {
  /** Indented JSON; the raw text if it is not JSON; null if the event has no details. */
  pretty: string | null;
  /** Whether `pretty` is JSON (the raw text otherwise). */
  isJson: boolean;
  changes: FieldChange[];
}

/** The name given to `before`/`after` themselves when they are plain values rather than objects. */
export const WHOLE_VALUE = '(value)';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaves of `value` by dotted path; empty objects are leaves, so that `{}` → `{a: 1}` shows. */
function flatten(value: Json, path: string, out: Map<string, Json>): Map<string, Json> {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, path === '' ? key : `${path}.${key}`, out);
    }
  } else {
    out.set(path === '' ? WHOLE_VALUE : path, value);
  }
  return out;
}

function show(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The fields that differ between `details.before` and `details.after`. A side that is missing (a
 * creation has no `before`) counts as empty, so every field of the other side is added or removed.
 * No rows when the details record no change.
 */
export function changedFields(details: unknown): FieldChange[] {
  if (!isObject(details) || !('before' in details || 'after' in details)) {
    return [];
  }
  const before = flatten(details.before ?? {}, '', new Map());
  const after = flatten(details.after ?? {}, '', new Map());
  // An empty side flattens to one `(value): {}` leaf; it stands for "nothing", not a value.
  for (const side of [before, after]) {
    const whole = side.get(WHOLE_VALUE);
    if (side.size === 1 && isObject(whole) && Object.keys(whole).length === 0) {
      side.clear();
    }
  }
  const fields = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  const rows: FieldChange[] = [];
  for (const field of fields) {
    const inBefore = before.has(field);
    const inAfter = after.has(field);
    if (inBefore && inAfter) {
      const b = before.get(field)!;
      const a = after.get(field)!;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        rows.push({ field, before: show(b), after: show(a), change: 'changed' });
      }
    } else if (inBefore) {
      rows.push({ field, before: show(before.get(field)!), change: 'removed' });
    } else {
      rows.push({ field, after: show(after.get(field)!), change: 'added' });
    }
  }
  return rows;
}

/** Parses the details text once for both views. */
export function eventDetails(text: string | null): EventDetails {
  if (text === null || text === '') {
    return { pretty: null, isJson: false, changes: [] };
  }
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    // Not JSON (a hand-written audit row): show it as stored.
    return { pretty: text, isJson: false, changes: [] };
  }
  return { pretty: JSON.stringify(parsed, null, 2), isJson: true, changes: changedFields(parsed) };
}
