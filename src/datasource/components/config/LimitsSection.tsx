import React from 'react';
import { DEFAULT_SETTINGS } from '../../../shared/datasourceSettings';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, withJsonData } from './editing';
import { NumberField } from './NumberField';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

/** How much one query may return and how long it may run. */
export function LimitsSection({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData } = options;
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
    </Section>
  );
}
