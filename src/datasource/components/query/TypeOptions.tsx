/**
 * The options of each query type, below the query type and the filters. Every limit comes from
 * queryOptions.ts, which checks it against the shared schemas.
 */
import type React from 'react';
import type { QueryType } from '../../../shared/queryTypes';
import { AuditEventsOptions } from './AuditEventsOptions';
import { AuditVerifyOptions } from './AuditVerifyOptions';
import { BudgetOptions } from './BudgetOptions';
import { CostBreakdownOptions, CostTimeSeriesOptions, CostTopCallsOptions } from './CostOptions';
import { PingOptions } from './PingOptions';
import { SpendSpikesOptions } from './SpendSpikesOptions';
import type { OptionProps } from './update';
import { VariableValuesOptions } from './VariableValuesOptions';

/** Types with only filters. */
const NONE = () => null;

export const TYPE_OPTIONS: Record<QueryType, (props: OptionProps) => React.JSX.Element | null> = {
  costTimeSeries: CostTimeSeriesOptions,
  costBreakdown: CostBreakdownOptions,
  costTotals: NONE,
  budget: BudgetOptions,
  spendSpikes: SpendSpikesOptions,
  unpricedModels: NONE,
  costTopCalls: CostTopCallsOptions,
  auditEvents: AuditEventsOptions,
  auditCounts: NONE,
  auditVerify: AuditVerifyOptions,
  auditTrailState: NONE,
  variableValues: VariableValuesOptions,
  ping: PingOptions,
};
