/**
 * The labels of the price and budget lists' fields, and the lists' inline errors. The rules and their
 * sentences are the shared schema's (src/shared/datasourceSettingsSchema.ts), which the backend's
 * health check applies too, by field (`prices.3.model`). Like every inline error, they only explain:
 * the entries are saved anyway.
 */
import type { PriceOverride, TenantBudget } from '../../../shared/datasourceSettings';
import { budgetListErrors, priceListErrors, type ListErrors } from '../../../shared/datasourceSettingsSchema';
import type { Draft } from './listEditing';

export type { EntryErrors, ListErrors } from '../../../shared/datasourceSettingsSchema';

export const PRICE_LABELS: Record<keyof PriceOverride, string> = {
  model: 'Model',
  effectiveFrom: 'Effective from',
  inputPerMillion: 'Input price',
  outputPerMillion: 'Output price',
};

export const BUDGET_LABELS: Record<keyof TenantBudget, string> = {
  tenant: 'Tenant',
  monthlyBudget: 'Monthly budget',
};

export function priceErrors(prices: Array<Draft<'prices'>>): ListErrors<PriceOverride> {
  return priceListErrors(prices, PRICE_LABELS);
}

/** The datasource's budgets: the backend lets the last of two budgets of a tenant win. */
export function budgetErrors(budgets: Array<Draft<'budgets'>>): ListErrors<TenantBudget> {
  return budgetListErrors(budgets, BUDGET_LABELS, 'last-wins');
}
