/**
 * The ingest's HTTP surface on one port (4318, OTLP/HTTP's): `POST /v1/traces` (OTLP, protobuf or
 * JSON), `POST /v1/usage` and `POST /v1/audit` (the JSON write API), `GET /metrics`, `/healthz` and
 * `/readyz`. Every write is acknowledged only after its rows are committed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { IngestMetrics } from '../metrics';
import { checkKey, requestKey, type KeyRing } from '../auth/apiKeys';
import { OverloadedError, WriteError } from '../write/dbErrors';

export interface Reply {
  status: number;
  body: Buffer | string;
  contentType: string;
  headers?: Record<string, string>;
}

export interface RouteContext {
  body: Buffer;
  contentType: string;
  contentEncoding: string | undefined;
  /** The tenant the request's key is bound to (null: the key lets items name their tenant, or no key). */
  tenantFromKey: string | null;
}

export interface Routes {
  traces(ctx: RouteContext): Promise<Reply>;
  usage(ctx: RouteContext): Promise<Reply>;
  audit(ctx: RouteContext): Promise<Reply>;
  /** Null when ready, else why not. */
  notReady(): Promise<string | null>;
}

export interface ServerOptions {
  keys: KeyRing;
  allowUnauthenticated: boolean;
  maxBodyBytes: number;
  retryAfterSeconds: number;
  metrics: IngestMetrics;
  /** What to say in logs (one line per problem worth an operator's look). */
  log: (line: string) => void;
}

const WRITE_ROUTES = { '/v1/traces': 'traces', '/v1/usage': 'usage', '/v1/audit': 'audit' } as const;

export const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json',
  headers,
});

class BodyTooLarge extends Error {}

/** The request body, refusing (before reading it all) one larger than `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    return Promise.reject(new BodyTooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply) {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType,
    'Content-Length': String(body.length),
    ...reply.headers,
  });
  res.end(body);
}

/** How a failed write is answered: 429/503 ask the sender to come back; 500 does not. */
export function writeFailureReply(err: unknown, retryAfterSeconds: number): Reply | null {
  const retry = { 'Retry-After': String(retryAfterSeconds) };
  if (err instanceof OverloadedError) {
    return json(429, { code: 8, message: `too many rows waiting: ${err.message}; retry later` }, retry);
  }
  if (err instanceof WriteError) {
    return err.failure === 'rejected_by_database'
      ? json(500, { code: 13, message: `the database refused a row: ${err.message}` })
      : json(503, { code: 14, message: `the ledger database is unavailable: ${err.message}; retry later` }, retry);
  }
  return null;
}

export function createIngestServer(routes: Routes, options: ServerOptions): Server {
  const { metrics } = options;
  const answer = (res: ServerResponse, route: string, reply: Reply) => {
    metrics.requests.inc({ route, code: String(reply.status) });
    send(res, reply);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      return answer(res, path, { status: 200, body: 'ok\n', contentType: 'text/plain' });
    }
    if (path === '/readyz') {
      const why = await routes.notReady();
      return answer(res, path, {
        status: why ? 503 : 200,
        body: why ? `not ready: ${why}\n` : 'ready\n',
        contentType: 'text/plain',
      });
    }
    if (path === '/metrics') {
      return answer(res, path, {
        status: 200,
        body: await metrics.registry.metrics(),
        contentType: metrics.registry.contentType,
      });
    }
    const route = WRITE_ROUTES[path as keyof typeof WRITE_ROUTES];
    if (!route) {
      return answer(res, 'other', json(404, { code: 5, message: `no route ${path}` }));
    }
    if (req.method !== 'POST') {
      return answer(res, path, {
        ...json(405, { code: 12, message: `${path} takes POST` }),
        headers: { Allow: 'POST' },
      });
    }
    const key = checkKey(options.keys, requestKey(req.headers));
    if (!key.ok && !(key.reason === 'missing' && options.allowUnauthenticated)) {
      return answer(res, path, {
        ...json(401, {
          code: 16,
          message:
            key.reason === 'missing'
              ? 'an API key is required (Authorization: Bearer <key> or X-API-Key)'
              : 'unknown API key',
        }),
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        return answer(
          res,
          path,
          json(413, { code: 11, message: `the body is larger than ${options.maxBodyBytes} bytes` })
        );
      }
      throw err;
    }
    const reply = await routes[route]({
      body,
      contentType: String(req.headers['content-type'] ?? ''),
      contentEncoding: req.headers['content-encoding'],
      tenantFromKey: key.ok ? key.tenant : null,
    }).catch((err: unknown) => {
      const failed = writeFailureReply(err, options.retryAfterSeconds);
      if (!failed) {
        throw err;
      }
      options.log(`${path}: ${failed.status}: ${(err as Error).message}`);
      return failed;
    });
    answer(res, path, reply);
  };

  return createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log(`${req.url}: internal error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) {
        answer(res, 'error', json(500, { code: 13, message: 'internal error' }));
      } else {
        res.destroy();
      }
    });
  });
}
