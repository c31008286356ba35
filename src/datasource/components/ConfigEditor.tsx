import React, { type ChangeEvent } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import type { LedgerSecureJsonData } from '../../shared/datasourceSettings';
import { testIds } from '../../shared/testIds';
import type { LedgerOptions } from '../types';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<LedgerOptions, LedgerSecureJsonData>;

export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData, secureJsonData, secureJsonFields } = options;

  const onDescriptionChange = (event: ChangeEvent<HTMLInputElement>) => {
    onOptionsChange({ ...options, jsonData: { ...jsonData, description: event.target.value } });
  };

  const onPasswordChange = (event: ChangeEvent<HTMLInputElement>) => {
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, password: event.target.value } });
  };

  // The stored password is never sent to the browser; resetting clears the "configured" flag and
  // sends an empty value, which Grafana stores on save.
  const onPasswordReset = () => {
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, password: false },
      secureJsonData: { ...secureJsonData, password: '' },
    });
  };

  return (
    <div data-testid={testIds.datasourceConfig.container}>
      <FieldSet label="Ledger">
        <Field
          label="Description"
          description="Free text shown in the health check, to tell several ledger datasources apart."
        >
          <Input
            id="ledger-description"
            width={60}
            value={jsonData.description ?? ''}
            placeholder="e.g. RAGFlow production"
            onChange={onDescriptionChange}
            data-testid={testIds.datasourceConfig.description}
          />
        </Field>
        <Field label="Password" description="Password of the database user. Stored encrypted by Grafana.">
          <SecretInput
            id="ledger-password"
            width={60}
            isConfigured={Boolean(secureJsonFields?.password)}
            value={secureJsonData?.password ?? ''}
            placeholder="Database password"
            onChange={onPasswordChange}
            onReset={onPasswordReset}
            data-testid={testIds.datasourceConfig.password}
          />
        </Field>
      </FieldSet>
    </div>
  );
}
