/**
 * Answers in the request's format. Success: ExportTraceServiceResponse, with `partial_success` only
 * when spans were rejected or there is something to say (an empty message means full success).
 * Failure: google.rpc.Status. In JSON, int64 is a decimal string (proto3 JSON).
 */
import type { OtlpFormat } from './body';
import { TYPE_NAMES } from './otlpProto';
import { otlpRoot } from './protobuf';

export interface ExportOutcome {
  rejectedSpans: number;
  errorMessage: string;
}

export interface RpcStatus {
  /** google.rpc.Code (3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE, …). */
  code: number;
  message: string;
}

const responseType = otlpRoot.lookupType(TYPE_NAMES.response);
const statusType = otlpRoot.lookupType(TYPE_NAMES.rpcStatus);

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function encodeExportResponse(format: OtlpFormat, outcome: ExportOutcome): Buffer {
  const partial = outcome.rejectedSpans > 0 || outcome.errorMessage !== '';
  if (format === 'json') {
    const body = partial
      ? { partialSuccess: { rejectedSpans: String(outcome.rejectedSpans), errorMessage: outcome.errorMessage } }
      : {};
    return Buffer.from(JSON.stringify(body));
  }
  const message = partial
    ? { partialSuccess: { rejectedSpans: outcome.rejectedSpans, errorMessage: outcome.errorMessage } }
    : {};
  return toBuffer(responseType.encode(responseType.fromObject(message)).finish());
}

export function encodeErrorStatus(format: OtlpFormat, status: RpcStatus): Buffer {
  if (format === 'json') {
    return Buffer.from(JSON.stringify({ code: status.code, message: status.message }));
  }
  return toBuffer(statusType.encode(statusType.fromObject(status)).finish());
}
