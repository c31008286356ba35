/** The decode stage: what the server uses to read an OTLP/HTTP request and to answer it. */
export { CONTENT_TYPES, decodeTraces, otlpFormat } from './body';
export type { DecodedTraces, DecodeLimits, OtlpFormat } from './body';
export { DecodeError, RPC_CODE } from './errors';
export type { DecodeStatus } from './errors';
export { encodeErrorStatus, encodeExportResponse } from './response';
export type { ExportOutcome, RpcStatus } from './response';
