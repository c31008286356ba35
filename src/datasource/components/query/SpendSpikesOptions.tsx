import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { QUERY_DEFAULTS } from '../../../shared/queryTypes';
import { ChoiceOption } from './ChoiceOption';
import { NumberOption } from './NumberOption';
import { SwitchOption } from './SwitchOption';
import type { OptionProps } from './update';

/** `spendSpikes`: whose spend, in which buckets, against what baseline, and how far above it. */
export function SpendSpikesOptions(props: OptionProps) {
  return (
    <>
      <InlineFieldRow>
        <ChoiceOption
          {...props}
          field="by"
          label="Watch each"
          tooltip="Whose spend is compared with its own baseline"
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
          placeholder={`${QUERY_DEFAULTS.spendSpikes.baselineDays} days`}
        />
        <NumberOption
          {...props}
          type="spendSpikes"
          field="threshold"
          label="Threshold"
          tooltip="How many robust standard deviations (1.4826 × MAD) above the median is a spike"
          placeholder={String(QUERY_DEFAULTS.spendSpikes.threshold)}
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
