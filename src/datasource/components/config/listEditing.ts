/**
 * How the price and budget lists change the settings. Entries keep their order (the backend lets
 * the last of two equal entries win); an emptied number is removed from its entry rather than stored
 * as 0, so that the page flags it and the backend refuses it by name; an empty list removes the key.
 */
import type { LedgerJsonData } from '../../../shared/datasourceSettings';
import { type LedgerSettings, withJsonData } from './editing';

export type ListKey = 'prices' | 'budgets';
export type ListEntry<K extends ListKey> = NonNullable<LedgerJsonData[K]>[number];
/** An entry as it may be while edited, or as provisioning left it: any field may be missing. */
export type Draft<K extends ListKey> = Partial<ListEntry<K>>;

/** The saved entries; something other than a list, or than an object in it, reads as empty. */
export function readList<K extends ListKey>(options: LedgerSettings, key: K): Array<Draft<K>> {
  const value: unknown = options.jsonData[key];
  if (!Array.isArray(value)) {
    return [];
  }
  return value.map((entry: unknown) => (typeof entry === 'object' && entry !== null ? entry : {}) as Draft<K>);
}

/** Stores the entries; no entry removes the key. */
export function withList<K extends ListKey>(options: LedgerSettings, key: K, entries: Array<Draft<K>>): LedgerSettings {
  // Drafts may lack a field: stored as they are, flagged on the page and refused by the health check.
  return withJsonData(options, key, entries.length > 0 ? (entries as LedgerJsonData[K]) : undefined);
}

/** One field of an entry; `undefined` removes it. */
export function withEntryField<T extends object, F extends keyof T>(
  entry: Partial<T>,
  field: F,
  value: T[F] | undefined
): Partial<T> {
  const { [field]: _previous, ...rest } = entry;
  return (value === undefined ? rest : { ...rest, [field]: value }) as Partial<T>;
}

export const replaceAt = <T>(list: T[], index: number, entry: T): T[] =>
  list.map((current, i) => (i === index ? entry : current));

export const removeAt = <T>(list: T[], index: number): T[] => list.filter((_entry, i) => i !== index);

/** Today as YYYY-MM-DD in UTC, the day a new price starts from unless changed. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
