/**
 * grpc-js service definitions built from the service table generated from our .proto files
 * (pkg/proto/protocol.generated.ts), instead of loaded with @grpc/proto-loader: proto-loader and
 * protobufjs would otherwise load before the handshake. The codecs behind
 * `requestDeserialize`/`responseSerialize` load protobufjs on their first call.
 *
 * The same table types each service's implementation: `ServiceImplementation<'pluginv2.Data'>` has
 * a `QueryData` handler taking a QueryDataRequest and answering a QueryDataResponse, so a handler
 * for the wrong message, the wrong kind of call or a method not declared does not compile.
 */
import type {
  handleBidiStreamingCall,
  handleClientStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
  MethodDefinition,
  ServiceDefinition,
} from '@grpc/grpc-js';
import { codecFor } from '../proto/codec';
import { SERVICES, type MessageName, type Messages } from '../proto/protocol.generated';

type Services = typeof SERVICES;
export type ServiceName = keyof Services;

interface MethodSpec {
  readonly requestType: MessageName;
  readonly responseType: MessageName;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

type RequestOf<M extends MethodSpec> = Messages[M['requestType']];
type ResponseOf<M extends MethodSpec> = Messages[M['responseType']];

/** The grpc-js handler for one method, by whether its request and its response are streams. */
type Handler<M extends MethodSpec> = M['requestStream'] extends true
  ? M['responseStream'] extends true
    ? handleBidiStreamingCall<RequestOf<M>, ResponseOf<M>>
    : handleClientStreamingCall<RequestOf<M>, ResponseOf<M>>
  : M['responseStream'] extends true
    ? handleServerStreamingCall<RequestOf<M>, ResponseOf<M>>
    : handleUnaryCall<RequestOf<M>, ResponseOf<M>>;

/** One handler per method the .proto declares for the service. */
export type ServiceImplementation<S extends ServiceName> = {
  [Method in keyof Services[S]]: Handler<Services[S][Method] & MethodSpec>;
};

export type ServiceDefinitionOf<S extends ServiceName> = {
  readonly [Method in keyof Services[S]]: MethodDefinition<
    RequestOf<Services[S][Method] & MethodSpec>,
    ResponseOf<Services[S][Method] & MethodSpec>
  >;
};

const definitions = new Map<ServiceName, ServiceDefinition>();

/** A service's grpc-js definition (paths `/<service>/<method>`), built once. */
export function serviceDefinition<S extends ServiceName>(service: S): ServiceDefinitionOf<S> {
  let definition = definitions.get(service);
  if (!definition) {
    const methods: Record<string, MethodSpec> = SERVICES[service];
    definition = Object.fromEntries(
      Object.entries(methods).map(([name, m]) => {
        const req = codecFor(m.requestType);
        const res = codecFor(m.responseType);
        const method: MethodDefinition<Messages[MessageName], Messages[MessageName]> = {
          path: `/${service}/${name}`,
          requestStream: m.requestStream,
          responseStream: m.responseStream,
          requestSerialize: req.serialize,
          requestDeserialize: req.deserialize,
          responseSerialize: res.serialize,
          responseDeserialize: res.deserialize,
          originalName: name,
        };
        return [name, method];
      })
    );
    definitions.set(service, definition);
  }
  // Each method's codecs are those of the messages the table names for it.
  return definition as ServiceDefinitionOf<S>;
}

/** gRPC health, which clients (the integration tests') use as well. */
export const healthService = serviceDefinition('grpc.health.v1.Health');

/** Every message type the services use; the warm-up resolves them all. */
export const MESSAGE_TYPES: readonly MessageName[] = [
  ...new Set(
    Object.values(SERVICES).flatMap((methods) =>
      Object.values(methods).flatMap((m: MethodSpec) => [m.requestType, m.responseType])
    )
  ),
];
