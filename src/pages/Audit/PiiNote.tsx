import React from 'react';
import { Alert } from '@grafana/ui';
import { testIds } from '../../shared/testIds';

/**
 * Said wherever audit events are shown to a viewer without the personal-data permission: the
 * ledger masks e-mail addresses for them (and refuses filters by e-mail), so a masked value is not a
 * bug in the data.
 */
export function PiiNote() {
  return (
    <Alert severity="info" title="E-mail addresses are masked" data-testid={testIds.audit.piiNote}>
      Your role may not see personal data, so the ledger masks e-mail addresses and cannot filter by them.
    </Alert>
  );
}
