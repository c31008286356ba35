import React from 'react';
import { DataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import { Button, Field, Stack, Text } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { Section } from '../../datasource/components/config/Section';
import { DATASOURCE_FIELDS, type DatasourceField, type DatasourceKey } from './appConfigDraft';

const ids = testIds.appConfig;

interface DatasourcesSectionProps {
  values: Partial<Record<DatasourceKey, string>>;
  readOnly: boolean;
  /** A uid, `''` for "not used", or `undefined` for the provisioned default. */
  onChange: (key: DatasourceKey, value: string | undefined) => void;
}

export function DatasourcesSection({ values, readOnly, onChange }: DatasourcesSectionProps) {
  return (
    <Section
      title="Datasources"
      description="Where the pages read from. Unset, each uses the datasource the app's provisioning files create. Clear one that you do not run: the pages that need it say so instead of failing."
    >
      {DATASOURCE_FIELDS.map((field) => (
        <DatasourceChoice
          key={field.key}
          field={field}
          value={values[field.key]}
          readOnly={readOnly}
          onChange={(value) => onChange(field.key, value)}
        />
      ))}
    </Section>
  );
}

interface DatasourceChoiceProps {
  field: DatasourceField;
  value: string | undefined;
  readOnly: boolean;
  onChange: (value: string | undefined) => void;
}

/** What the choice means, when the picker alone does not say it; undefined when it does. */
function noteOf(field: DatasourceField, value: string | undefined): string | undefined {
  if (value === '') {
    return `Not used: the pages that need a ${field.label} datasource say so.`;
  }
  const uid = value ?? field.defaultUid;
  const found = getDataSourceSrv().getInstanceSettings(uid);
  if (value === undefined) {
    return found
      ? `Default: the provisioned datasource "${found.name}" (uid ${uid}).`
      : `Default: uid ${uid}, but no datasource has it. Choose one, or clear it if you do not run ${field.label}.`;
  }
  return found ? undefined : `No datasource has the uid ${uid}: it may have been deleted. Choose another one.`;
}

function DatasourceChoice({ field, value, readOnly, onChange }: DatasourceChoiceProps) {
  const inputId = `app-config-${field.key}`;
  const current = value ?? field.defaultUid;
  const note = noteOf(field, value);
  return (
    <Field label={field.label} description={field.description} htmlFor={inputId}>
      <div data-testid={ids.datasource(field.key)}>
        <Stack direction="row" alignItems="center" gap={1}>
          <DataSourcePicker
            inputId={inputId}
            pluginId={field.pluginId}
            current={current === '' ? null : current}
            noDefault
            placeholder="Not used"
            width={40}
            disabled={readOnly}
            onChange={(ds) => onChange(ds.uid)}
            onClear={() => onChange('')}
          />
          {value !== undefined && (
            <Button
              variant="secondary"
              fill="text"
              size="sm"
              disabled={readOnly}
              onClick={() => onChange(undefined)}
              data-testid={ids.datasourceUseDefault(field.key)}
            >
              Use the default
            </Button>
          )}
        </Stack>
        {note && (
          <Text element="p" color="secondary" variant="bodySmall" data-testid={ids.datasourceNote(field.key)}>
            {note}
          </Text>
        )}
      </div>
    </Field>
  );
}
