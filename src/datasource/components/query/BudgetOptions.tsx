import React from 'react';
import { InlineFieldRow, Text } from '@grafana/ui';
import { QUERY_DEFAULTS } from '../../../shared/queryTypes';
import { testIds } from '../../../shared/testIds';
import { NumberOption } from './NumberOption';
import { SwitchOption } from './SwitchOption';
import type { OptionProps } from './update';

/** `budget`: a budget for the listed tenants, the forecast's history, and the alerting shape. */
export function BudgetOptions(props: OptionProps) {
  const appBudgets = props.query.budgets?.length ?? 0;
  return (
    <>
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="budget"
          field="monthlyBudget"
          label="Monthly budget"
          tooltip="USD per month for every tenant listed above (every tenant with spend when none is listed), instead of the budgets in the datasource's settings"
          placeholder="from settings"
          width={16}
        />
        <NumberOption
          {...props}
          type="budget"
          field="lookbackWeeks"
          label="Forecast from"
          tooltip="Weeks of history whose weekday rhythm projects the rest of the month"
          placeholder={`${QUERY_DEFAULTS.budget.lookbackWeeks} weeks`}
        />
        <SwitchOption
          {...props}
          field="forAlerting"
          label="For alert rules"
          tooltip="One number per budgeted tenant, the share of its budget used (0.8 = 80 %): each tenant becomes its own alert instance"
        />
      </InlineFieldRow>
      {/* The app's pages send their own budgets; the editor keeps them and says so, as it has no field for them. */}
      {appBudgets > 0 && (
        <div data-testid={testIds.queryEditor.option('budgets')}>
          <Text variant="bodySmall" color="secondary">
            {appBudgets === 1 ? 'One tenant budget' : `${appBudgets} tenant budgets`} from the LLM Ops app replace the
            datasource&apos;s for those tenants.
          </Text>
        </div>
      )}
    </>
  );
}
