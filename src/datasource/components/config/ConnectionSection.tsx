import React from 'react';
import { Field, Input } from '@grafana/ui';
import { DEFAULT_SETTINGS } from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, withJsonData } from './editing';
import { NumberField } from './NumberField';
import { SecretField } from './SecretField';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

/** Where the ledger's MySQL database is and who the backend connects as. */
export function ConnectionSection(props: ConfigEditorProps) {
  const { options, onOptionsChange } = props;
  const { jsonData } = options;
  // Host and database are required: marked so, and named by the health check while unset, but not
  // flagged here, so that a new datasource does not open full of errors.
  const errors = {
    host: settingError('host', jsonData.host, 'Host'),
    database: settingError('database', jsonData.database, 'Database'),
    user: settingError('user', jsonData.user, 'User'),
  };

  return (
    <Section
      title="Connection"
      description="The MySQL (or MariaDB) database that holds the ledger. A read-only user is enough: the plugin never writes."
    >
      <Field
        label="Host"
        description="Host name or IP address of the MySQL server."
        required
        invalid={errors.host !== undefined}
        error={errors.host}
      >
        <Input
          id="ledger-host"
          width={40}
          value={jsonData.host ?? ''}
          placeholder="e.g. mysql.internal"
          onChange={(event) => onOptionsChange(withJsonData(options, 'host', event.currentTarget.value))}
          data-testid={ids.host}
        />
      </Field>
      <NumberField
        id="ledger-port"
        setting="port"
        label="Port"
        description="TCP port of the MySQL server."
        testId={ids.port}
        value={jsonData.port}
        defaultValue={DEFAULT_SETTINGS.port}
        onChange={(port) => onOptionsChange(withJsonData(options, 'port', port))}
      />
      <Field
        label="Database"
        description="Name of the database (schema) with the usage and audit tables."
        required
        invalid={errors.database !== undefined}
        error={errors.database}
      >
        <Input
          id="ledger-database"
          width={40}
          value={jsonData.database ?? ''}
          placeholder="e.g. rag_flow"
          onChange={(event) => onOptionsChange(withJsonData(options, 'database', event.currentTarget.value))}
          data-testid={ids.database}
        />
      </Field>
      <Field
        label="User"
        description="Database user; grant it SELECT on the two tables only."
        required
        invalid={errors.user !== undefined}
        error={errors.user}
      >
        <Input
          id="ledger-user"
          width={40}
          value={jsonData.user ?? ''}
          placeholder="e.g. ledger_ro"
          onChange={(event) => onOptionsChange(withJsonData(options, 'user', event.currentTarget.value))}
          data-testid={ids.user}
        />
      </Field>
      <SecretField
        {...props}
        secretKey="password"
        id="ledger-password"
        label="Password"
        description="Password of the database user. Stored encrypted by Grafana."
        placeholder="Database password"
        testId={ids.password}
      />
    </Section>
  );
}
