import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';
import type { SelectableValue } from '@grafana/data';
import { DEFAULT_SETTINGS, type TimeAxis } from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { ColumnNames } from './ColumnNames';
import { type ConfigEditorProps, withJsonData } from './editing';
import { IdentifierField } from './IdentifierField';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const TIME_AXIS_OPTIONS: Array<SelectableValue<TimeAxis>> = [
  { value: 'timestamp', label: 'timestamp', description: 'A DATETIME column in UTC' },
  { value: 'create_time', label: 'create_time', description: "RAGFlow's BIGINT column of epoch milliseconds" },
];

/** Which tables hold the ledger, which column is their time, and the names of their columns. */
export function TablesSection(props: ConfigEditorProps) {
  const { options, onOptionsChange } = props;
  const { jsonData } = options;
  const timeAxisError = settingError('timeAxis', jsonData.timeAxis, 'Time axis');

  return (
    <Section
      title="Tables and columns"
      description="Names are plain identifiers (letters, digits and _, not starting with a digit). Leave a field empty to use the name shown in it."
    >
      <IdentifierField
        id="ledger-usage-table"
        setting="usageTable"
        label="Usage table"
        description="One row per LLM call: tokens, model, cost."
        testId={ids.usageTable}
        value={jsonData.usageTable}
        defaultValue={DEFAULT_SETTINGS.usageTable}
        onChange={(value) => onOptionsChange(withJsonData(options, 'usageTable', value))}
      />
      <IdentifierField
        id="ledger-audit-table"
        setting="auditTable"
        label="Audit table"
        description="One row per audited user action."
        testId={ids.auditTable}
        value={jsonData.auditTable}
        defaultValue={DEFAULT_SETTINGS.auditTable}
        onChange={(value) => onOptionsChange(withJsonData(options, 'auditTable', value))}
      />
      <Field
        label="Time axis"
        description="The column of the usage table that time ranges filter on."
        invalid={timeAxisError !== undefined}
        error={timeAxisError}
        data-testid={ids.timeAxis}
      >
        <RadioButtonGroup
          options={TIME_AXIS_OPTIONS}
          value={jsonData.timeAxis ?? DEFAULT_SETTINGS.timeAxis}
          onChange={(value) => onOptionsChange(withJsonData(options, 'timeAxis', value))}
        />
      </Field>
      <ColumnNames {...props} />
    </Section>
  );
}
