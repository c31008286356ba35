import type { handleServerStreamingCall, handleUnaryCall, ServiceDefinition } from '@grpc/grpc-js';
import type * as M from '../proto/messages';
import { declaredInProtoFiles, fullName } from '../proto/protoFiles.testing';
import { MESSAGE_TYPES, serviceDefinition, type ServiceImplementation, type ServiceName } from './serviceDefinitions';

/** The generated class a codec decodes into, e.g. `QueryDataRequest`. */
const decodedAs = (deserialize: (bytes: Buffer) => unknown) =>
  (deserialize(Buffer.alloc(0)) as object).constructor.name;

describe('grpc-js service definitions', () => {
  const { services } = declaredInProtoFiles();

  it.each(services.map((s) => [fullName(s), s] as const))(
    '%s: one method per RPC the .proto declares, at its gRPC path, with its messages and streaming',
    (name, service) => {
      const definition: ServiceDefinition = serviceDefinition(name as ServiceName);
      expect(Object.keys(definition).sort()).toEqual(service.methodsArray.map((m) => m.name).sort());
      for (const rpc of service.methodsArray) {
        const method = definition[rpc.name];
        expect(method).toMatchObject({
          path: `/${name}/${rpc.name}`,
          originalName: rpc.name,
          requestStream: Boolean(rpc.requestStream),
          responseStream: Boolean(rpc.responseStream),
        });
        expect(decodedAs(method.requestDeserialize)).toBe(rpc.resolvedRequestType!.name);
        expect(decodedAs(method.responseDeserialize)).toBe(rpc.resolvedResponseType!.name);
      }
    }
  );

  it('builds each definition once', () => {
    expect(serviceDefinition('pluginv2.Data')).toBe(serviceDefinition('pluginv2.Data'));
  });

  it('lists every request and response type for the warm-up', () => {
    const used = services.flatMap((s) =>
      s.methodsArray.flatMap((m) => [fullName(m.resolvedRequestType!), fullName(m.resolvedResponseType!)])
    );
    expect([...MESSAGE_TYPES].sort()).toEqual([...new Set(used)].sort());
    expect(MESSAGE_TYPES).toHaveLength(12);
  });
});

describe('service implementations', () => {
  /** Compiles only when `implementation` matches the service: checked by `tsc`, not at run time. */
  const implementation = <S extends ServiceName>(_service: S, handlers: ServiceImplementation<S>) => handlers;
  const queryData: handleUnaryCall<M.QueryDataRequest, M.QueryDataResponse> = (_call, callback) =>
    callback(null, { responses: {} });
  const checkHealth: handleUnaryCall<M.CheckHealthRequest, M.CheckHealthResponse> = (_call, callback) =>
    callback(null, { status: 1, message: 'OK' });
  const callResource: handleServerStreamingCall<M.CallResourceRequest, M.CallResourceResponse> = (call) => call.end();

  it('types each handler by its method: messages, kind of call, and the methods the .proto declares', () => {
    const ok = [
      implementation('pluginv2.Data', { QueryData: queryData }),
      implementation('pluginv2.Resource', { CallResource: callResource }),
      implementation('pluginv2.Data', {
        QueryData(call, callback) {
          callback(null, { responses: { [call.request.queries[0].refId]: { frames: [], status: 200, format: 0 } } });
        },
      }),
    ];
    const refused = [
      // @ts-expect-error a handler for another method's messages
      implementation('pluginv2.Data', { QueryData: checkHealth }),
      // @ts-expect-error a unary handler for a server-streaming method
      implementation('pluginv2.Resource', { CallResource: queryData }),
      // @ts-expect-error a method of the service left out
      implementation('pluginv2.Diagnostics', { CheckHealth: checkHealth }),
      // @ts-expect-error a method the service does not declare
      implementation('pluginv2.Data', { QueryData: queryData, CheckHealth: checkHealth }),
      implementation('pluginv2.Data', {
        QueryData(_call, callback) {
          // @ts-expect-error an answer of the wrong message
          callback(null, { status: 1, message: 'OK' });
        },
      }),
    ];
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(5);
  });
});
