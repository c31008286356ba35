import React from 'react';
import { Field, RadioButtonGroup, Stack } from '@grafana/ui';
import type { SelectableValue } from '@grafana/data';
import {
  DEFAULT_SETTINGS,
  DEFAULT_TENANT_COLUMNS,
  DEFAULT_USER_COLUMNS,
  type NameMode,
  type TenantColumns,
  type UserColumns,
  type UserLabel,
} from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { ColumnGroup } from './ColumnNames';
import { type ConfigEditorProps, withJsonData } from './editing';
import { IdentifierField } from './IdentifierField';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const MODE_OPTIONS: Array<SelectableValue<NameMode>> = [
  { value: 'auto', label: 'By name', description: 'From the tables below, when the datasource user may read them' },
  { value: 'off', label: 'By id', description: 'Never read the tables below' },
];

const USER_LABEL_OPTIONS: Array<SelectableValue<UserLabel>> = [
  { value: 'nameAndEmail', label: 'Name <e-mail>' },
  { value: 'name', label: 'Name' },
  { value: 'email', label: 'E-mail' },
];

const TENANT_COLUMN_LABELS: Record<keyof TenantColumns, string> = { id: 'Tenant id', name: 'Name' };
const USER_COLUMN_LABELS: Record<keyof UserColumns, string> = { id: 'User id', name: 'Name', email: 'E-mail' };

/**
 * Tenants and users by name: the application's tenant and user tables (RAGFlow's by default). Ids
 * stay what filters, links and exports use; without the tables (or the grant) ids are shown.
 */
export function NamesSection(props: ConfigEditorProps) {
  const { options, onOptionsChange } = props;
  const { jsonData } = options;
  const modeError = settingError('names', jsonData.names, 'Show tenants and users');
  const labelError = settingError('userLabel', jsonData.userLabel, 'Users read as');

  return (
    <Section
      title="Tenant and user names"
      description="Tenant names are shown to everyone who may see cost. User names and e-mail addresses are personal data: shown only from the personal-data minimum role; the other roles see user ids. The datasource user needs SELECT on these tables; “Save & test” says when it cannot read them."
    >
      <Field label="Show tenants and users" invalid={modeError !== undefined} error={modeError} data-testid={ids.names}>
        <RadioButtonGroup
          options={MODE_OPTIONS}
          value={jsonData.names ?? DEFAULT_SETTINGS.names}
          onChange={(mode) => onOptionsChange(withJsonData(options, 'names', mode))}
        />
      </Field>
      <IdentifierField
        id="ledger-tenant-table"
        setting="tenantTable"
        label="Tenant table"
        description="One row per tenant, with its name."
        testId={ids.tenantTable}
        value={jsonData.tenantTable}
        defaultValue={DEFAULT_SETTINGS.tenantTable}
        onChange={(value) => onOptionsChange(withJsonData(options, 'tenantTable', value))}
      />
      <IdentifierField
        id="ledger-user-table"
        setting="userTable"
        label="User table"
        description="One row per user, with a name and an e-mail address."
        testId={ids.userTable}
        value={jsonData.userTable}
        defaultValue={DEFAULT_SETTINGS.userTable}
        onChange={(value) => onOptionsChange(withJsonData(options, 'userTable', value))}
      />
      <Field label="Users read as" invalid={labelError !== undefined} error={labelError} data-testid={ids.userLabel}>
        <RadioButtonGroup
          options={USER_LABEL_OPTIONS}
          value={jsonData.userLabel ?? DEFAULT_SETTINGS.userLabel}
          onChange={(label) => onOptionsChange(withJsonData(options, 'userLabel', label))}
        />
      </Field>
      <Stack direction="row" gap={4} wrap="wrap">
        <ColumnGroup
          {...props}
          columnsKey="tenantColumns"
          title="Tenant table columns"
          labels={TENANT_COLUMN_LABELS}
          defaults={DEFAULT_TENANT_COLUMNS}
          testId={ids.tenantColumn}
        />
        <ColumnGroup
          {...props}
          columnsKey="userColumns"
          title="User table columns"
          labels={USER_COLUMN_LABELS}
          defaults={DEFAULT_USER_COLUMNS}
          testId={ids.userColumn}
        />
      </Stack>
    </Section>
  );
}
