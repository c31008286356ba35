/**
 * The app settings as the configuration page edits them, and what it saves. The draft starts as
 * the saved jsonData (keys this version does not know are kept); a key the user never set stays
 * unset, so that its default applies, and "use the default" removes it again.
 */
import type { AppJsonData } from '../../shared/appSettings';
import { BUDGETS_MAX, type TenantBudget } from '../../shared/datasourceSettings';
import { PROVISIONED_UIDS } from '../../shared/ids';
import { amountError, BUDGET_LABELS, listLengthError } from '../../datasource/components/config/listValidation';

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

export type BudgetErrors = Partial<Record<keyof TenantBudget, string>>;

const tenantOf = (budget: BudgetDraft) => (typeof budget.tenant === 'string' ? budget.tenant.trim() : '');

/**
 * Why each budget is refused. Unlike the ledger datasource's budgets (where the last of two wins),
 * the page compares one budget per tenant, so a tenant listed twice is an error.
 */
export function budgetErrors(budgets: BudgetDraft[]): BudgetErrors[] {
  const counts = new Map<string, number>();
  for (const budget of budgets) {
    counts.set(tenantOf(budget), (counts.get(tenantOf(budget)) ?? 0) + 1);
  }
  return budgets.map((budget) => {
    const tenant = tenantOf(budget);
    return {
      tenant:
        tenant === ''
          ? `${BUDGET_LABELS.tenant} is empty.`
          : counts.get(tenant)! > 1
            ? `${BUDGET_LABELS.tenant} "${tenant}" has more than one budget; give each tenant one.`
            : undefined,
      monthlyBudget: amountError(BUDGET_LABELS.monthlyBudget, budget.monthlyBudget, 'refused'),
    };
  });
}

/** Every reason the draft cannot be saved, each naming its field; empty when it can. */
export function draftProblems(draft: AppDraft): string[] {
  const budgets = draft.budgets ?? [];
  const problems = budgetErrors(budgets).flatMap((errors, index) =>
    (Object.keys(BUDGET_LABELS) as Array<keyof TenantBudget>)
      .map((field) => errors[field])
      .filter((message): message is string => message !== undefined)
      .map((message) => `Budget ${index + 1}: ${message}`)
  );
  const tooMany = listLengthError(budgets.length, BUDGETS_MAX, 'budgets');
  return tooMany ? [...problems, `Budgets: ${tooMany}`] : problems;
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
