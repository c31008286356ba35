import React from 'react';
import { testIds } from '../../shared/testIds';
import { BudgetList } from '../../datasource/components/config/BudgetList';
import { budgetListProblems, type BudgetDraft } from './appConfigDraft';

interface BudgetsSectionProps {
  budgets: BudgetDraft[];
  onChange: (budgets: BudgetDraft[]) => void;
}

/** Monthly budgets per tenant for the LLM Cost page. Read-only is the page's disabled fieldset. */
export function BudgetsSection({ budgets, onChange }: BudgetsSectionProps) {
  return (
    <BudgetList
      budgets={budgets}
      errors={budgetListProblems(budgets)}
      onChange={onChange}
      description="Monthly budgets in USD per tenant. The LLM Cost page compares each tenant's month-to-date spend and month-end forecast with them; a tenant not listed here falls back to the ledger datasource's budgets. Alert rules and dashboards outside the app use the ledger datasource's own budgets, set in its datasource settings."
      tenantTooltip="The tenant id, as the ledger stores it. One budget per tenant."
      idPrefix="app-config-budget"
      ids={testIds.appConfig}
    />
  );
}
