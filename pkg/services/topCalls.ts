/**
 * `costTopCalls`: the most expensive calls of the range, with their traces when the usage table has
 * the trace columns. Fetch here (the statement through pkg/db), frame in ./topCallsFrame.ts.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { CostTopCallsQuery } from '../../src/shared/queryModel';
import { PluginError } from '../errors';
import type { Frame } from '../frames';
import { maskValue } from '../masking';
import { intervalsInRange, priceIntervals } from '../pricing/priceList';
import { runSelect } from '../db/run';
import { topCallsStatement } from '../queries/topCalls';
import type { LedgerCall, QueryInput } from './ledger';
import type { RequestContext } from './requestContext';
import { rowNamesFor } from './names';
import { rememberTraceColumns, traceColumnsPresent } from './traceColumns';
import { topCallsFrame, type TopCallRow } from './topCallsFrame';

export async function costTopCalls(
  call: LedgerCall,
  q: CostTopCallsQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const s = call.settings;
  // The filters and the pinned tenant as every cost query applies them (usageWhere); never more
  // rows than the datasource's max rows.
  const filters = { tenants: q.tenants, users: q.users, models: q.models, range };
  const prices = intervalsInRange(priceIntervals(s.prices), range.fromMs, range.toMs);
  const limit = Math.min(q.limit, s.maxRows);
  const fetch = (traceColumns: boolean) =>
    runSelect<TopCallRow & RowDataPacket>(call.ds, topCallsStatement(s, filters, prices, { limit, traceColumns }), {
      signal: ctx.signal,
      timeoutSeconds: s.queryTimeoutSeconds,
    });
  let traceColumns = await traceColumnsPresent(call, ctx);
  let rows: TopCallRow[];
  try {
    rows = await fetch(traceColumns);
  } catch (err) {
    // The columns were dropped since they were looked up: answer without them, and remember.
    if (!(traceColumns && err instanceof PluginError && err.code === 'db.schema')) {
      throw err;
    }
    traceColumns = false;
    rememberTraceColumns(call.ds, false);
    rows = await fetch(false);
  }
  const { tenantNames, userNames } = await rowNamesFor(call, rows, ctx);
  // User ids are masked below the personal-data role (an application may log e-mail addresses as
  // ids), as in a breakdown by user; their names are not looked up for those roles at all.
  return topCallsFrame(rows, {
    refId,
    traceColumns,
    shown: call.access.pii ? undefined : maskValue,
    tenantNames,
    userNames,
  });
}
