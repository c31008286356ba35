/**
 * grpc-js service definitions written out by hand instead of loaded with @grpc/proto-loader:
 * proto-loader and protobufjs would otherwise load before the handshake. The codecs behind
 * `requestDeserialize`/`responseSerialize` build their protobuf types on the first call.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { codecFor } from '../proto/codec';
import type * as M from '../proto/messages';

function method<Req, Res>(
  service: string,
  name: string,
  requestType: string,
  responseType: string,
  responseStream = false
): MethodDefinition<Req, Res> {
  const req = codecFor<Req>(requestType);
  const res = codecFor<Res>(responseType);
  return {
    path: `/${service}/${name}`,
    requestStream: false,
    responseStream,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: name,
  };
}

export const healthService = {
  Check: method<M.HealthCheckRequest, M.HealthCheckResponse>(
    'grpc.health.v1.Health',
    'Check',
    'grpc.health.v1.HealthCheckRequest',
    'grpc.health.v1.HealthCheckResponse'
  ),
} satisfies ServiceDefinition;

export const controllerService = {
  Shutdown: method<M.Empty, M.Empty>('plugin.GRPCController', 'Shutdown', 'plugin.Empty', 'plugin.Empty'),
} satisfies ServiceDefinition;

export const stdioService = {
  StreamStdio: method<M.Empty, M.StdioData>(
    'plugin.GRPCStdio',
    'StreamStdio',
    'plugin.Empty',
    'plugin.StdioData',
    true
  ),
} satisfies ServiceDefinition;

export const dataService = {
  QueryData: method<M.QueryDataRequest, M.QueryDataResponse>(
    'pluginv2.Data',
    'QueryData',
    'pluginv2.QueryDataRequest',
    'pluginv2.QueryDataResponse'
  ),
} satisfies ServiceDefinition;

export const diagnosticsService = {
  CheckHealth: method<M.CheckHealthRequest, M.CheckHealthResponse>(
    'pluginv2.Diagnostics',
    'CheckHealth',
    'pluginv2.CheckHealthRequest',
    'pluginv2.CheckHealthResponse'
  ),
  CollectMetrics: method<M.CollectMetricsRequest, M.CollectMetricsResponse>(
    'pluginv2.Diagnostics',
    'CollectMetrics',
    'pluginv2.CollectMetricsRequest',
    'pluginv2.CollectMetricsResponse'
  ),
} satisfies ServiceDefinition;

export const resourceService = {
  CallResource: method<M.CallResourceRequest, M.CallResourceResponse>(
    'pluginv2.Resource',
    'CallResource',
    'pluginv2.CallResourceRequest',
    'pluginv2.CallResourceResponse',
    true
  ),
} satisfies ServiceDefinition;

/** Every message type the services use; the warm-up resolves them all. */
export const MESSAGE_TYPES = [
  'grpc.health.v1.HealthCheckRequest',
  'grpc.health.v1.HealthCheckResponse',
  'plugin.Empty',
  'plugin.StdioData',
  'pluginv2.QueryDataRequest',
  'pluginv2.QueryDataResponse',
  'pluginv2.CheckHealthRequest',
  'pluginv2.CheckHealthResponse',
  'pluginv2.CollectMetricsRequest',
  'pluginv2.CollectMetricsResponse',
  'pluginv2.CallResourceRequest',
  'pluginv2.CallResourceResponse',
];
