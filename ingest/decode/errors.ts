/**
 * Why a request body could not be decoded, with the HTTP status OTLP/HTTP prescribes: 400 (bad data,
 * not retried), 413 (too large), 415 (a content type or encoding we do not speak). The server answers
 * with `status` and a google.rpc.Status carrying `message`.
 */
export type DecodeStatus = 400 | 413 | 415;

export class DecodeError extends Error {
  readonly status: DecodeStatus;

  constructor(status: DecodeStatus, message: string) {
    super(message);
    this.name = 'DecodeError';
    this.status = status;
  }
}

/** google.rpc.Code for each status, for the error body (INVALID_ARGUMENT, OUT_OF_RANGE, UNIMPLEMENTED). */
export const RPC_CODE: Readonly<Record<DecodeStatus, number>> = { 400: 3, 413: 11, 415: 12 };
