import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { SwitchOption } from './SwitchOption';
import { TextOption } from './TextOption';
import type { OptionProps } from './update';

/** `auditVerify`: one tenant's chain (or every chain), and the alerting shape. */
export function AuditVerifyOptions(props: OptionProps) {
  return (
    <InlineFieldRow>
      <TextOption
        {...props}
        field="tenant"
        label="Tenant"
        tooltip="Verify this tenant's chain only; empty verifies every chain (or the tenants listed above). The whole chain is walked, whatever the time range."
        placeholder="every chain"
      />
      <SwitchOption
        {...props}
        field="forAlerting"
        label="For alert rules"
        tooltip="One number per chain, 1 when it is broken and 0 otherwise: each tenant becomes its own alert instance"
      />
    </InlineFieldRow>
  );
}
