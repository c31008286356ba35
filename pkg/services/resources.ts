/**
 * CallResource: small HTTP-like routes under /api/datasources/uid/:uid/resources/. A reply is a
 * status, headers and either one body or a stream of chunks (sent as separate CallResource
 * messages, which Grafana flushes to the browser one by one).
 */
import {
  VARIABLE_SEARCH_MAX_LENGTH,
  VARIABLE_VALUES_MAX,
  VARIABLES,
  type VariableName,
} from '../../src/shared/queryTypes';
import { RESOURCE_PATHS, STREAM_MAX_CHUNKS } from '../../src/shared/resources';
import type { LedgerDatasource } from '../datasource';
import { ledgerCall } from './ledger';
import { variableValues } from './variableValues';
import { PluginError, toPluginError } from '../errors';
import { getMetrics } from '../metrics';
import type { CallResourceRequest } from '../proto/messages';
import type { PluginState } from '../pluginState';
import type { RequestContext } from './requestContext';

export interface ResourceReply {
  status: number;
  headers: Record<string, string[]>;
  body?: Uint8Array;
  chunks?: AsyncIterable<Uint8Array>;
}

const JSON_HEADERS = { 'Content-Type': ['application/json'] };

function json(status: number, value: unknown): ResourceReply {
  return { status, headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

function intParam(params: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = params.get(name);
  if (raw === null) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PluginError(
      'resource.bad_request',
      `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`
    );
  }
  return value;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new PluginError('request.cancelled', 'cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PluginError('request.cancelled', 'cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function* ndjsonChunks(count: number, intervalMs: number, signal: AbortSignal): AsyncIterable<Uint8Array> {
  for (let i = 1; i <= count; i++) {
    if (i > 1 && intervalMs > 0) {
      await sleep(intervalMs, signal);
    }
    yield Buffer.from(`${JSON.stringify({ chunk: i, of: count, at: Date.now() })}\n`, 'utf8');
  }
}

async function route(state: PluginState, req: CallResourceRequest, ctx: RequestContext): Promise<ResourceReply> {
  const url = new URL(req.url || req.path, 'http://plugin/');
  const path = req.path.replace(/^\/+|\/+$/g, '');
  const method = (req.method || 'GET').toUpperCase();
  const ds = state.instances.get(req.pluginContext!);

  switch (path) {
    case RESOURCE_PATHS.ping:
      if (method !== 'GET') {
        throw new PluginError('resource.method_not_allowed', `${method} is not allowed on ${path}`);
      }
      return json(200, {
        status: 'ok',
        version: state.version,
        uid: ds.settings?.uid ?? req.pluginContext?.dataSourceInstanceSettings?.uid,
        instance: ds.id,
        user: { login: req.pluginContext?.user?.login ?? '', role: req.pluginContext?.user?.role ?? '' },
      });
    case RESOURCE_PATHS.stream: {
      if (method !== 'GET') {
        throw new PluginError('resource.method_not_allowed', `${method} is not allowed on ${path}`);
      }
      const count = intParam(url.searchParams, 'chunks', 1, STREAM_MAX_CHUNKS, 3);
      const intervalMs = intParam(url.searchParams, 'intervalMs', 0, 1000, 0);
      return {
        status: 200,
        headers: { 'Content-Type': ['application/x-ndjson'] },
        chunks: ndjsonChunks(count, intervalMs, ctx.signal),
      };
    }
    default:
      if (path.startsWith(`${RESOURCE_PATHS.variables}/`)) {
        if (method !== 'GET') {
          throw new PluginError('resource.method_not_allowed', `${method} is not allowed on ${path}`);
        }
        return variablesResource(ds, req, url.searchParams, path.slice(RESOURCE_PATHS.variables.length + 1), ctx);
      }
      throw new PluginError('resource.not_found', `no resource at ${JSON.stringify(path)}`);
  }
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** GET variables/<tenants|users|models|actions>?search=&limit=&from=&to= (epoch ms; default: the last 7 days). */
async function variablesResource(
  ds: LedgerDatasource,
  req: CallResourceRequest,
  params: URLSearchParams,
  name: string,
  ctx: RequestContext
): Promise<ResourceReply> {
  if (!(VARIABLES as readonly string[]).includes(name)) {
    throw new PluginError(
      'resource.not_found',
      `no variable ${JSON.stringify(name)}; expected one of ${VARIABLES.join(', ')}`
    );
  }
  const now = Date.now();
  const toMs = intParam(params, 'to', 0, Number.MAX_SAFE_INTEGER, now);
  const fromMs = intParam(params, 'from', 0, Number.MAX_SAFE_INTEGER, toMs - WEEK_MS);
  const limit = intParam(params, 'limit', 1, VARIABLE_VALUES_MAX, VARIABLE_VALUES_MAX);
  const search = params.get('search') ?? undefined;
  if (search !== undefined && search.length > VARIABLE_SEARCH_MAX_LENGTH) {
    throw new PluginError('resource.bad_request', `search: at most ${VARIABLE_SEARCH_MAX_LENGTH} characters`);
  }
  const call = ledgerCall(ds, req.pluginContext, false);
  const result = await variableValues(
    call,
    { variable: name as VariableName, search, limit, range: { fromMs, toMs } },
    ctx
  );
  return json(200, {
    values: result.values.map((v, i) => ({ text: result.texts[i] ?? v, value: v })),
    truncated: result.truncated,
  });
}

export async function callResource(
  state: PluginState,
  req: CallResourceRequest,
  ctx: RequestContext
): Promise<ResourceReply> {
  let reply: ResourceReply;
  try {
    reply = await route(state, req, ctx);
  } catch (err) {
    const pluginError = toPluginError(err);
    if (pluginError.code === 'internal') {
      ctx.logger.error('resource call failed', { path: req.path, error: pluginError.message });
    }
    reply = json(pluginError.status, { message: pluginError.message, code: pluginError.code });
  }
  // Only known paths become label values, so a scanner cannot blow up the metric's cardinality.
  const base = req.path.split('/')[0];
  const known = (Object.values(RESOURCE_PATHS) as string[]).includes(base) ? base : 'other';
  getMetrics().resources.inc({ path: known, code: String(reply.status) });
  return reply;
}
