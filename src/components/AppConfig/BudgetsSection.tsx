import React from 'react';
import { BUDGETS_MAX, type TenantBudget } from '../../shared/datasourceSettings';
import { testIds } from '../../shared/testIds';
import { parseNumberInput } from '../../datasource/components/config/editing';
import { EntryCell, EntryList, EntryRow, type EntryColumn } from '../../datasource/components/config/EntryList';
import { removeAt, replaceAt, withEntryField } from '../../datasource/components/config/listEditing';
import { Section } from '../../datasource/components/config/Section';
import { BUDGET_LABELS, budgetErrors, type BudgetDraft } from './appConfigDraft';

const ids = testIds.appConfig;

const WIDTHS = { tenant: 40, monthlyBudget: 22 };

const COLUMNS: EntryColumn[] = [
  {
    label: BUDGET_LABELS.tenant,
    width: WIDTHS.tenant,
    tooltip: 'The tenant id, as the ledger stores it. One budget per tenant.',
  },
  { label: `${BUDGET_LABELS.monthlyBudget}, USD`, width: WIDTHS.monthlyBudget, tooltip: 'More than 0.' },
];

interface BudgetsSectionProps {
  budgets: BudgetDraft[];
  onChange: (budgets: BudgetDraft[]) => void;
}

/** Monthly budgets per tenant for the LLM Cost page. Read-only is the page's disabled fieldset. */
export function BudgetsSection({ budgets, onChange }: BudgetsSectionProps) {
  const errors = budgetErrors(budgets);
  const edit = <F extends keyof TenantBudget>(index: number, field: F, value: TenantBudget[F] | undefined) =>
    onChange(replaceAt(budgets, index, withEntryField(budgets[index], field, value)));

  return (
    <Section
      title="Budgets"
      description="Monthly budgets in USD per tenant. The LLM Cost page compares each tenant's month-to-date spend and month-end forecast with them; a tenant not listed here falls back to the ledger datasource's budgets. Alert rules and dashboards outside the app use the ledger datasource's own budgets, set in its datasource settings."
    >
      <EntryList
        columns={COLUMNS}
        count={budgets.length}
        max={BUDGETS_MAX}
        noun="budget"
        addTestId={ids.addBudget}
        onAdd={() => onChange([...budgets, { tenant: '' }])}
      >
        {budgets.map((budget, index) => {
          const id = `app-config-budget-${index}`;
          const row = index + 1;
          return (
            <EntryRow
              key={index}
              index={index}
              noun="budget"
              testId={ids.budgetRow(index)}
              removeTestId={ids.budgetRemove(index)}
              onRemove={() => onChange(removeAt(budgets, index))}
            >
              <EntryCell
                id={`${id}-tenant`}
                label={`${BUDGET_LABELS.tenant} of budget ${row}`}
                width={WIDTHS.tenant}
                value={budget.tenant}
                placeholder="Tenant id"
                error={errors[index].tenant}
                onChange={(text) => edit(index, 'tenant', text)}
                testId={ids.budgetTenant(index)}
              />
              <EntryCell
                id={`${id}-monthly-budget`}
                label={`${BUDGET_LABELS.monthlyBudget} of budget ${row}, USD`}
                type="number"
                width={WIDTHS.monthlyBudget}
                value={budget.monthlyBudget}
                error={errors[index].monthlyBudget}
                onChange={(text) => edit(index, 'monthlyBudget', parseNumberInput(text))}
                testId={ids.budgetMonthlyBudget(index)}
              />
            </EntryRow>
          );
        })}
      </EntryList>
    </Section>
  );
}
