import React, { type ChangeEvent } from 'react';
import { Field, Input } from '@grafana/ui';
import { SETTINGS_LIMITS } from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { parseNumberInput } from './editing';

interface NumberFieldProps {
  id: string;
  /** The jsonData key: its rule (src/shared/datasourceSettingsSchema.ts) flags the value. */
  setting: keyof typeof SETTINGS_LIMITS;
  label: string;
  description: string;
  testId: string;
  value: number | undefined;
  /** Shown while the field is empty: the value the backend uses then. */
  defaultValue: number;
  /** A number, or `undefined` when the input is emptied (the key is removed). */
  onChange: (value: number | undefined) => void;
  width?: number;
}

/** A whole-number setting, stored as a number; out-of-limit values are flagged, and still saved. */
export function NumberField({
  id,
  setting,
  label,
  description,
  testId,
  value,
  defaultValue,
  onChange,
  width = 20,
}: NumberFieldProps) {
  const error = settingError(setting, value, label);
  const limits = SETTINGS_LIMITS[setting];
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
