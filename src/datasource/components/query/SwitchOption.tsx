import React from 'react';
import { InlineField, InlineSwitch } from '@grafana/ui';
import { testIds } from '../../../shared/testIds';
import { LABEL_WIDTH, type OptionProps } from './update';

interface Props extends Omit<OptionProps, 'onRunQuery'> {
  field: 'asAnnotations' | 'forAlerting';
  label: string;
  tooltip: string;
}

/** An on/off option; off leaves the query. Runs the query at once. */
export function SwitchOption({ query, update, field, label, tooltip }: Props) {
  const id = `ledger-${field}`;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} htmlFor={id}>
      <InlineSwitch
        id={id}
        value={query[field] === true}
        onChange={(event) => update({ [field]: event.currentTarget.checked || undefined }, true)}
        data-testid={testIds.queryEditor.option(field)}
      />
    </InlineField>
  );
}
