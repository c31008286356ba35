import React from 'react';
import { Field, Input } from '@grafana/ui';
import { DEFAULT_SERVICE_NAME } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import { Section } from '../../datasource/components/config/Section';

interface ServiceSectionProps {
  /** As typed; trimmed when saved, and an empty name removes the setting. */
  value: string | undefined;
  readOnly: boolean;
  onChange: (value: string) => void;
}

/** The service Service Health watches. */
export function ServiceSection({ value, readOnly, onChange }: ServiceSectionProps) {
  return (
    <Section title="Monitored service">
      <Field
        label="Service name"
        description={`The application's metrics job label, logs service_name label and traces service name. Empty: ${DEFAULT_SERVICE_NAME}.`}
        htmlFor="app-config-service-name"
      >
        <Input
          id="app-config-service-name"
          width={40}
          value={value ?? ''}
          placeholder={DEFAULT_SERVICE_NAME}
          disabled={readOnly}
          onChange={(event) => onChange(event.currentTarget.value)}
          data-testid={testIds.appConfig.serviceName}
        />
      </Field>
    </Section>
  );
}
