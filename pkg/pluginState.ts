/**
 * What lives for the life of the process: the datasource instances. Services get it as an
 * argument, so tests can build one without a gRPC server.
 */
import { LedgerDatasource } from './datasource';
import { InstanceManager } from './instances/instanceManager';
import type { Logger } from './runtime/logger';
import { getMetrics } from './metrics';

export interface PluginState {
  instances: InstanceManager<LedgerDatasource>;
  version: string;
}

export function createPluginState(logger: Logger, version: string, disposeDelayMs?: number): PluginState {
  const instances: InstanceManager<LedgerDatasource> = new InstanceManager<LedgerDatasource>({
    create: (ctx, id) => {
      const ds = new LedgerDatasource(id, ctx);
      logger.info('datasource instance created', {
        uid: ctx.dataSourceInstanceSettings?.uid,
        instance: id,
        lastUpdatedMS: ctx.dataSourceInstanceSettings?.lastUpdatedMS,
      });
      getMetrics().instances.inc();
      return ds;
    },
    onDispose: (key, ds) => {
      logger.info('datasource instance disposed', { key, instance: ds.id });
      getMetrics().instancesDisposed.inc();
      getMetrics().instances.dec();
    },
    disposeDelayMs,
  });
  return { instances, version };
}
