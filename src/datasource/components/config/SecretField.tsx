import React, { type ChangeEvent } from 'react';
import { Field, SecretInput, SecretTextArea } from '@grafana/ui';
import { type ConfigEditorProps, type SecretKey, withSecret, withSecretReset } from './editing';

interface SecretFieldProps extends ConfigEditorProps {
  secretKey: SecretKey;
  id: string;
  label: string;
  description: string;
  placeholder: string;
  testId: string;
  /** A text area, for PEM certificates and keys. */
  multiline?: boolean;
  /** Why the secret is needed but missing. */
  error?: string;
}

/** A secureJsonData value: write-only, shown as "configured" once stored, with a reset button. */
export function SecretField({
  options,
  onOptionsChange,
  secretKey,
  id,
  label,
  description,
  placeholder,
  testId,
  multiline,
  error,
}: SecretFieldProps) {
  const common = {
    id,
    isConfigured: Boolean(options.secureJsonFields?.[secretKey]),
    value: options.secureJsonData?.[secretKey] ?? '',
    placeholder,
    onReset: () => onOptionsChange(withSecretReset(options, secretKey)),
    'data-testid': testId,
  };
  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    onOptionsChange(withSecret(options, secretKey, event.target.value));

  return (
    <Field label={label} description={description} invalid={error !== undefined} error={error}>
      {multiline ? (
        <SecretTextArea {...common} cols={60} rows={6} onChange={onChange} />
      ) : (
        <SecretInput {...common} width={40} onChange={onChange} />
      )}
    </Field>
  );
}
