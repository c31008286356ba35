import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup } from '@grafana/ui';
import { shownValue, type QueryField } from '../../queryOptions';
import { testIds } from '../../../shared/testIds';
import { LABEL_WIDTH, type OptionProps } from './update';

interface Props<T extends string> extends Omit<OptionProps, 'onRunQuery'> {
  field: QueryField;
  label: string;
  tooltip: string;
  options: Array<SelectableValue<T>>;
}

/** One of a few values, as buttons; a choice runs the query at once. */
export function ChoiceOption<T extends string>({ query, update, field, label, tooltip, options }: Props<T>) {
  // Absent: the value the backend uses (the schema's default), so the editor shows what runs.
  const value = shownValue(query, field) as T | undefined;
  return (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={tooltip}
      data-testid={testIds.queryEditor.option(field)}
    >
      <RadioButtonGroup<T> options={options} value={value} onChange={(v) => update({ [field]: v }, true)} />
    </InlineField>
  );
}
