/**
 * The plugin's own Prometheus metrics, served through Diagnostics/CollectMetrics in prom-client's
 * text format (Grafana exposes them at /metrics/plugins/<id>).
 *
 * prom-client's modules are required one by one and on first use: its index also loads the push
 * gateway (http) and cluster support, ~10× the load time of the four classes we use. The process
 * metrics (CPU, memory, event loop) start with the first scrape, off the query path.
 */
 
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface PluginMetrics {
  registry: Registry;
  queries: Counter<'query_type' | 'status'>;
  queryDuration: Histogram<'query_type'>;
  resources: Counter<'path' | 'code'>;
  healthChecks: Counter<'status'>;
  instances: Gauge;
  instancesDisposed: Counter;
}

let metrics: PluginMetrics | undefined;

export function getMetrics(): PluginMetrics {
  if (!metrics) {
    const client = {
      Registry: require('prom-client/lib/registry') as typeof import('prom-client').Registry,
      Counter: require('prom-client/lib/counter') as typeof import('prom-client').Counter,
      Gauge: require('prom-client/lib/gauge') as typeof import('prom-client').Gauge,
      Histogram: require('prom-client/lib/histogram') as typeof import('prom-client').Histogram,
    };
    const registry = new client.Registry();
    metrics = {
      registry,
      queries: new client.Counter({
        name: 'ledger_queries_total',
        help: 'Queries answered, by query type and per-query HTTP status.',
        labelNames: ['query_type', 'status'],
        registers: [registry],
      }),
      queryDuration: new client.Histogram({
        name: 'ledger_query_duration_seconds',
        help: 'Time to answer one query, encoding included.',
        labelNames: ['query_type'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
      resources: new client.Counter({
        name: 'ledger_resource_requests_total',
        help: 'Resource calls, by path and HTTP status.',
        labelNames: ['path', 'code'],
        registers: [registry],
      }),
      healthChecks: new client.Counter({
        name: 'ledger_health_checks_total',
        help: 'Health checks, by outcome.',
        labelNames: ['status'],
        registers: [registry],
      }),
      instances: new client.Gauge({
        name: 'ledger_datasource_instances',
        help: 'Datasource instances held: one per datasource uid, plus replaced ones until they are disposed.',
        registers: [registry],
      }),
      instancesDisposed: new client.Counter({
        name: 'ledger_datasource_instances_disposed_total',
        help: 'Datasource instances disposed because their settings changed or the plugin stopped.',
        registers: [registry],
      }),
    };
  }
  return metrics;
}

let processMetricsStarted = false;

/** The registry with Node's process metrics added on the first call (the first scrape). */
export function getRegistryForScrape(): Registry {
  const { registry } = getMetrics();
  if (!processMetricsStarted) {
    const collectDefaultMetrics =
      require('prom-client/lib/defaultMetrics') as typeof import('prom-client').collectDefaultMetrics;
    collectDefaultMetrics({ register: registry });
    processMetricsStarted = true;
  }
  return registry;
}
