import React, { type ChangeEvent } from 'react';
import { InlineField, Input } from '@grafana/ui';
import { TEXT_MAX_LENGTH } from '../../queryOptions';
import { testIds } from '../../../shared/testIds';
import { LABEL_WIDTH, type OptionProps } from './update';

interface Props extends OptionProps {
  field: keyof typeof TEXT_MAX_LENGTH;
  label: string;
  tooltip: string;
  placeholder?: string;
}

/** A free-text option, as long as the backend takes; emptied, it leaves the query. Runs on blur. */
export function TextOption({ query, update, onRunQuery, field, label, tooltip, placeholder }: Props) {
  const id = `ledger-${field}`;
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} grow htmlFor={id}>
      <Input
        id={id}
        maxLength={TEXT_MAX_LENGTH[field]}
        placeholder={placeholder}
        value={query[field] ?? ''}
        onChange={(event: ChangeEvent<HTMLInputElement>) => update({ [field]: event.target.value || undefined })}
        onBlur={onRunQuery}
        data-testid={testIds.queryEditor.option(field)}
      />
    </InlineField>
  );
}
