/**
 * The ingest assembled: pool, writers, metrics, routes and the HTTP server, with readiness and a
 * shutdown that lets the writes under way commit. Tests and the bench start it in-process.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { IngestConfig } from './config';
import { createMetrics, type IngestMetrics } from './metrics';
import { winner } from './map';
import { AuditWriter } from './write/auditWriter';
import { createIngestPool } from './write/database';
import { UsageWriter } from './write/usageWriter';
import { createIngestServer } from './server/http';
import { createRoutes } from './server/routes';

export interface IngestService {
  server: Server;
  metrics: IngestMetrics;
  usage: UsageWriter;
  stop(): Promise<void>;
}

/** How often readiness looks at the tables again (a migration applied while running is picked up). */
const RECHECK_MS = 30_000;

export async function startIngest(
  config: IngestConfig,
  log: (line: string) => void,
  options: { processMetrics?: boolean } = {}
): Promise<IngestService> {
  const metrics = createMetrics(options);
  const pool = createIngestPool(config.mysql);
  const usage = new UsageWriter(pool, {
    table: config.usageTable,
    batchRows: config.batchRows,
    queueRows: config.queueRows,
    winner,
    onBatch: (b) => {
      metrics.rowsWritten.inc({ table: config.usageTable }, b.written);
      metrics.rowsDeduplicated.inc(b.deduplicated);
      metrics.batchSeconds.observe({ table: config.usageTable }, b.seconds);
      metrics.batchRows.observe({ table: config.usageTable }, b.rows);
      metrics.databaseUp.set(1);
    },
    onDepth: (rows) => metrics.queueRows.set({ table: config.usageTable }, rows),
  });
  const audit = new AuditWriter(pool, {
    table: config.auditTable,
    batchRows: config.batchRows,
    queueRows: config.queueRows,
    onBatch: (b) => {
      metrics.rowsWritten.inc({ table: config.auditTable }, b.rows);
      metrics.batchSeconds.observe({ table: config.auditTable }, b.seconds);
      metrics.batchRows.observe({ table: config.auditTable }, b.rows);
      metrics.databaseUp.set(1);
    },
    onDepth: (rows) => metrics.queueRows.set({ table: config.auditTable }, rows),
  });

  let checkedAt = 0;
  let lastProblem: string | null = 'not checked yet';
  let warnedTrace = false;
  const notReady = async (): Promise<string | null> => {
    if (Date.now() - checkedAt < (lastProblem ? 1000 : RECHECK_MS)) {
      return lastProblem;
    }
    checkedAt = Date.now();
    try {
      await usage.prepare();
      await audit.prepare();
      lastProblem = null;
      metrics.databaseUp.set(1);
      if (!usage.hasTraceColumns && !warnedTrace) {
        warnedTrace = true;
        log(
          `${config.usageTable} has no trace_id, span_id and parent_span_id columns (schema/mysql/005_trace_columns.sql): ` +
            'rows are written without their trace, and a parent and a child span sent in different requests can both be counted'
        );
      }
    } catch (err) {
      lastProblem = (err as Error).message;
      metrics.databaseUp.set(0);
    }
    return lastProblem;
  };
  await notReady();
  if (lastProblem) {
    log(`the database is not ready yet (${lastProblem}); requests get 503 until it is`);
  }

  const routes = createRoutes({
    usage,
    audit,
    metrics,
    mapContext: { tenantAttributes: config.tenantAttributes, defaultTenant: config.defaultTenant },
    maxBodyBytes: config.maxBodyBytes,
    retryAfterSeconds: config.retryAfterSeconds,
    notReady,
    onUnavailable: (message) => {
      lastProblem = message;
      checkedAt = Date.now();
      metrics.databaseUp.set(0);
    },
  });
  const server = createIngestServer(routes, {
    keys: config.keys,
    allowUnauthenticated: config.allowUnauthenticated,
    maxBodyBytes: config.maxBodyBytes,
    retryAfterSeconds: config.retryAfterSeconds,
    metrics,
    log,
  });
  server.listen(config.listenPort, config.listenHost);
  await once(server, 'listening');

  return {
    server,
    metrics,
    usage,
    async stop() {
      // No new requests; those under way still get their commit and their answer.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([usage.whenIdle(), audit.whenIdle()]);
      await closed;
      await pool.end();
    },
  };
}
