import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup } from '@grafana/ui';
import { DEFAULT_SETTINGS, type RollupMode } from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, withJsonData } from './editing';
import { NumberField } from './NumberField';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const ROLLUP_OPTIONS: Array<SelectableValue<RollupMode>> = [
  {
    value: 'auto',
    label: 'When fresh',
    description: 'Read the rollup tables where they answer, when refreshed recently',
  },
  { value: 'off', label: 'Never', description: 'Always read the usage table' },
];

/** How much one query may return, how long it may run, and whether it may read the rollups. */
export function LimitsSection({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData } = options;
  const rollupsError = settingError('rollups', jsonData.rollups, 'Rollup tables');
  return (
    <Section
      title="Limits"
      description="Protect the database and the browser from very large or slow queries. Empty means the default."
    >
      <NumberField
        id="ledger-max-rows"
        setting="maxRows"
        label="Max rows"
        description="Most rows one query returns; more are cut, with a notice on the panel."
        testId={ids.maxRows}
        value={jsonData.maxRows}
        defaultValue={DEFAULT_SETTINGS.maxRows}
        onChange={(maxRows) => onOptionsChange(withJsonData(options, 'maxRows', maxRows))}
      />
      <NumberField
        id="ledger-query-timeout"
        setting="queryTimeoutSeconds"
        label="Query timeout (seconds)"
        description="MySQL stops a statement that runs longer."
        testId={ids.queryTimeoutSeconds}
        value={jsonData.queryTimeoutSeconds}
        defaultValue={DEFAULT_SETTINGS.queryTimeoutSeconds}
        onChange={(seconds) => onOptionsChange(withJsonData(options, 'queryTimeoutSeconds', seconds))}
      />
      <Field
        label="Rollup tables"
        description="Hourly and daily sums kept by the rollup job (see the README): the same figures, from thousands of rows instead of millions."
        invalid={rollupsError !== undefined}
        error={rollupsError}
        data-testid={ids.rollups}
      >
        <RadioButtonGroup
          options={ROLLUP_OPTIONS}
          value={jsonData.rollups ?? DEFAULT_SETTINGS.rollups}
          onChange={(value) => onOptionsChange(withJsonData(options, 'rollups', value))}
        />
      </Field>
      <NumberField
        id="ledger-rollup-max-age"
        setting="rollupMaxAgeSeconds"
        label="Rollups fresh for (seconds)"
        description="Read the rollups only if the job refreshed them this recently; otherwise the usage table answers."
        testId={ids.rollupMaxAgeSeconds}
        value={jsonData.rollupMaxAgeSeconds}
        defaultValue={DEFAULT_SETTINGS.rollupMaxAgeSeconds}
        onChange={(seconds) => onOptionsChange(withJsonData(options, 'rollupMaxAgeSeconds', seconds))}
      />
    </Section>
  );
}
