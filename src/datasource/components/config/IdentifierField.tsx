import React from 'react';
import { Field, Input } from '@grafana/ui';
import { identifierError } from './validation';

interface IdentifierFieldProps {
  id: string;
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
  label,
  description,
  testId,
  value,
  defaultValue,
  onChange,
}: IdentifierFieldProps) {
  const error = identifierError(value);
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
