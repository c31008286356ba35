/**
 * Adapters from grpc-js calls to the plugin's services (pkg/services). Each service module is
 * required on its first call, not at start-up, so that the validation library, the frame encoders
 * and prom-client load after the handshake.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type * as M from '../proto/messages';
import type { PluginState } from '../pluginState';
import type { Logger } from '../runtime/logger';
import { callContext } from './callContext';
import { GrpcStatus, grpcError, grpcStatus } from './grpcStatus';
import type { ServiceImplementation } from './serviceDefinitions';

/** gRPC status for a failure that is not one query's: INTERNAL with the message, logged once. */
function internalError(logger: Logger, rpc: string, err: unknown) {
  const message = err instanceof Error ? err.message : String(err);
  logger.error(`${rpc} failed`, { error: message });
  return grpcStatus(GrpcStatus.INTERNAL, message);
}

export function dataImplementation(state: PluginState, logger: Logger): ServiceImplementation<'pluginv2.Data'> {
  return {
    QueryData(call, callback) {
      const ctx = callContext(
        call,
        logger.with({ rpc: 'QueryData', uid: call.request.pluginContext?.dataSourceInstanceSettings?.uid })
      );
       
      const { queryData } = require('../services/queryData') as typeof import('../services/queryData');
      queryData(state, call.request, ctx)
        .then((res) => callback(null, res))
        .catch((err) => callback(internalError(logger, 'QueryData', err)))
        .finally(() => ctx.done());
    },
  };
}

export function diagnosticsImplementation(
  state: PluginState,
  logger: Logger
): ServiceImplementation<'pluginv2.Diagnostics'> {
  return {
    CheckHealth(call, callback) {
      const ctx = callContext(call, logger.with({ rpc: 'CheckHealth' }));
       
      const { checkHealth } = require('../services/checkHealth') as typeof import('../services/checkHealth');
      checkHealth(state, call.request, ctx)
        .then((res) => callback(null, res))
        .catch((err) => callback(internalError(logger, 'CheckHealth', err)))
        .finally(() => ctx.done());
    },
    CollectMetrics(_call, callback) {
       
      const { collectMetrics } = require('../services/collectMetrics') as typeof import('../services/collectMetrics');
      collectMetrics()
        .then((res) => callback(null, res))
        .catch((err) => callback(internalError(logger, 'CollectMetrics', err)));
    },
  };
}

function toStringLists(headers: Record<string, string[]>): Record<string, M.StringList> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { values: v }]));
}

/** Writes one message and resolves when the stream can take more (back-pressure). */
function write(
  call: ServerWritableStream<M.CallResourceRequest, M.CallResourceResponse>,
  msg: M.CallResourceResponse
): Promise<void> {
  return new Promise((resolve) => {
    if (call.write(msg)) {
      resolve();
    } else {
      call.once('drain', resolve);
    }
  });
}

export function resourceImplementation(state: PluginState, logger: Logger): ServiceImplementation<'pluginv2.Resource'> {
  return {
    CallResource(call) {
      const ctx = callContext(call, logger.with({ rpc: 'CallResource', path: call.request.path }));
       
      const { callResource } = require('../services/resources') as typeof import('../services/resources');
      let chunksSent = 0;
      (async () => {
        const reply = await callResource(state, call.request, ctx);
        // The first message carries the status and headers (Grafana requires at least one message).
        await write(call, {
          code: reply.status,
          headers: toStringLists(reply.headers),
          body: reply.body ?? new Uint8Array(),
        });
        if (reply.chunks) {
          for await (const chunk of reply.chunks) {
            if (ctx.signal.aborted) {
              break;
            }
            // Later messages carry only body bytes (headers are sent once, with the first).
            await write(call, { code: reply.status, headers: {}, body: chunk });
            chunksSent++;
          }
        }
      })()
        .catch((err) => {
          if (!ctx.signal.aborted) {
            call.destroy(grpcError(GrpcStatus.INTERNAL, internalError(logger, 'CallResource', err).details));
          }
        })
        .finally(() => {
          if (ctx.signal.aborted) {
            // The caller went away (the browser closed the request): the stream stopped producing.
            ctx.logger.debug('resource call cancelled', { chunksSent });
          }
          if (!call.destroyed) {
            call.end();
          }
          ctx.done();
        });
    },
  };
}
