/**
 * The app settings as the configuration page edits them, and what it saves. The draft starts as
 * the saved jsonData (keys this version does not know are kept); a key the user never set stays
 * unset, so that its default applies, and "use the default" removes it again.
 */
import type { AppJsonData } from '../../shared/appSettings';
import type { TenantBudget } from '../../shared/datasourceSettings';
import { budgetListErrors, type EntryErrors, type ListErrors } from '../../shared/datasourceSettingsSchema';
import { PROVISIONED_UIDS } from '../../shared/ids';
import { BUDGET_LABELS } from '../../datasource/components/config/listValidation';

/** A budget as it may be while edited: a new row has no amount yet. */
export type BudgetDraft = Partial<TenantBudget>;

export type AppDraft = Omit<AppJsonData, 'budgets'> & { budgets?: BudgetDraft[] } & Record<string, unknown>;

export type DatasourceKey =
  'ledgerDatasourceUid' | 'prometheusDatasourceUid' | 'lokiDatasourceUid' | 'jaegerDatasourceUid';

export interface DatasourceField {
  key: DatasourceKey;
  label: string;
  /** The datasource plugin id the picker lists. */
  pluginId: string;
  /** The uid the provisioning files give it, in effect while the setting is unset. */
  defaultUid: string;
  /** What uses it, and what happens without it. */
  description: string;
}

export const DATASOURCE_FIELDS: DatasourceField[] = [
  {
    key: 'ledgerDatasourceUid',
    label: 'Ledger',
    pluginId: 'llmops-ledger-datasource',
    defaultUid: PROVISIONED_UIDS.ledger,
    description: 'The LLM Ops Ledger datasource the LLM Cost and Audit Trail pages query.',
  },
  {
    key: 'prometheusDatasourceUid',
    label: 'Prometheus',
    pluginId: 'prometheus',
    defaultUid: PROVISIONED_UIDS.prometheus,
    description: "Service Health's request, error, latency, CPU and memory panels.",
  },
  {
    key: 'lokiDatasourceUid',
    label: 'Loki',
    pluginId: 'loki',
    defaultUid: PROVISIONED_UIDS.loki,
    description: "Service Health's log volume and logs.",
  },
  {
    key: 'jaegerDatasourceUid',
    label: 'Jaeger',
    pluginId: 'jaeger',
    defaultUid: PROVISIONED_UIDS.jaeger,
    description: "Service Health's latest traces.",
  },
];

/** Sets a key; `undefined` removes it (its default applies). */
export function withKey<K extends keyof AppDraft>(draft: AppDraft, key: K, value: AppDraft[K] | undefined): AppDraft {
  const { [key]: _previous, ...rest } = draft;
  return (value === undefined ? rest : { ...rest, [key]: value }) as AppDraft;
}

export type BudgetErrors = EntryErrors<TenantBudget>;

const tenantOf = (budget: BudgetDraft) => (typeof budget.tenant === 'string' ? budget.tenant.trim() : '');

/** The budgets as they will be saved: tenants trimmed (anything else is left for the rules to name). */
const trimmed = (budgets: BudgetDraft[]): BudgetDraft[] =>
  budgets.map((budget) => (typeof budget.tenant === 'string' ? { ...budget, tenant: budget.tenant.trim() } : budget));

/**
 * Why the budget list and each budget are refused: the ledger datasource's budget rules (the shared
 * schema), applied to the budgets as they will be saved. Unlike the datasource's budgets (where the
 * last of two wins), the page compares one budget per tenant, so a tenant listed twice is an error.
 */
export function budgetListProblems(budgets: BudgetDraft[]): ListErrors<TenantBudget> {
  return budgetListErrors(trimmed(budgets), BUDGET_LABELS, 'refused');
}

/** Why each budget is refused, by index. */
export function budgetErrors(budgets: BudgetDraft[]): BudgetErrors[] {
  return budgetListProblems(budgets).entries;
}

/** Every reason the draft cannot be saved, each naming its field; empty when it can. */
export function draftProblems(draft: AppDraft): string[] {
  const errors = budgetListProblems(draft.budgets ?? []);
  const problems = errors.entries.flatMap((entry, index) =>
    (Object.keys(BUDGET_LABELS) as Array<keyof TenantBudget>)
      .map((field) => entry[field])
      .filter((message): message is string => message !== undefined)
      .map((message) => `Budget ${index + 1}: ${message}`)
  );
  return errors.list ? [...problems, `Budgets: ${errors.list}`] : problems;
}

/**
 * The jsonData to save: the service name and tenants trimmed, an empty service name or budget list
 * removed (their defaults apply). Call only when `draftProblems` is empty.
 */
export function jsonDataToSave(draft: AppDraft): AppJsonData {
  let out = draft;
  const name = typeof draft.serviceName === 'string' ? draft.serviceName.trim() : undefined;
  out = withKey(out, 'serviceName', name === '' ? undefined : name);
  const budgets = (draft.budgets ?? []).map((b) => ({ tenant: tenantOf(b), monthlyBudget: b.monthlyBudget! }));
  out = withKey(out, 'budgets', budgets.length > 0 ? budgets : undefined);
  return out as AppJsonData;
}
