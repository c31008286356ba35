/**
 * QueryData: one DataResponse per refId, always with a status. A query that fails (bad JSON, a bad
 * field, an error while running) gets its own error and status; the other queries of the request
 * still answer. Frames are encoded as the request asked (Arrow unless JSON was requested).
 */
import { validateQuery, type LedgerQuery } from '../../src/shared/queryModel';
import { invalidField, PluginError, toPluginError } from '../errors';
import { encodeFrames, type Frame } from '../frames';
import { getMetrics } from '../metrics';
import {
  DataFrameFormat,
  type DataQuery,
  type DataResponse,
  type QueryDataRequest,
  type QueryDataResponse,
} from '../proto/messages';
import { pingFrame } from '../queries/ping';
import { variableValuesFrame } from '../frames/variableValues';
import { auditCounts, auditEvents } from './audit';
import { auditTrailState, auditVerify } from './auditVerify';
import { budget, spendSpikes } from './budgetAndSpikes';
import { costBreakdown, costTimeSeries, costTotals, unpricedModels } from './cost';
import { ledgerCall, type QueryInput } from './ledger';
import { costTopCalls } from './topCalls';
import { variableValues } from './variableValues';
import type { LedgerDatasource } from '../datasource';
import type { PluginState } from '../pluginState';
import type { RequestContext } from './requestContext';
import { alertContext } from './requestHeaders';

/** Parses and validates one query's JSON; the error names the field. */
export function parseQuery(dq: DataQuery): LedgerQuery {
  let raw: unknown;
  try {
    const text = Buffer.from(dq.json.buffer, dq.json.byteOffset, dq.json.byteLength).toString('utf8');
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    throw new PluginError('query.invalid_json', `invalid query: query JSON does not parse: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidField('query', 'expected a JSON object');
  }
  const withType = raw as Record<string, unknown>;
  // Grafana sends queryType both in the JSON and in DataQuery; the JSON wins, the field fills a gap.
  if (withType.queryType === undefined && dq.queryType) {
    withType.queryType = dq.queryType;
  }
  const result = validateQuery(withType);
  if (!result.ok) {
    throw invalidField(result.field, result.message);
  }
  return result.query;
}

interface QueryScope {
  ds: LedgerDatasource;
  pluginContext: QueryDataRequest['pluginContext'];
  fromAlert: boolean;
}

async function runQuery(query: LedgerQuery, dq: DataQuery, scope: QueryScope, ctx: RequestContext): Promise<Frame[]> {
  const range = { fromMs: dq.timeRange?.fromEpochMS ?? 0, toMs: dq.timeRange?.toEpochMS ?? 0 };
  if (query.queryType === 'ping') {
    return [pingFrame({ query, refId: dq.refId, fromMs: range.fromMs, toMs: range.toMs, instanceId: scope.ds.id })];
  }
  // Every other query reads the ledger: valid settings and the caller's access first.
  const call = ledgerCall(scope.ds, scope.pluginContext, scope.fromAlert);
  const input: QueryInput = { refId: dq.refId, range, intervalMs: dq.intervalMS, maxDataPoints: dq.maxDataPoints };
  switch (query.queryType) {
    case 'variableValues': {
      const result = await variableValues(
        call,
        { variable: query.variable, search: query.search, limit: query.limit, range },
        ctx
      );
      return [variableValuesFrame(dq.refId, result)];
    }
    case 'costTimeSeries':
      return [await costTimeSeries(call, query, input, ctx)];
    case 'costBreakdown':
      return [await costBreakdown(call, query, input, ctx)];
    case 'costTotals':
      return [await costTotals(call, query, input, ctx)];
    case 'unpricedModels':
      return [await unpricedModels(call, query, input, ctx)];
    case 'costTopCalls':
      return [await costTopCalls(call, query, input, ctx)];
    case 'budget':
      return [await budget(call, query, input, ctx)];
    case 'spendSpikes':
      return [await spendSpikes(call, query, input, ctx)];
    case 'auditEvents':
      return [await auditEvents(call, query, input, ctx)];
    case 'auditCounts':
      return [await auditCounts(call, query, input, ctx)];
    case 'auditVerify':
      return [await auditVerify(call, query, input, ctx)];
    case 'auditTrailState':
      return [await auditTrailState(call, query, input, ctx)];
  }
}

function errorResponse(err: PluginError, format: DataFrameFormat): DataResponse {
  return { frames: [], status: err.status, error: err.message, errorSource: err.source, format };
}

async function answer(
  dq: DataQuery,
  scope: QueryScope,
  format: DataFrameFormat,
  ctx: RequestContext
): Promise<DataResponse> {
  const started = performance.now();
  let queryType = dq.queryType || 'unknown';
  let response: DataResponse;
  try {
    if (ctx.signal.aborted) {
      throw new PluginError('request.cancelled', 'query cancelled');
    }
    const query = parseQuery(dq);
    queryType = query.queryType;
    const frames = await runQuery(query, dq, scope, ctx);
    response = { frames: encodeFrames(frames, format), status: 200, format };
  } catch (err) {
    const pluginError = toPluginError(err);
    if (pluginError.code === 'internal') {
      ctx.logger.error('query failed', { refId: dq.refId, error: pluginError.message });
    } else {
      ctx.logger.debug('query refused', { refId: dq.refId, code: pluginError.code, error: pluginError.message });
    }
    response = errorResponse(pluginError, format);
  }
  const metrics = getMetrics();
  metrics.queries.inc({ query_type: queryType, status: String(response.status) });
  metrics.queryDuration.observe({ query_type: queryType }, (performance.now() - started) / 1000);
  return response;
}

export async function queryData(
  state: PluginState,
  req: QueryDataRequest,
  ctx: RequestContext
): Promise<QueryDataResponse> {
  // Grafana ≤ 12.4 never sets format (0 = Arrow); newer Grafana may ask for JSON, and we honour it.
  const format = req.format === DataFrameFormat.JSON ? DataFrameFormat.JSON : DataFrameFormat.ARROW;
  const alert = alertContext(req.headers);
  if (alert.fromAlert) {
    // Alert rules run unattended: their logs name the rule, so a failing rule can be found.
    ctx = { ...ctx, logger: ctx.logger.with({ fromAlert: true, ruleUid: alert.ruleUid, ruleName: alert.ruleName }) };
  }
  ctx.logger.debug('query data', {
    queries: req.queries.length,
    format: format === DataFrameFormat.JSON ? 'json' : 'arrow',
  });
  const responses: Record<string, DataResponse> = {};
  let ds: LedgerDatasource;
  try {
    ds = state.instances.get(req.pluginContext!);
  } catch (err) {
    const pluginError = toPluginError(err);
    for (const dq of req.queries) {
      responses[dq.refId] = errorResponse(pluginError, format);
    }
    return { responses };
  }
  const scope: QueryScope = { ds, pluginContext: req.pluginContext, fromAlert: alert.fromAlert };
  ctx = { ...ctx, statements: new Map() };
  const answers = await Promise.all(req.queries.map((dq) => answer(dq, scope, format, ctx)));
  req.queries.forEach((dq, i) => {
    responses[dq.refId] = answers[i];
  });
  return { responses };
}
