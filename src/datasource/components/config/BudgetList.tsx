import React from 'react';
import { BUDGETS_MAX, type TenantBudget } from '../../../shared/datasourceSettings';
import { parseNumberInput } from './editing';
import { EntryCell, type EntryColumn, EntryList, EntryRow } from './EntryList';
import { removeAt, replaceAt, withEntryField } from './listEditing';
import { BUDGET_LABELS, type ListErrors } from './listValidation';
import { Section } from './Section';

const WIDTHS = { tenant: 40, monthlyBudget: 22 };

/** The test ids of one budget list (the datasource's and the app's each have their own). */
export interface BudgetListIds {
  addBudget: string;
  budgetRow: (index: number) => string;
  budgetRemove: (index: number) => string;
  budgetTenant: (index: number) => string;
  budgetMonthlyBudget: (index: number) => string;
}

export interface BudgetListProps {
  budgets: Array<Partial<TenantBudget>>;
  /**
   * Why the list and each budget are refused: the same rules on both settings pages, but for a
   * tenant listed twice (the datasource takes the last budget, the app's page refuses the second).
   */
  errors: ListErrors<TenantBudget>;
  onChange: (budgets: Array<Partial<TenantBudget>>) => void;
  description: string;
  tenantTooltip: string;
  /** Prefix of the inputs' element ids, unique on the page. */
  idPrefix: string;
  ids: BudgetListIds;
}

/**
 * Monthly budgets per tenant as an editable list: the ledger datasource's (for budget queries and
 * alert rules) and the app's (for the LLM Cost page) are edited the same way.
 */
export function BudgetList({ budgets, errors, onChange, description, tenantTooltip, idPrefix, ids }: BudgetListProps) {
  const columns: EntryColumn[] = [
    { label: BUDGET_LABELS.tenant, width: WIDTHS.tenant, tooltip: tenantTooltip },
    { label: `${BUDGET_LABELS.monthlyBudget}, USD`, width: WIDTHS.monthlyBudget, tooltip: 'More than 0.' },
  ];
  const edit = <F extends keyof TenantBudget>(index: number, field: F, value: TenantBudget[F] | undefined) =>
    onChange(replaceAt(budgets, index, withEntryField(budgets[index], field, value)));

  return (
    <Section title="Budgets" description={description}>
      <EntryList
        columns={columns}
        count={budgets.length}
        max={BUDGETS_MAX}
        error={errors.list}
        noun="budget"
        addTestId={ids.addBudget}
        onAdd={() => onChange([...budgets, { tenant: '' }])}
      >
        {budgets.map((budget, index) => {
          const error = errors.entries[index] ?? {};
          const id = `${idPrefix}-${index}`;
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
                error={error.tenant}
                onChange={(text) => edit(index, 'tenant', text)}
                testId={ids.budgetTenant(index)}
              />
              <EntryCell
                id={`${id}-monthly-budget`}
                label={`${BUDGET_LABELS.monthlyBudget} of budget ${row}, USD`}
                type="number"
                width={WIDTHS.monthlyBudget}
                value={budget.monthlyBudget}
                error={error.monthlyBudget}
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
