import React, { useState, type ChangeEvent } from 'react';
import { InlineField, Input } from '@grafana/ui';
import type { QueryType } from '../../../shared/queryTypes';
import { describeRule, numberRule, parseNumber, type QueryField } from '../../queryOptions';
import { testIds } from '../../../shared/testIds';
import { LABEL_WIDTH, type OptionProps } from './update';

interface Props extends OptionProps {
  type: QueryType;
  field: QueryField;
  label: string;
  tooltip: string;
  placeholder?: string;
  width?: number;
}

/**
 * A number option, checked against the limits the backend enforces. The text stays as typed, so an
 * invalid value remains visible (and flagged) instead of being replaced; only valid values reach
 * the query, and an empty field removes the option (the backend's default applies).
 */
export function NumberOption({
  query,
  update,
  onRunQuery,
  type,
  field,
  label,
  tooltip,
  placeholder,
  width = 12,
}: Props) {
  const saved = query[field];
  const [text, setText] = useState(typeof saved === 'number' ? String(saved) : '');
  const rule = numberRule(type, field);
  const invalid = parseNumber(text, rule) === null;
  const id = `ledger-${field}`;

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    setText(event.target.value);
    const value = parseNumber(event.target.value, rule);
    if (value !== null) {
      update({ [field]: value });
    }
  };

  return (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={tooltip}
      invalid={invalid}
      error={describeRule(rule)}
      htmlFor={id}
    >
      <Input
        id={id}
        type="number"
        min={rule.minExclusive ? undefined : rule.min}
        max={rule.max}
        step={rule.integer ? 1 : 'any'}
        width={width}
        placeholder={placeholder}
        value={text}
        onChange={onChange}
        onBlur={() => !invalid && onRunQuery()}
        data-testid={testIds.queryEditor.option(field)}
      />
    </InlineField>
  );
}
