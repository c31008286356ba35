import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { ChoiceOption } from './ChoiceOption';
import { NumberOption } from './NumberOption';
import type { OptionProps } from './update';
import { QUERY_DEFAULTS, TOP_CALLS_LIMIT_MAX } from '../../../shared/queryTypes';

const GROUP_BY = [
  { label: 'Model', value: 'model' },
  { label: 'Tenant', value: 'tenant' },
  { label: 'User', value: 'user' },
];

/** `costTimeSeries`: what each point adds up, and what splits the series. */
export function CostTimeSeriesOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <ChoiceOption
        {...props}
        field="metric"
        label="Show"
        tooltip="What each point adds up over its interval"
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
        options={[{ label: 'None', value: 'none' }, ...GROUP_BY]}
      />
    </InlineFieldRow>
  );
}

/** `costBreakdown`: what a row is, its order, and how many rows (top N). */
export function CostBreakdownOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <ChoiceOption {...props} field="groupBy" label="One row per" tooltip="What each row is" options={GROUP_BY} />
      <ChoiceOption
        {...props}
        field="sort"
        label="Sort by"
        tooltip="Highest first"
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
        tooltip="Only the first rows (top N); empty keeps them all, up to the datasource's max rows"
        placeholder="all"
      />
    </InlineFieldRow>
  );
}

/** `costTopCalls`: how many calls, the most expensive first. */
export function CostTopCallsOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <NumberOption
        {...props}
        type="costTopCalls"
        field="limit"
        label="Top"
        tooltip={`How many calls, the most expensive first (at most ${TOP_CALLS_LIMIT_MAX})`}
        placeholder={String(QUERY_DEFAULTS.costTopCalls.limit)}
      />
    </InlineFieldRow>
  );
}
