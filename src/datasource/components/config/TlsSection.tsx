import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';
import type { SelectableValue } from '@grafana/data';
import { DEFAULT_SETTINGS, presentsClientCert, type TlsMode } from '../../../shared/datasourceSettings';
import { settingError, tlsSecretErrors } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, hasSecret, withJsonData } from './editing';
import { SecretField } from './SecretField';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const TLS_MODE_OPTIONS: Array<SelectableValue<TlsMode>> = [
  { value: 'disabled', label: 'Disabled', description: 'Plain TCP connection' },
  { value: 'required', label: 'Required', description: 'Encrypted, without checking the server certificate' },
  { value: 'verify-ca', label: 'Verify CA', description: 'Encrypted; the server certificate must be signed by the CA' },
  {
    value: 'verify-full',
    label: 'Verify full',
    description: 'As Verify CA, and the certificate must also name the host',
  },
];

/** The modes that check the server certificate, and so need the CA certificate. */
export const needsCACert = (mode: TlsMode) => mode === 'verify-ca' || mode === 'verify-full';
/** Any encrypted mode may present a client certificate, for servers that require one. */
export const allowsClientCert = presentsClientCert;

/** How the backend secures its connection to MySQL; the certificates are secrets. */
export function TlsSection(props: ConfigEditorProps) {
  const { options, onOptionsChange } = props;
  const mode = options.jsonData.tlsMode ?? DEFAULT_SETTINGS.tlsMode;
  const modeError = settingError('tlsMode', options.jsonData.tlsMode, 'TLS mode');
  // The combinations of secrets the backend's health check refuses, shown under the missing one.
  const secretErrors = tlsSecretErrors(mode, (key) => hasSecret(options, key));

  return (
    <Section
      title="TLS"
      description="Encryption of the connection to MySQL. Certificates and keys are PEM text, stored encrypted."
    >
      <Field label="TLS mode" invalid={modeError !== undefined} error={modeError} data-testid={ids.tlsMode}>
        <RadioButtonGroup
          options={TLS_MODE_OPTIONS}
          value={mode}
          onChange={(value) => onOptionsChange(withJsonData(options, 'tlsMode', value))}
        />
      </Field>
      {needsCACert(mode) && (
        <SecretField
          {...props}
          multiline
          secretKey="tlsCACert"
          id="ledger-tls-ca-cert"
          label="CA certificate"
          description="The authority that signed the server certificate. Needed for Verify CA; with Verify full, empty means the usual public authorities."
          placeholder="-----BEGIN CERTIFICATE-----"
          testId={ids.tlsCACert}
          error={secretErrors.tlsCACert}
        />
      )}
      {allowsClientCert(mode) && (
        <>
          <SecretField
            {...props}
            multiline
            secretKey="tlsClientCert"
            id="ledger-tls-client-cert"
            label="Client certificate"
            description="Only for servers that require client certificates; needs the client key too."
            placeholder="-----BEGIN CERTIFICATE-----"
            testId={ids.tlsClientCert}
          />
          <SecretField
            {...props}
            multiline
            secretKey="tlsClientKey"
            id="ledger-tls-client-key"
            label="Client key"
            description="Private key of the client certificate."
            placeholder="-----BEGIN PRIVATE KEY-----"
            testId={ids.tlsClientKey}
            error={secretErrors.tlsClientKey}
          />
        </>
      )}
    </Section>
  );
}
