import React, { type ChangeEvent } from 'react';
import { Field, Input } from '@grafana/ui';
import { parseNumberInput } from './editing';
import { numberError, type NumberLimits } from './validation';

interface NumberFieldProps {
  id: string;
  label: string;
  description: string;
  testId: string;
  value: number | undefined;
  /** Shown while the field is empty: the value the backend uses then. */
  defaultValue: number;
  limits: NumberLimits;
  /** A number, or `undefined` when the input is emptied (the key is removed). */
  onChange: (value: number | undefined) => void;
  width?: number;
}

/** A whole-number setting, stored as a number; out-of-limit values are flagged, and still saved. */
export function NumberField({
  id,
  label,
  description,
  testId,
  value,
  defaultValue,
  limits,
  onChange,
  width = 20,
}: NumberFieldProps) {
  const error = numberError(label, value, limits);
  return (
    <Field label={label} description={description} invalid={error !== undefined} error={error}>
      <Input
        id={id}
        type="number"
        width={width}
        min={limits.min}
        max={limits.max}
        step={1}
        value={value ?? ''}
        placeholder={String(defaultValue)}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(parseNumberInput(event.target.value))}
        data-testid={testId}
      />
    </Field>
  );
}
