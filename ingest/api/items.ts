/**
 * What the JSON write API shares between its two routes: a body that must be an array of objects,
 * each validated alone, so one bad item is answered with its index and field and the others are
 * written.
 */
import * as z from '../../src/shared/zod';

export interface ItemError {
  index: number;
  /** Dotted path of the offending field, or `item` when the item itself is wrong. */
  field: string;
  message: string;
}

export const MAX_ITEMS = 10_000;

/** A valid item as its row, or the field that still makes it unusable (e.g. no tenant). */
export type ItemRow<R> = { ok: true; row: R } | { ok: false; field: string; message: string };

export type BodyCheck = { ok: true; items: unknown[] } | { ok: false; status: 400 | 413; message: string };

/** The parsed JSON body as an item list: a bare array, or `{"items": [...]}`. */
export function itemsOf(body: unknown): BodyCheck {
  const items = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)
      ? (body as { items: unknown[] }).items
      : null;
  if (!items) {
    return { ok: false, status: 400, message: 'the body must be a JSON array of items (or {"items": [...]})' };
  }
  if (items.length > MAX_ITEMS) {
    return { ok: false, status: 413, message: `at most ${MAX_ITEMS} items per request, not ${items.length}` };
  }
  return { ok: true, items };
}

/** Validates each item; the first problem of a bad item names its field. */
export function validateItems<T>(
  items: unknown[],
  schema: z.ZodMiniType<T>
): { valid: Array<{ index: number; item: T }>; errors: ItemError[] } {
  const valid: Array<{ index: number; item: T }> = [];
  const errors: ItemError[] = [];
  items.forEach((raw, index) => {
    const parsed = z.safeParse(schema, raw);
    if (parsed.success) {
      valid.push({ index, item: parsed.data });
    } else {
      const issue = parsed.error.issues[0];
      errors.push({ index, field: issue.path.length > 0 ? issue.path.join('.') : 'item', message: issue.message });
    }
  });
  return { valid, errors };
}

/** Epoch milliseconds, or an ISO-8601 time with a zone (`Z` or ±hh:mm). */
export const instant = z.union([
  z.int().check(z.minimum(946684800000), z.maximum(32503680000000)),
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
      error: 'expected an ISO-8601 time with a zone, e.g. 2026-12-04T10:15:00.123Z, or epoch milliseconds',
    }),
    z.refine((s) => !Number.isNaN(Date.parse(s)), { error: 'not a real time' })
  ),
]);

export function instantMs(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/** RAGFlow's ids: up to 32 characters (uuid1().hex); letters, digits and _.:@- . */
export const ledgerId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(32),
    z.regex(/^[A-Za-z0-9_.:@-]+$/, { error: 'expected 1 to 32 letters, digits or _.:@-' })
  );
export const hex = (length: number) =>
  z.string().check(z.regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), { error: `expected ${length} hex digits` }));
