import React from 'react';
import type { CoreApp } from '@grafana/data';
import { Alert } from '@grafana/ui';
import type { QueryType } from '../../../shared/queryTypes';
import { testIds } from '../../../shared/testIds';
import { isAlerting, QUERY_TYPE_INFO } from '../../queryOptions';
import type { LedgerDataQuery } from '../../types';

/** Query types whose frames alerting turns into numbers: a series per group, or a number per row. */
const ALERTABLE: QueryType[] = ['costTimeSeries', 'costTotals', 'auditCounts', 'budget', 'spendSpikes', 'auditVerify'];
const LISTS = ['tenants', 'users', 'models', 'actions'] as const;

interface Props {
  app?: CoreApp | string;
  query: LedgerDataQuery;
  type: QueryType;
}

/** In an alert rule, says what makes a query alertable; elsewhere, nothing. */
export function AlertingHint({ app, query, type }: Props) {
  if (!isAlerting(app)) {
    return null;
  }
  let text: string | undefined;
  if ((type === 'budget' || type === 'spendSpikes' || type === 'auditVerify') && !query.forAlerting) {
    text = 'Turn on "For alert rules" to get one number per tenant: each becomes its own alert instance.';
  } else if (!ALERTABLE.includes(type)) {
    text = `${QUERY_TYPE_INFO[type].label} answers rows of text; alert on cost over time, cost totals, audit counts, budgets, spend spikes or audit verification.`;
  } else if (LISTS.some((list) => query[list]?.some((v) => v.includes('$')))) {
    text = 'Alert rules have no dashboard variables: filter by values, not by $variables.';
  }
  return text ? (
    <Alert severity="info" title="Alert rules" data-testid={testIds.queryEditor.alertingHint}>
      {text}
    </Alert>
  ) : null;
}
