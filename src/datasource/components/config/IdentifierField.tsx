import React from 'react';
import { Field, Input } from '@grafana/ui';
import { settingError } from '../../../shared/datasourceSettingsSchema';

interface IdentifierFieldProps {
  id: string;
  /** The jsonData key: its rule (src/shared/datasourceSettingsSchema.ts) flags the value. */
  setting: 'usageTable' | 'auditTable' | 'tenantTable' | 'userTable';
  label: string;
  description: string;
  testId: string;
  value: string | undefined;
  /** Shown while the field is empty: the name used then. */
  defaultValue: string;
  onChange: (value: string) => void;
}

/** A table name: a plain identifier, flagged when it breaks the rule (and saved anyway). */
export function IdentifierField({
  id,
  setting,
  label,
  description,
  testId,
  value,
  defaultValue,
  onChange,
}: IdentifierFieldProps) {
  const error = settingError(setting, value, label);
  return (
    <Field label={label} description={description} invalid={error !== undefined} error={error}>
      <Input
        id={id}
        width={40}
        value={value ?? ''}
        placeholder={defaultValue}
        onChange={(event) => onChange(event.currentTarget.value)}
        data-testid={testId}
      />
    </Field>
  );
}
