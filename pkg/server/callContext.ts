/**
 * Turns a grpc-js call's cancellation and deadline into an AbortSignal for the services, which
 * know nothing of gRPC. Grafana cancels the RPC when the browser aborts the HTTP request; alert
 * rules set deadlines.
 */
import type { ServerSurfaceCall } from '@grpc/grpc-js/build/src/server-call';
import type { Logger } from '../runtime/logger';
import { PluginError } from '../errors';
import type { RequestContext } from '../services/requestContext';

export interface CallContext extends RequestContext {
  /** Stops the deadline timer; call when the call is answered. */
  done(): void;
}

export function callContext(call: ServerSurfaceCall, logger: Logger): CallContext {
  const controller = new AbortController();
  const cancel = () => controller.abort(new PluginError('request.cancelled', 'the request was cancelled'));
  if (call.cancelled) {
    cancel();
  } else {
    call.once('cancelled', cancel);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  if (Number.isFinite(deadlineMs)) {
    timer = setTimeout(
      () => controller.abort(new PluginError('request.deadline_exceeded', 'the request deadline passed')),
      Math.max(0, deadlineMs - Date.now())
    );
    timer.unref();
  }
  return {
    signal: controller.signal,
    logger,
    done() {
      if (timer) {
        clearTimeout(timer);
      }
      call.removeListener('cancelled', cancel);
    },
  };
}
