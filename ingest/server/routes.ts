/**
 * What each write route does with a request: decode, validate or map, hand the rows to the writer and
 * wait for the commit, then answer in the request's own encoding.
 */
import { gunzipSync } from 'node:zlib';
import type { MapContext, SpanRejection, UsageRow } from '../model';
import type { IngestMetrics } from '../metrics';
import { decodeTraces, DecodeError, encodeErrorStatus, encodeExportResponse, RPC_CODE } from '../decode';
import { mapSpans } from '../map';
import { itemsOf, validateItems, type ItemError, type ItemRow } from '../api/items';
import { usageItemSchema, usageRowOf } from '../api/usageItems';
import { auditItemSchema, auditRowOf, type AuditRow } from '../api/auditItems';
import { json, writeFailureReply, type Reply, type RouteContext, type Routes } from './http';

export interface RouteDeps {
  usage: { write(rows: UsageRow[]): Promise<void> };
  audit: { write(rows: AuditRow[]): Promise<void> };
  metrics: IngestMetrics;
  mapContext: Omit<MapContext, 'tenantFromKey'>;
  maxBodyBytes: number;
  retryAfterSeconds: number;
  notReady(): Promise<string | null>;
  /** Told about every write that failed because of the database (503), for readiness and metrics. */
  onUnavailable?(message: string): void;
}

/** At most this many rejections are spelled out in a partial-success message. */
const MESSAGE_REJECTIONS = 5;

export function rejectionMessage(rejected: SpanRejection[]): string {
  if (rejected.length === 0) {
    return '';
  }
  const shown = rejected.slice(0, MESSAGE_REJECTIONS).map((r) => r.message);
  const more = rejected.length > shown.length ? `; and ${rejected.length - shown.length} more` : '';
  return `${rejected.length} span(s) rejected: ${shown.join('; ')}${more}`;
}

/** The JSON write API's body: gzip allowed, JSON required. */
function jsonBody(ctx: RouteContext, maxBytes: number): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (!/application\/json/i.test(ctx.contentType)) {
    return { ok: false, reply: json(415, { code: 3, message: 'Content-Type must be application/json' }) };
  }
  let body = ctx.body;
  const encoding = (ctx.contentEncoding ?? 'identity').toLowerCase();
  if (encoding === 'gzip') {
    try {
      body = gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return {
        ok: false,
        reply: tooLarge
          ? json(413, { code: 11, message: `the body is larger than ${maxBytes} bytes once decompressed` })
          : json(400, { code: 3, message: `the body is not valid gzip: ${(err as Error).message}` }),
      };
    }
  } else if (encoding !== 'identity') {
    return {
      ok: false,
      reply: json(415, { code: 3, message: `Content-Encoding ${encoding} is not supported (gzip is)` }),
    };
  }
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (err) {
    return { ok: false, reply: json(400, { code: 3, message: `the body is not JSON: ${(err as Error).message}` }) };
  }
}

export function createRoutes(deps: RouteDeps): Routes {
  const { metrics } = deps;

  const itemRoute =
    <T, R>(
      table: 'usage' | 'audit',
      schema: Parameters<typeof validateItems<T>>[1],
      toRow: (item: T, tenantFromKey: string | null) => ItemRow<R>,
      write: (rows: R[]) => Promise<void>
    ) =>
    async (ctx: RouteContext): Promise<Reply> => {
      const parsed = jsonBody(ctx, deps.maxBodyBytes);
      if (!parsed.ok) {
        return parsed.reply;
      }
      const list = itemsOf(parsed.value);
      if (!list.ok) {
        return json(list.status, { code: 3, message: list.message });
      }
      const { valid, errors } = validateItems(list.items, schema);
      const rows: R[] = [];
      const rejected: ItemError[] = [...errors];
      for (const { index, item } of valid) {
        const out = toRow(item, ctx.tenantFromKey);
        if (out.ok) {
          rows.push(out.row);
        } else {
          rejected.push({ index, field: out.field, message: out.message });
        }
      }
      rejected.sort((a, b) => a.index - b.index);
      rejected.forEach(() => metrics.rejected.inc({ reason: `invalid_${table}_item` }));
      await write(rows).catch((err: unknown) => {
        if (writeFailureReply(err, deps.retryAfterSeconds)?.status === 503) {
          deps.onUnavailable?.((err as Error).message);
        }
        throw err;
      });
      const status = rows.length === 0 && rejected.length > 0 ? 400 : 200;
      return json(status, { accepted: rows.length, rejected });
    };

  return {
    notReady: deps.notReady,

    async traces(ctx) {
      let decoded;
      try {
        decoded = decodeTraces(ctx.body, ctx.contentType, ctx.contentEncoding, { maxBytes: deps.maxBodyBytes });
      } catch (err) {
        if (err instanceof DecodeError) {
          const format = /protobuf/i.test(ctx.contentType) ? 'protobuf' : 'json';
          return statusReply(format, err.status, RPC_CODE[err.status], err.message);
        }
        throw err;
      }
      const { format, spans } = decoded;
      metrics.spansReceived.inc(spans.length);
      const mapped = mapSpans(spans, { ...deps.mapContext, tenantFromKey: ctx.tenantFromKey });
      for (const r of mapped.rejected) {
        metrics.rejected.inc({ reason: r.reason });
      }
      for (const [reason, n] of Object.entries(mapped.skipped)) {
        metrics.skipped.inc({ reason }, n);
      }
      for (const [kind, n] of Object.entries(mapped.cases)) {
        metrics.mapped.inc({ case: kind }, n);
      }
      try {
        await deps.usage.write(mapped.rows);
      } catch (err) {
        const failed = writeFailureReply(err, deps.retryAfterSeconds);
        if (!failed) {
          throw err;
        }
        const { code, message } = JSON.parse(String(failed.body)) as { code: number; message: string };
        if (failed.status === 503) {
          deps.onUnavailable?.(message);
        }
        return { ...statusReply(format, failed.status, code, message), headers: failed.headers };
      }
      return {
        status: 200,
        body: encodeExportResponse(format, {
          rejectedSpans: mapped.rejected.length,
          errorMessage: rejectionMessage(mapped.rejected),
        }),
        contentType: format === 'protobuf' ? 'application/x-protobuf' : 'application/json',
      };
    },

    usage: itemRoute('usage', usageItemSchema, usageRowOf, (rows) => deps.usage.write(rows)),
    audit: itemRoute('audit', auditItemSchema, auditRowOf, (rows) => deps.audit.write(rows)),
  };
}

/** A google.rpc.Status body in the request's encoding (what OTLP/HTTP errors carry). */
function statusReply(format: 'protobuf' | 'json', status: number, code: number, message: string): Reply {
  return {
    status,
    body: encodeErrorStatus(format, { code, message }),
    contentType: format === 'protobuf' ? 'application/x-protobuf' : 'application/json',
  };
}
