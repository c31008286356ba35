/**
 * Entry point of the ledger backend (`gpx_ledger_<os>_<arch>`): wires the pieces and prints the
 * go-plugin handshake. Only grpc-js is loaded before the handshake; everything else loads on first
 * use or in the warm-up.
 */
import { createPluginState } from './pluginState';
import { negotiate, handshakeLine } from './runtime/handshake';
import { Lifecycle } from './runtime/lifecycle';
import { logger } from './runtime/logger';
import { sealStdout } from './runtime/stdout';
import { scheduleWarmUp } from './runtime/warmUp';
import { serverCredentials } from './runtime/tlsCredentials';
import { bind, chooseListenAddress, createGrpcServer } from './server/grpcServer';

declare const __PLUGIN_VERSION__: string | undefined;
/** Set by pkg/sea/loader.ts when running as the single executable. */
const sea = (globalThis as { __ledgerSea?: { codeCache: string; started(): void } }).__ledgerSea;
const VERSION = typeof __PLUGIN_VERSION__ === 'string' ? __PLUGIN_VERSION__ : 'dev';

/** How long the gRPC server may take to finish calls in flight at shutdown before they are cut. */
const GRPC_DRAIN_MS = 500;

async function main(): Promise<void> {
  const negotiation = negotiate(process.env);
  if (!negotiation.ok) {
    process.stderr.write(`${negotiation.message}\n`);
    process.exit(1);
  }

  const lifecycle = new Lifecycle(logger);
  lifecycle.installSignalHandlers();
  const { listen, cleanup } = chooseListenAddress(process.env);
  process.on('uncaughtException', (err) => {
    // State may be broken; exit and let Grafana restart the plugin, as it does for a Go panic.
    logger.error('uncaught exception', { error: err, stack: err.stack });
    cleanup();
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection', { error: reason }));

  const state = createPluginState(logger, VERSION);
  const server = createGrpcServer(state, lifecycle, logger);
  // Hooks run last-registered first: stop serving, then dispose instances, then remove the socket.
  lifecycle.onShutdown('remove socket directory', cleanup);
  lifecycle.onShutdown('dispose datasource instances', () => state.instances.disposeAll());
  lifecycle.onShutdown(
    'stop gRPC server',
    () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, GRPC_DRAIN_MS);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      })
  );

  const tls = serverCredentials(process.env);
  const bound = await bind(server, listen, tls.credentials);
  process.stdout.write(handshakeLine(negotiation.appVersion, bound, tls.serverCertBase64));
  sealStdout(logger);
  logger.info('plugin started', {
    version: VERSION,
    network: bound.network,
    address: bound.address,
    tls: tls.serverCertBase64 ? 'mtls' : 'none',
    codeCache: sea?.codeCache ?? 'not a single executable',
    startupMs: Math.round(performance.now()),
  });
  lifecycle.watchParent();
  sea?.started();
  scheduleWarmUp(logger);
}

/**
 * The arguments after the executable: Grafana passes none. In a single executable Node repeats the
 * executable's path as argv[1], in plain Node argv[1] is the script.
 */
const args = process.argv.slice(2);

if (args[0] === 'rollup') {
  // The rollup job (README "Rollups"): the same executable, run as its own service, not by Grafana.
   
  const { runRollupCommand } = require('./rollups/cli') as typeof import('./rollups/cli');
  runRollupCommand(args.slice(1), process.env, logger).then(
    (status) => process.exit(status),
    (err) => {
      logger.error('rollup job failed', { error: err });
      process.exit(1);
    }
  );
} else {
  main().catch((err) => {
    logger.error('plugin failed to start', { error: err });
    process.exit(1);
  });
}
