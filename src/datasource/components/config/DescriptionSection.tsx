import React from 'react';
import { Field, Input } from '@grafana/ui';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, withJsonData } from './editing';
import { Section } from './Section';

/** Free text to tell several ledger datasources apart. */
export function DescriptionSection({ options, onOptionsChange }: ConfigEditorProps) {
  const error = settingError('description', options.jsonData.description, 'Description');
  return (
    <Section title="Description">
      <Field
        label="Description"
        description="Shown in the health check, to tell several ledger datasources apart."
        invalid={error !== undefined}
        error={error}
      >
        <Input
          id="ledger-description"
          width={60}
          value={options.jsonData.description ?? ''}
          placeholder="e.g. RAGFlow production"
          onChange={(event) => onOptionsChange(withJsonData(options, 'description', event.currentTarget.value))}
          data-testid={testIds.datasourceConfig.description}
        />
      </Field>
    </Section>
  );
}
