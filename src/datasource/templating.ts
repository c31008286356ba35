/**
 * Dashboard variables inside the list filters (tenants, users, models, actions). A list entry that
 * is exactly one variable (`$tenant`, `${tenant}`, `[[tenant]]`, with or without a format) becomes
 * all of that variable's selected values; any other entry is interpolated as text. A list that ends
 * up holding the All value filters nothing.
 *
 * The interpolation function is a parameter so that the datasource (Grafana's template service) and
 * the app's "add to dashboard" (the scene's variables) expand lists the same way.
 */
import { ALL_VALUE } from '../shared/queryTypes';

/** Interpolates `text`; `format` receives the variable's value (a string or an array of strings). */
export type Interpolate = (text: string, format?: (value: unknown) => string) => string;

const WHOLE_VARIABLE = /^(?:\$\w+|\$\{\w+(?::[\w-]+)?\}|\[\[\w+(?::[\w-]+)?\]\])$/;

const asJsonList = (value: unknown) => JSON.stringify(Array.isArray(value) ? value.map(String) : [String(value)]);

/** `${name:format}` → `${name}`, `[[name:format]]` → `[[name]]`. */
const withoutFormat = (entry: string) => entry.replace(/^(\$\{\w+|\[\[\w+):[\w-]+/, '$1');

/** The values `asJsonList` wrote, or the text itself when the interpolator did not call it. */
function parseJsonList(text: string): string[] {
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        return parsed.map(String);
      }
    } catch {
      // Not our JSON: a value that happens to start with "[".
    }
  }
  return [text];
}

export function expandList(values: string[] | undefined, interpolate: Interpolate): string[] | undefined {
  if (values === undefined) {
    return undefined;
  }
  const out: string[] = [];
  for (const raw of values) {
    const entry = raw.trim();
    if (WHOLE_VARIABLE.test(entry)) {
      // A format written in the entry (`${tenant:csv}`) would win over ours and join the values.
      const bare = withoutFormat(entry);
      const replaced = interpolate(bare, asJsonList);
      // An unknown variable is left as it was written: keep it as text so the user sees it. A
      // variable whose All has a custom value (ALL_VALUE) skips the format and answers that value.
      out.push(...(replaced === bare ? [entry] : parseJsonList(replaced)));
    } else {
      out.push(interpolate(entry));
    }
  }
  if (out.includes(ALL_VALUE)) {
    return undefined;
  }
  const kept = [...new Set(out.filter((v) => v !== ''))];
  return kept;
}

/** The query's fields that hold lists of filter values. */
export const LIST_FIELDS = ['tenants', 'users', 'models', 'actions'] as const;
/** The query's free-text fields where variables are replaced as text. */
export const TEXT_FIELDS = ['text', 'search', 'message', 'eventId', 'tenant'] as const;

/** Expands the lists and replaces variables in the text fields of a query (any query type). */
export function interpolateQuery<Q extends Partial<Record<(typeof LIST_FIELDS)[number], string[]>> & object>(
  query: Q,
  interpolate: Interpolate
): Q {
  const out: Record<string, unknown> = { ...query };
  for (const field of LIST_FIELDS) {
    const list = query[field];
    if (Array.isArray(list)) {
      const expanded = expandList(list, interpolate);
      if (expanded === undefined) {
        delete out[field];
      } else {
        out[field] = expanded;
      }
    }
  }
  for (const field of TEXT_FIELDS) {
    const text = out[field];
    if (typeof text === 'string') {
      out[field] = interpolate(text);
    }
  }
  return out as Q;
}
