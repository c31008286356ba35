import React from 'react';
import { Field, Switch } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { Section } from '../../datasource/components/config/Section';

export type PageSwitchKey = 'auditEnabled' | 'serviceHealthEnabled';

const SWITCHES: Array<{ key: PageSwitchKey; label: string; description: string; testId: string }> = [
  {
    key: 'auditEnabled',
    label: 'Audit Trail',
    description: 'Turn it off when the application writes no audit log.',
    testId: testIds.appConfig.auditEnabled,
  },
  {
    key: 'serviceHealthEnabled',
    label: 'Service Health',
    description: "Turn it off when the application's metrics, logs and traces are not collected.",
    testId: testIds.appConfig.serviceHealthEnabled,
  },
];

interface PagesSectionProps {
  /** Unset is on. */
  values: Partial<Record<PageSwitchKey, boolean>>;
  readOnly: boolean;
  onChange: (key: PageSwitchKey, on: boolean) => void;
}

/** The optional pages. A page turned off says so where it would be, with a link here. */
export function PagesSection({ values, readOnly, onChange }: PagesSectionProps) {
  return (
    <Section title="Pages" description="LLM Cost is always on; the other pages can be turned off.">
      {SWITCHES.map(({ key, label, description, testId }) => (
        <Field key={key} label={label} description={description} htmlFor={`app-config-${key}`}>
          <Switch
            id={`app-config-${key}`}
            value={values[key] !== false}
            disabled={readOnly}
            onChange={(event) => onChange(key, event.currentTarget.checked)}
            data-testid={testId}
          />
        </Field>
      ))}
    </Section>
  );
}
