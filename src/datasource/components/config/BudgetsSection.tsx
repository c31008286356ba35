import React from 'react';
import { testIds } from '../../../shared/testIds';
import { BudgetList } from './BudgetList';
import type { ConfigEditorProps } from './editing';
import { readList, withList } from './listEditing';
import { budgetErrors } from './listValidation';

/** A monthly LLM budget per tenant, for month-to-date spend and the month-end forecast against it. */
export function BudgetsSection({ options, onOptionsChange }: ConfigEditorProps) {
  const budgets = readList(options, 'budgets');
  return (
    <BudgetList
      budgets={budgets}
      errors={budgetErrors(budgets)}
      onChange={(next) => onOptionsChange(withList(options, 'budgets', next))}
      description="Monthly budgets in USD per tenant: budget queries compare each tenant's month-to-date spend (UTC months) and its month-end forecast with them. A budget set on a query applies instead."
      tenantTooltip="The tenant id, as the usage table's column holds it."
      idPrefix="ledger-budget"
      ids={testIds.datasourceConfig}
    />
  );
}
