/**
 * The services go-plugin's host needs besides Grafana's: gRPC health ("plugin" must be SERVING),
 * the controller whose Shutdown stops the plugin, and the stdio stream. Grafana discards plugin
 * stdio, so the stream carries nothing; it is served (held open until shutdown) so that the host
 * does not log a missing-service warning at every start.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import { ServingStatus, type Empty, type StdioData } from '../proto/messages';
import type { Lifecycle } from '../runtime/lifecycle';
import type { Logger } from '../runtime/logger';
import { GrpcStatus, grpcStatus } from './grpcStatus';
import type { ServiceImplementation } from './serviceDefinitions';

export function healthImplementation(): ServiceImplementation<'grpc.health.v1.Health'> {
  return {
    Check(call, callback) {
      const service = call.request.service;
      if (service === '' || service === 'plugin') {
        callback(null, { status: ServingStatus.SERVING });
      } else {
        callback(grpcStatus(GrpcStatus.NOT_FOUND, `unknown service ${service}`));
      }
    },
  };
}

export function controllerImplementation(
  lifecycle: Lifecycle,
  logger: Logger
): ServiceImplementation<'plugin.GRPCController'> {
  return {
    Shutdown(_call, callback) {
      logger.debug('shutdown requested by the host');
      callback(null, {});
      // Reply first, then stop: the host waits for the reply and then for the process to exit.
      setImmediate(() => void lifecycle.shutdown('GRPCController/Shutdown'));
    },
  };
}

export function stdioImplementation(lifecycle: Lifecycle): ServiceImplementation<'plugin.GRPCStdio'> {
  const open = new Set<ServerWritableStream<Empty, StdioData>>();
  lifecycle.onShutdown('close stdio streams', () => {
    for (const call of open) {
      call.end();
    }
    open.clear();
  });
  return {
    StreamStdio(call) {
      open.add(call);
      call.once('cancelled', () => open.delete(call));
    },
  };
}
