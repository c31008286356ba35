/**
 * The options of each query type, below the query type and the filters. Every limit comes from
 * queryOptions.ts, which checks it against the shared schemas.
 */
import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import {
  AUDIT_PAGE_SIZE_DEFAULT,
  BUDGET_LOOKBACK_WEEKS_DEFAULT,
  PING_MAX_ROWS,
  SPIKE_BASELINE_DAYS_DEFAULT,
  SPIKE_THRESHOLD_DEFAULT,
  VARIABLE_VALUES_MAX,
  type QueryType,
} from '../../../shared/queryTypes';
import { ChoiceOption } from './ChoiceOption';
import { NumberOption } from './NumberOption';
import { SwitchOption } from './SwitchOption';
import { TextOption } from './TextOption';
import type { OptionProps } from './update';

const GROUP_BY = [
  { label: 'Model', value: 'model' },
  { label: 'Tenant', value: 'tenant' },
  { label: 'User', value: 'user' },
];

function CostTimeSeriesOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <ChoiceOption
        {...props}
        field="metric"
        label="Show"
        tooltip="What each point adds up over its interval"
        fallback="cost"
        options={[
          { label: 'Cost', value: 'cost', description: 'USD, stored or estimated from the price list' },
          { label: 'Tokens', value: 'tokens', description: 'Input and output tokens' },
          { label: 'Input tokens', value: 'inputTokens' },
          { label: 'Output tokens', value: 'outputTokens' },
          { label: 'Requests', value: 'requests', description: 'LLM calls' },
        ]}
      />
      <ChoiceOption
        {...props}
        field="groupBy"
        label="One series per"
        tooltip="Split the series by model, tenant or user; None adds everything up"
        fallback="none"
        options={[{ label: 'None', value: 'none' }, ...GROUP_BY]}
      />
    </InlineFieldRow>
  );
}

function CostBreakdownOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <ChoiceOption
        {...props}
        field="groupBy"
        label="One row per"
        tooltip="What each row is"
        fallback="model"
        options={GROUP_BY}
      />
      <ChoiceOption
        {...props}
        field="sort"
        label="Sort by"
        tooltip="Highest first"
        fallback="cost"
        options={[
          { label: 'Cost', value: 'cost' },
          { label: 'Tokens', value: 'tokens' },
          { label: 'Requests', value: 'requests' },
          { label: 'Cost per request', value: 'costPerRequest' },
        ]}
      />
      <NumberOption
        {...props}
        type="costBreakdown"
        field="limit"
        label="Top"
        tooltip="Only the first rows (top N); empty keeps them all"
        placeholder="all"
      />
    </InlineFieldRow>
  );
}

function BudgetOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <NumberOption
        {...props}
        type="budget"
        field="monthlyBudget"
        label="Monthly budget"
        tooltip="USD per month for every tenant listed above, instead of the budgets in the datasource's settings"
        placeholder="from settings"
        width={16}
      />
      <NumberOption
        {...props}
        type="budget"
        field="lookbackWeeks"
        label="Forecast from"
        tooltip="Weeks of history whose weekday rhythm projects the rest of the month"
        placeholder={`${BUDGET_LOOKBACK_WEEKS_DEFAULT} weeks`}
      />
      <SwitchOption
        {...props}
        field="forAlerting"
        label="For alert rules"
        tooltip="One number per tenant, the share of its budget used (0.8 = 80 %): each tenant becomes its own alert instance"
      />
    </InlineFieldRow>
  );
}

function SpendSpikesOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <ChoiceOption
          {...props}
          field="by"
          label="Watch each"
          tooltip="Whose spend is compared with its own baseline"
          fallback="tenant"
          options={[
            { label: 'Tenant', value: 'tenant' },
            { label: 'Model', value: 'model' },
          ]}
        />
        <ChoiceOption
          {...props}
          field="granularity"
          label="Per"
          tooltip="The buckets whose spend is scored"
          fallback="hour"
          options={[
            { label: 'Hour', value: 'hour' },
            { label: 'Day', value: 'day' },
          ]}
        />
        <SwitchOption
          {...props}
          field="forAlerting"
          label="For alert rules"
          tooltip="One number per tenant or model, its highest score in the range: alert when it is above the threshold"
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="spendSpikes"
          field="baselineDays"
          label="Baseline"
          tooltip="Days of history before each bucket whose median and spread are the baseline"
          placeholder={`${SPIKE_BASELINE_DAYS_DEFAULT} days`}
        />
        <NumberOption
          {...props}
          type="spendSpikes"
          field="threshold"
          label="Threshold"
          tooltip="How many robust standard deviations (1.4826 × MAD) above the median is a spike"
          placeholder={String(SPIKE_THRESHOLD_DEFAULT)}
        />
        <NumberOption
          {...props}
          type="spendSpikes"
          field="minSpend"
          label="Ignore below"
          tooltip="USD per bucket under which spend is never a spike"
          placeholder="0 USD"
        />
      </InlineFieldRow>
    </>
  );
}

/** The audit events' page options; an annotation query needs only `pageSize` (as "At most"). */
export function AuditEventsOptions(props: OptionProps & { forAnnotations?: boolean }) {
  if (props.forAnnotations) {
    return (
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="auditEvents"
          field="pageSize"
          label="At most"
          tooltip="The latest events in the range, up to this many (and the datasource's max rows)"
          placeholder={String(AUDIT_PAGE_SIZE_DEFAULT)}
        />
      </InlineFieldRow>
    );
  }
  return (
    <>
      <InlineFieldRow>
        <ChoiceOption
          {...props}
          field="sort"
          label="Sort by"
          tooltip="The column the page is sorted by"
          fallback="time"
          options={[
            { label: 'Time', value: 'time' },
            { label: 'Action', value: 'action' },
            { label: 'User', value: 'user' },
            { label: 'Tenant', value: 'tenant' },
          ]}
        />
        <ChoiceOption
          {...props}
          field="direction"
          label="Order"
          tooltip="Newest or highest first, or the other way round"
          fallback="desc"
          options={[
            { label: 'Descending', value: 'desc' },
            { label: 'Ascending', value: 'asc' },
          ]}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="auditEvents"
          field="page"
          label="Page"
          tooltip="Which page of the sorted events"
          placeholder="1"
        />
        <NumberOption
          {...props}
          type="auditEvents"
          field="pageSize"
          label="Page size"
          tooltip="Events per page (at most the datasource's max rows)"
          placeholder={String(AUDIT_PAGE_SIZE_DEFAULT)}
        />
        <SwitchOption
          {...props}
          field="asAnnotations"
          label="As annotations"
          tooltip="Answer with time, title, text and tags, the fields Grafana draws as annotations"
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextOption
          {...props}
          field="eventId"
          label="Event id"
          tooltip="Only this event, whatever the time range"
          placeholder="optional, e.g. $event"
        />
      </InlineFieldRow>
    </>
  );
}

function VariableValuesOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <ChoiceOption
          {...props}
          field="variable"
          label="Values of"
          tooltip="What to list: the distinct values seen in the time range"
          fallback="tenants"
          options={[
            { label: 'Tenants', value: 'tenants' },
            { label: 'Users', value: 'users' },
            { label: 'Models', value: 'models' },
            { label: 'Audit actions', value: 'actions' },
          ]}
        />
        <NumberOption
          {...props}
          type="variableValues"
          field="limit"
          label="At most"
          tooltip={`How many values, up to ${VARIABLE_VALUES_MAX}`}
          placeholder={String(VARIABLE_VALUES_MAX)}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextOption
          {...props}
          field="search"
          label="Containing"
          tooltip="Only values that contain this text"
          placeholder="optional"
        />
      </InlineFieldRow>
    </>
  );
}

function PingOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <NumberOption
          {...props}
          type="ping"
          field="rows"
          label="Rows"
          tooltip={`Number of rows, 1 to ${PING_MAX_ROWS}, spread over the time range`}
          placeholder="3"
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextOption
          {...props}
          field="message"
          label="Message"
          tooltip="Echoed in the message column; dashboard variables are replaced"
          placeholder="optional text, e.g. $tenant"
        />
      </InlineFieldRow>
    </>
  );
}

const NONE = () => null;

export const TYPE_OPTIONS: Record<QueryType, (props: OptionProps) => React.JSX.Element | null> = {
  costTimeSeries: CostTimeSeriesOptions,
  costBreakdown: CostBreakdownOptions,
  costTotals: NONE,
  budget: BudgetOptions,
  spendSpikes: SpendSpikesOptions,
  unpricedModels: NONE,
  auditEvents: AuditEventsOptions,
  auditCounts: NONE,
  variableValues: VariableValuesOptions,
  ping: PingOptions,
};
