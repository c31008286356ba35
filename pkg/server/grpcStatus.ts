/**
 * The gRPC status codes the plugin's handlers answer with, named here and nowhere else. Everything
 * that goes wrong inside one query or one resource call is reported in the reply (a DataResponse's
 * status, a resource's HTTP code; see pkg/errors.ts), so a call fails as a whole only in the cases
 * below. grpc-js answers the other codes itself: UNIMPLEMENTED for a method not served,
 * CANCELLED and DEADLINE_EXCEEDED when the caller goes away or its deadline passes,
 * RESOURCE_EXHAUSTED for a message over the size limit.
 *
 * The values are gRPC's (the same in every implementation), checked against grpc-js' `status` enum
 * at compile time so that grpc-js need not load for them.
 */
import type { status as GrpcJsStatus, ServerErrorResponse, StatusObject } from '@grpc/grpc-js';

export const GrpcStatus = {
  /** gRPC health: a service other than the plugin's ("plugin", or "" for the server). */
  NOT_FOUND: 5,
  /** A call that failed as a whole: a bug or an unexpected failure outside any one query. */
  INTERNAL: 13,
} as const satisfies { readonly [Name in keyof typeof GrpcJsStatus]?: (typeof GrpcJsStatus)[Name] };

export type GrpcStatusCode = (typeof GrpcStatus)[keyof typeof GrpcStatus];

/** What a unary handler passes to its callback to fail the call with `code` and `details`. */
export function grpcStatus(code: GrpcStatusCode, details: string): Pick<StatusObject, 'code' | 'details'> {
  return { code, details };
}

/** What a streaming handler passes to `call.destroy()` to fail the call with `code` and `details`. */
export function grpcError(code: GrpcStatusCode, details: string): ServerErrorResponse {
  return Object.assign(new Error(details), { code });
}
