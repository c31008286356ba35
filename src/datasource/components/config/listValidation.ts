/**
 * Inline checks of the price and budget lists. Like validation.ts, they only explain: the entries
 * are saved anyway, and the backend's health check refuses bad ones by field (`prices.3.model`).
 * Duplicates are accepted by the backend (the last one listed wins), so they are flagged here only.
 */
import { isCalendarDate, modelKey } from '../../../shared/pricing';
import type { PriceOverride, TenantBudget } from '../../../shared/datasourceSettings';
import type { Draft } from './listEditing';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const formatNumber = (value: number) => value.toLocaleString('en-US');

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

export type EntryErrors<T> = Partial<Record<keyof T, string>>;

/** Why a day is refused: empty, not written YYYY-MM-DD, or a day no calendar has (2025-02-30). */
export function dateError(label: string, value: unknown): string | undefined {
  if (value === undefined || value === '') {
    return `${label} is empty.`;
  }
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
    return `${label} must be a date as YYYY-MM-DD; ${JSON.stringify(value)} is not.`;
  }
  if (!isCalendarDate(value)) {
    return `${label}: ${value} is not a calendar date.`;
  }
  return undefined;
}

/** Why an amount is refused: empty, not a number, or below its floor (0 itself allowed or not). */
export function amountError(label: string, value: unknown, zero: 'allowed' | 'refused'): string | undefined {
  if (value === undefined) {
    return `${label} is empty.`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `${label} must be a number; ${JSON.stringify(value)} is not.`;
  }
  if (zero === 'allowed' ? value < 0 : value <= 0) {
    return `${label} must be ${zero === 'allowed' ? '0 or more' : 'more than 0'}; ${value} is not.`;
  }
  return undefined;
}

/** Why a list is refused as a whole: more entries than the backend takes. */
export function listLengthError(count: number, max: number, plural: string): string | undefined {
  return count > max ? `${formatNumber(count)} ${plural}: at most ${formatNumber(max)} are allowed.` : undefined;
}

/** The indexes of entries that share a key with another entry; entries without a key are skipped. */
function repeatedIndexes<T>(entries: T[], keyOf: (entry: T, index: number) => string | undefined): Set<number> {
  const byKey = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const key = keyOf(entry, index);
    if (key !== undefined) {
      byKey.set(key, [...(byKey.get(key) ?? []), index]);
    }
  });
  return new Set([...byKey.values()].filter((indexes) => indexes.length > 1).flat());
}

export const PRICE_LABELS: Record<keyof PriceOverride, string> = {
  model: 'Model',
  effectiveFrom: 'Effective from',
  inputPerMillion: 'Input price',
  outputPerMillion: 'Output price',
};

export function priceErrors(prices: Array<Draft<'prices'>>): Array<EntryErrors<PriceOverride>> {
  const errors = prices.map((price) => ({
    model: isBlank(price.model) ? `${PRICE_LABELS.model} is empty.` : undefined,
    effectiveFrom: dateError(PRICE_LABELS.effectiveFrom, price.effectiveFrom),
    inputPerMillion: amountError(PRICE_LABELS.inputPerMillion, price.inputPerMillion, 'allowed'),
    outputPerMillion: amountError(PRICE_LABELS.outputPerMillion, price.outputPerMillion, 'allowed'),
  }));
  // The same model from the same day: only whole, valid pairs count.
  const repeated = repeatedIndexes(prices, (price, index) =>
    isBlank(price.model) || errors[index].effectiveFrom !== undefined
      ? undefined
      : `${modelKey(String(price.model))} ${price.effectiveFrom}`
  );
  for (const index of repeated) {
    errors[index].model =
      `Another row also prices this model from ${prices[index].effectiveFrom}; only the last one listed applies.`;
  }
  return errors;
}

export const BUDGET_LABELS: Record<keyof TenantBudget, string> = {
  tenant: 'Tenant',
  monthlyBudget: 'Monthly budget',
};

export function budgetErrors(budgets: Array<Draft<'budgets'>>): Array<EntryErrors<TenantBudget>> {
  const errors = budgets.map((budget) => ({
    tenant: isBlank(budget.tenant) ? `${BUDGET_LABELS.tenant} is empty.` : undefined,
    monthlyBudget: amountError(BUDGET_LABELS.monthlyBudget, budget.monthlyBudget, 'refused'),
  }));
  const repeated = repeatedIndexes(budgets, (budget) => (isBlank(budget.tenant) ? undefined : budget.tenant));
  for (const index of repeated) {
    errors[index].tenant = 'Another row also budgets this tenant; only the last one listed applies.';
  }
  return errors;
}
