import React from 'react';
import { Field, Input, RadioButtonGroup } from '@grafana/ui';
import type { SelectableValue } from '@grafana/data';
import { DEFAULT_SETTINGS, ORG_ROLES, type OrgRole } from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, withJsonData } from './editing';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const ROLE_OPTIONS: Array<SelectableValue<OrgRole>> = ORG_ROLES.map((role) => ({ value: role, label: role }));

/** Who may see what: a fixed tenant, and the least org roles for the audit trail and personal data. */
export function AccessSection({ options, onOptionsChange }: ConfigEditorProps) {
  const { jsonData } = options;
  const errors = {
    pinnedTenant: settingError('pinnedTenant', jsonData.pinnedTenant, 'Pinned tenant'),
    auditMinRole: settingError('auditMinRole', jsonData.auditMinRole, 'Audit minimum role'),
    piiMinRole: settingError('piiMinRole', jsonData.piiMinRole, 'Personal-data minimum role'),
  };
  const description = (
    <>
      The backend enforces these settings on every query, whatever a panel or dashboard asks for. The app&apos;s RBAC
      roles map to them: <code>llmops-observability-app.audit:read</code> grants what the audit minimum role grants, and{' '}
      <code>llmops-observability-app.pii:read</code> what the personal-data minimum role grants.
    </>
  );

  return (
    <Section title="Access" description={description}>
      <Field
        label="Pinned tenant"
        description="When set, every query is limited to this tenant id, whatever the panel asks. Empty: panels choose."
        invalid={errors.pinnedTenant !== undefined}
        error={errors.pinnedTenant}
      >
        <Input
          id="ledger-pinned-tenant"
          width={40}
          value={jsonData.pinnedTenant ?? ''}
          placeholder="Not pinned"
          onChange={(event) => onOptionsChange(withJsonData(options, 'pinnedTenant', event.currentTarget.value))}
          data-testid={ids.pinnedTenant}
        />
      </Field>
      <Field
        label="Audit minimum role"
        description="Least org role that may read the audit trail."
        invalid={errors.auditMinRole !== undefined}
        error={errors.auditMinRole}
        data-testid={ids.auditMinRole}
      >
        <RadioButtonGroup
          options={ROLE_OPTIONS}
          value={jsonData.auditMinRole ?? DEFAULT_SETTINGS.auditMinRole}
          onChange={(role) => onOptionsChange(withJsonData(options, 'auditMinRole', role))}
        />
      </Field>
      <Field
        label="Personal-data minimum role"
        description="Least org role that sees e-mail addresses and token-like secrets unmasked. User and tenant ids are pseudonymous and always shown."
        invalid={errors.piiMinRole !== undefined}
        error={errors.piiMinRole}
        data-testid={ids.piiMinRole}
      >
        <RadioButtonGroup
          options={ROLE_OPTIONS}
          value={jsonData.piiMinRole ?? DEFAULT_SETTINGS.piiMinRole}
          onChange={(role) => onOptionsChange(withJsonData(options, 'piiMinRole', role))}
        />
      </Field>
    </Section>
  );
}
