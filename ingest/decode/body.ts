/**
 * An OTLP/HTTP request body → spans: pick the format from Content-Type, undo Content-Encoding, keep
 * both within the size limit, decode. The order of the checks is the order of the statuses a sender
 * can act on: 415 (wrong type or encoding), 413 (too large), 400 (bad data).
 */
import { gunzipSync } from 'node:zlib';
import type { DecodedSpan } from '../model';
import { DecodeError } from './errors';
import { decodeJson } from './json';
import { decodeProtobuf } from './protobuf';

export type OtlpFormat = 'protobuf' | 'json';

export interface DecodeLimits {
  /** Largest body in bytes, as received and after decompression (OTLP recommends 64 MiB). */
  maxBytes: number;
}

export interface DecodedTraces {
  spans: DecodedSpan[];
  /** The request's format: the response is written in the same one. */
  format: OtlpFormat;
}

export const CONTENT_TYPES: Readonly<Record<OtlpFormat, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * The format a Content-Type names, or null. Like the collector and Langfuse we only look for the
 * media type inside the header, so parameters (`; charset=utf-8`) and odd casing pass.
 */
export function otlpFormat(contentType: string | undefined): OtlpFormat | null {
  const t = (contentType ?? '').toLowerCase();
  if (t.includes(CONTENT_TYPES.protobuf)) {
    return 'protobuf';
  }
  if (t.includes(CONTENT_TYPES.json)) {
    return 'json';
  }
  return null;
}

function gunzip(body: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new DecodeError(413, `the body is larger than ${maxBytes} bytes after decompression`);
    }
    throw new DecodeError(400, `the body is not valid gzip: ${err.message}`);
  }
}

export function decodeTraces(
  body: Buffer,
  contentType: string,
  contentEncoding: string | undefined,
  limits: DecodeLimits
): DecodedTraces {
  const format = otlpFormat(contentType);
  if (!format) {
    throw new DecodeError(
      415,
      `unsupported Content-Type ${JSON.stringify(contentType)}: send application/x-protobuf or application/json`
    );
  }
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const gzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (!gzip && encoding !== '' && encoding !== 'identity') {
    throw new DecodeError(415, `unsupported Content-Encoding ${JSON.stringify(contentEncoding)}: send gzip or none`);
  }
  if (body.length > limits.maxBytes) {
    throw new DecodeError(413, `the body is larger than ${limits.maxBytes} bytes`);
  }
  const raw = gzip ? gunzip(body, limits.maxBytes) : body;
  const spans = format === 'protobuf' ? decodeProtobuf(raw) : decodeJson(raw);
  return { spans, format };
}
