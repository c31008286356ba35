/**
 * What the ingest exposes on GET /metrics (Prometheus text format), on its own registry so that tests
 * can run several servers in one process.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface IngestMetrics {
  registry: Registry;
  requests: Counter<'route' | 'code'>;
  spansReceived: Counter;
  rowsWritten: Counter<'table'>;
  rowsDeduplicated: Counter;
  rejected: Counter<'reason'>;
  skipped: Counter<'reason'>;
  mapped: Counter<'case'>;
  batchSeconds: Histogram<'table'>;
  batchRows: Histogram<'table'>;
  queueRows: Gauge<'table'>;
  databaseUp: Gauge;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): IngestMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) {
    collectDefaultMetrics({ register: registry, prefix: 'llmops_ingest_' });
  }
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'llmops_ingest_requests_total',
      help: 'HTTP requests answered, by route and status code.',
      labelNames: ['route', 'code'],
      registers,
    }),
    spansReceived: new Counter({
      name: 'llmops_ingest_spans_received_total',
      help: 'Spans decoded from OTLP requests (all of them, LLM calls or not).',
      registers,
    }),
    rowsWritten: new Counter({
      name: 'llmops_ingest_rows_written_total',
      help: 'Rows committed (inserted or re-sent), by table.',
      labelNames: ['table'],
      registers,
    }),
    rowsDeduplicated: new Counter({
      name: 'llmops_ingest_rows_deduplicated_total',
      help: 'Rows removed or not written because a parent and a child span carried the same usage (leaf wins).',
      registers,
    }),
    rejected: new Counter({
      name: 'llmops_ingest_rejected_total',
      help: 'Spans and write-API items rejected, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    skipped: new Counter({
      name: 'llmops_ingest_skipped_total',
      help: 'Spans accepted but not written (not an LLM call, nothing to count, counted by a descendant).',
      labelNames: ['reason'],
      registers,
    }),
    mapped: new Counter({
      name: 'llmops_ingest_mapped_total',
      help: 'Rows written with a case worth knowing (usage without a model, a call without usage, …).',
      labelNames: ['case'],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'llmops_ingest_batch_seconds',
      help: 'Time from the start of a write transaction to its commit, by table.',
      labelNames: ['table'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchRows: new Histogram({
      name: 'llmops_ingest_batch_rows',
      help: 'Rows per write transaction, by table.',
      labelNames: ['table'],
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
      registers,
    }),
    queueRows: new Gauge({
      name: 'llmops_ingest_queue_rows',
      help: 'Rows waiting for the database, by table.',
      labelNames: ['table'],
      registers,
    }),
    databaseUp: new Gauge({
      name: 'llmops_ingest_database_up',
      help: '1 when the last write or check reached the database, else 0.',
      registers,
    }),
  };
}
