/**
 * Values for dashboard variables (tenants, users, models, audit actions), used by QueryData
 * (`variableValues` queries, Grafana's variable editor) and by the `variables/<name>` resource.
 */
import { requireAudit } from '../access';
import { runSelect } from '../db/run';
import { maskValue } from '../masking';
import { variableValuesPlan, type VariableValuesInput } from '../queries/variableValues';
import type { LedgerCall } from './ledger';
import { nameOf, NO_NAMES } from './nameFrames';
import { tenantNamesFor, userNamesFor } from './names';
import type { RequestContext } from './requestContext';

export interface VariableValues {
  /** What a filter matches: ids for tenants and users. */
  values: string[];
  /** What the picker shows, one per value: the name where there is one, else the value. */
  texts: string[];
  /** More values matched than `limit`; the list is cut. */
  truncated: boolean;
  limit: number;
}

export async function variableValues(
  call: LedgerCall,
  input: VariableValuesInput,
  ctx: RequestContext
): Promise<VariableValues> {
  if (input.variable === 'actions') {
    requireAudit(call.access, call.settings);
  }
  const plan = variableValuesPlan(call.settings, input);
  const rows = await runSelect<{ value: unknown } & import('mysql2/promise').RowDataPacket>(call.ds, plan.statement, {
    signal: ctx.signal,
    timeoutSeconds: call.settings.queryTimeoutSeconds,
  });
  const truncated = rows.length > plan.limit;
  const raw = rows.slice(0, plan.limit).map((row) => String(row.value));
  // Masked values can collide ("[EMAIL]"): list each once.
  const values = call.access.pii ? raw : [...new Set(raw.map(maskValue))];
  const names =
    input.variable === 'tenants'
      ? await tenantNamesFor(call, values, ctx)
      : input.variable === 'users'
        ? await userNamesFor(call, values, ctx)
        : NO_NAMES;
  return { values, texts: values.map((v) => nameOf(names, v)), truncated, limit: plan.limit };
}
