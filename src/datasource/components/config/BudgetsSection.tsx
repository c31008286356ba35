import React from 'react';
import { BUDGETS_MAX, type TenantBudget } from '../../../shared/datasourceSettings';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, parseNumberInput } from './editing';
import { EntryCell, type EntryColumn, EntryList, EntryRow } from './EntryList';
import { type Draft, readList, removeAt, replaceAt, withEntryField, withList } from './listEditing';
import { BUDGET_LABELS, budgetErrors } from './listValidation';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const WIDTHS = { tenant: 40, monthlyBudget: 22 };

const COLUMNS: EntryColumn[] = [
  {
    label: BUDGET_LABELS.tenant,
    width: WIDTHS.tenant,
    tooltip: "The tenant id, as the usage table's column holds it.",
  },
  { label: `${BUDGET_LABELS.monthlyBudget}, USD`, width: WIDTHS.monthlyBudget, tooltip: 'More than 0.' },
];

type Budget = Draft<'budgets'>;

/** A monthly LLM budget per tenant, for month-to-date spend and the month-end forecast against it. */
export function BudgetsSection({ options, onOptionsChange }: ConfigEditorProps) {
  const budgets = readList(options, 'budgets');
  const errors = budgetErrors(budgets);
  const save = (next: Budget[]) => onOptionsChange(withList(options, 'budgets', next));
  const edit = <F extends keyof TenantBudget>(index: number, field: F, value: TenantBudget[F] | undefined) =>
    save(replaceAt(budgets, index, withEntryField(budgets[index], field, value)));

  return (
    <Section
      title="Budgets"
      description="Monthly budgets in USD per tenant: budget queries compare each tenant's month-to-date spend (UTC months) and its month-end forecast with them. A budget set on a query applies instead."
    >
      <EntryList
        columns={COLUMNS}
        count={budgets.length}
        max={BUDGETS_MAX}
        noun="budget"
        addTestId={ids.addBudget}
        onAdd={() => save([...budgets, { tenant: '' }])}
      >
        {budgets.map((budget, index) => {
          const error = errors[index];
          const id = `ledger-budget-${index}`;
          const row = index + 1;
          return (
            <EntryRow
              key={index}
              index={index}
              noun="budget"
              testId={ids.budgetRow(index)}
              removeTestId={ids.budgetRemove(index)}
              onRemove={() => save(removeAt(budgets, index))}
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
