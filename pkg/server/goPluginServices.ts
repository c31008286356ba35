/**
 * The services go-plugin's host needs besides Grafana's: gRPC health ("plugin" must be SERVING),
 * the controller whose Shutdown stops the plugin, and the stdio stream. Grafana discards plugin
 * stdio, so the stream carries nothing; it is served (held open until shutdown) so that the host
 * does not log a missing-service warning at every start.
 */
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  ServingStatus,
  type Empty,
  type HealthCheckRequest,
  type HealthCheckResponse,
  type StdioData,
} from '../proto/messages';
import type { Lifecycle } from '../runtime/lifecycle';
import type { Logger } from '../runtime/logger';

export function healthImplementation(): UntypedServiceImplementation {
  return {
    Check(
      call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
      callback: sendUnaryData<HealthCheckResponse>
    ) {
      const service = call.request.service;
      if (service === '' || service === 'plugin') {
        callback(null, { status: ServingStatus.SERVING });
      } else {
        callback({ code: 5 /* NOT_FOUND */, details: `unknown service ${service}` });
      }
    },
  };
}

export function controllerImplementation(lifecycle: Lifecycle, logger: Logger): UntypedServiceImplementation {
  return {
    Shutdown(_call: ServerUnaryCall<Empty, Empty>, callback: sendUnaryData<Empty>) {
      logger.debug('shutdown requested by the host');
      callback(null, {});
      // Reply first, then stop: the host waits for the reply and then for the process to exit.
      setImmediate(() => void lifecycle.shutdown('GRPCController/Shutdown'));
    },
  };
}

export function stdioImplementation(lifecycle: Lifecycle): UntypedServiceImplementation {
  const open = new Set<ServerWritableStream<Empty, StdioData>>();
  lifecycle.onShutdown('close stdio streams', () => {
    for (const call of open) {
      call.end();
    }
    open.clear();
  });
  return {
    StreamStdio(call: ServerWritableStream<Empty, StdioData>) {
      open.add(call);
      call.once('cancelled', () => open.delete(call));
    },
  };
}
