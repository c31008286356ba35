/**
 * What every ledger (MySQL) query needs before it runs: valid settings and the caller's access.
 */
import { accessFor, type Access } from '../access';
import type { LedgerDatasource } from '../datasource';
import { PluginError } from '../errors';
import type { PluginContext } from '../proto/messages';
import type { TimeRange } from '../queries/sql';
import type { LedgerSettings } from '../settings';

/** What a query brings besides its own fields: its refId, time range and the panel's resolution. */
export interface QueryInput {
  refId: string;
  range: TimeRange;
  intervalMs: number;
  maxDataPoints: number;
}

export interface LedgerCall {
  ds: LedgerDatasource;
  settings: LedgerSettings;
  access: Access;
}

export function ledgerCall(
  ds: LedgerDatasource,
  ctx: PluginContext | null | undefined,
  fromAlert: boolean
): LedgerCall {
  const result = ds.settingsResult;
  if (!result.ok) {
    throw new PluginError(
      'settings.invalid',
      `the datasource settings are invalid: ${result.field}: ${result.message}`
    );
  }
  return { ds, settings: result.settings, access: accessFor(ctx, result.settings, fromAlert) };
}
