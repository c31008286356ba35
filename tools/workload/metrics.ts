/**
 * The metrics RAGFlow would expose with prometheus-flask-exporter (`PrometheusMetrics(app)`, the
 * defaults) plus the process collector of the same prometheus_client. Names, label names and
 * buckets are the exporter's defaults, because the Service Health page and its tests query exactly
 * these:
 *   flask_http_request_total{method,status}               counter
 *   flask_http_request_duration_seconds{method,path,status} histogram, prometheus_client's default buckets
 *   flask_http_request_exceptions_total{method,status}    counter, created on the first exception
 *   flask_exporter_info{version}                          gauge, always 1
 *   process_cpu_seconds_total, process_resident_memory_bytes, ...  prom-client's process metrics
 * The `job` label comes from the Prometheus scrape job (it must be named after the service, `ragflow`).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SimRequest } from './scenario';

/** prometheus_client's Histogram.DEFAULT_BUCKETS, which prometheus-flask-exporter keeps by default (+Inf is implicit). */
export const FLASK_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** The prometheus-flask-exporter release whose defaults these follow. */
export const EXPORTER_VERSION = '0.23.2';

export interface FlaskMetrics {
  registry: Registry;
  /** Counts one finished request (and its exception, if it raised). */
  observe(req: SimRequest): void;
}

export function flaskMetrics(options: { processMetrics?: boolean } = {}): FlaskMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) {
    // process_cpu_seconds_total, process_resident_memory_bytes, process_start_time_seconds, ... of
    // this Node process: what the page's CPU and memory panels read.
    collectDefaultMetrics({ register: registry });
  }
  const total = new Counter({
    name: 'flask_http_request_total',
    help: 'Total number of HTTP requests',
    labelNames: ['method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'flask_http_request_duration_seconds',
    help: 'Flask HTTP request duration in seconds',
    labelNames: ['method', 'path', 'status'],
    buckets: [...FLASK_BUCKETS],
    registers: [registry],
  });
  const exceptions = new Counter({
    name: 'flask_http_request_exceptions_total',
    help: 'Total number of HTTP requests which resulted in an exception',
    labelNames: ['method', 'status'],
    registers: [registry],
  });
  const info = new Gauge({
    name: 'flask_exporter_info',
    help: 'Information about the Prometheus Flask exporter',
    labelNames: ['version'],
    registers: [registry],
  });
  info.set({ version: EXPORTER_VERSION }, 1);

  return {
    registry,
    observe(req) {
      const method = req.endpoint.method;
      const status = String(req.status);
      // The exporter times the Flask handler, not nginx.
      duration.observe({ method, path: req.endpoint.path, status }, req.backendMs / 1000);
      total.inc({ method, status });
      if (req.exceptionType) {
        exceptions.inc({ method, status });
      }
    },
  };
}
