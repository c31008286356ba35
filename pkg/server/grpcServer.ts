/**
 * The gRPC server: every service registered, bound to a unix socket in a private temp directory
 * (or 127.0.0.1 on Windows, where go-plugin uses TCP) and never to a public interface.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ListenAddress } from '../runtime/handshake';
import type { Lifecycle } from '../runtime/lifecycle';
import type { Logger } from '../runtime/logger';
import type { PluginState } from '../pluginState';
import { controllerImplementation, healthImplementation, stdioImplementation } from './goPluginServices';
import { dataImplementation, diagnosticsImplementation, resourceImplementation } from './pluginServices';
import { serviceDefinition, type ServiceImplementation, type ServiceName } from './serviceDefinitions';

/** Grafana's Go SDK accepts 16 MiB requests; grpc-js defaults to 4 MiB, too small for big queries. */
const MAX_RECEIVE_BYTES = 16 * 1024 * 1024;

export function createGrpcServer(state: PluginState, lifecycle: Lifecycle, logger: Logger): Server {
   
  const grpc = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': -1,
  });
  // Each implementation is checked against its service's methods and messages, as the .proto declares them.
  const serve = <S extends ServiceName>(service: S, implementation: ServiceImplementation<S>) =>
    server.addService(serviceDefinition(service), implementation);
  serve('grpc.health.v1.Health', healthImplementation());
  serve('plugin.GRPCController', controllerImplementation(lifecycle, logger));
  serve('plugin.GRPCStdio', stdioImplementation(lifecycle));
  serve('pluginv2.Data', dataImplementation(state, logger));
  serve('pluginv2.Diagnostics', diagnosticsImplementation(state, logger));
  serve('pluginv2.Resource', resourceImplementation(state, logger));
  return server;
}

/** Where to listen: go-plugin's rule is a unix socket in PLUGIN_UNIX_SOCKET_DIR or the temp dir. */
export function chooseListenAddress(
  env: NodeJS.ProcessEnv,
  platform = process.platform
): { listen: ListenAddress; cleanup: () => void } {
  if (platform === 'win32') {
    return { listen: { network: 'tcp', address: '127.0.0.1:0' }, cleanup: () => {} };
  }
  const dir = mkdtempSync(join(env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), 'plugin'));
  return {
    listen: { network: 'unix', address: join(dir, 'grpc.sock') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function bind(server: Server, listen: ListenAddress, credentials: ServerCredentials): Promise<ListenAddress> {
  const target = listen.network === 'unix' ? `unix:${listen.address}` : listen.address;
  return new Promise((resolve, reject) => {
    server.bindAsync(target, credentials, (err, port) => {
      if (err) {
        reject(err);
      } else if (listen.network === 'tcp') {
        resolve({ network: 'tcp', address: `127.0.0.1:${port}` });
      } else {
        resolve(listen);
      }
    });
  });
}
