/**
 * npm run workload -- [--mysql-url URL | --ingest-url URL] [--metrics-port 9100] [--metrics-host 127.0.0.1]
 *                     [--otlp-url http://otel-collector:4318] [--rps 2] [--seed S] [--duration SECONDS]
 * Bundled and started by scripts/workload.mjs. Runs until SIGINT/SIGTERM (or --duration).
 */
import { parseArgs } from 'node:util';
import { createPool } from 'mysql2/promise';
import { connectionOptions } from '../seed/seed';
import { IngestAuditSender } from './ingestAudit';
import { DEFAULT_METRICS_HOST, startMetricsServer } from './metricsServer';
import { tracesUrl } from './otlp';
import { Workload } from './workload';

const USAGE = `usage: npm run workload -- [options]
  --mysql-url URL     ledger database, mysql://user:password@host:port/database (default $MYSQL_URL;
                      without one, no rows are written directly)
  --ingest-url URL    the ledger through the ingest (npm run ingest) instead: audit events go to its
                      POST /v1/audit, usage comes from the model-call spans the collector forwards
                      to it; the API key is read from $LLMOPS_INGEST_KEY
  --metrics-port N    port of GET /metrics (default 9100)
  --metrics-host H    bind address of the metrics port (default ${DEFAULT_METRICS_HOST}; the container
                      uses 0.0.0.0 so that Prometheus on the compose network can scrape it, and the
                      port is not published)
  --otlp-url URL      OpenTelemetry collector, OTLP/HTTP (default $OTEL_EXPORTER_OTLP_ENDPOINT;
                      without one, no traces are sent)
  --rps N             requests per second (default 2)
  --seed S            seed of the request sequence, failures included (default 1)
  --service NAME      service name in logs, traces (default ragflow; Prometheus' job must match)
  --duration SECONDS  stop after this long (default: run until stopped)`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`--${name} must be a positive number, not ${value}`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'mysql-url': { type: 'string' },
      'ingest-url': { type: 'string' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      'otlp-url': { type: 'string' },
      rps: { type: 'string' },
      seed: { type: 'string' },
      service: { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const warn = (text: string) => process.stderr.write(`[workload] ${text}\n`);
  // A closed stdout (the log shipper went away, `| head`) ends the program instead of crashing it.
  process.stdout.on('error', () => process.exit(0));
  const ingestUrl = values['ingest-url'];
  const mysqlUrl = ingestUrl ? values['mysql-url'] : (values['mysql-url'] ?? process.env.MYSQL_URL);
  if (ingestUrl && mysqlUrl) {
    throw new Error('--mysql-url and --ingest-url: give one (the ledger is written directly or through the ingest)');
  }
  const otlpBase = values['otlp-url'] ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const port = values['metrics-port'] === undefined ? 9100 : Number(values['metrics-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--metrics-port must be a port number, not ${values['metrics-port']}`);
  }
  // A pool reconnects by itself when MySQL restarts; two connections are plenty at a few rps.
  const pool = mysqlUrl ? createPool({ ...connectionOptions(mysqlUrl), connectionLimit: 2 }) : undefined;
  const ingestAudit = ingestUrl ? new IngestAuditSender(ingestUrl, process.env.LLMOPS_INGEST_KEY, warn) : undefined;
  const workload = new Workload({
    seed: values.seed ?? '1',
    rps: positive('rps', values.rps, 2),
    serviceName: values.service ?? 'ragflow',
    db: pool,
    ingestAudit,
    otlpUrl: otlpBase ? tracesUrl(otlpBase) : undefined,
    warn,
  });
  const metrics = await startMetricsServer(workload.registry, values['metrics-host'] ?? DEFAULT_METRICS_HOST, port);
  warn(
    `metrics on ${values['metrics-host'] ?? DEFAULT_METRICS_HOST}:${metrics.port}/metrics, ` +
      `ledger ${pool ? 'direct' : ingestUrl ? `through the ingest at ${ingestUrl}` : 'off'}, traces ${otlpBase ? `to ${tracesUrl(otlpBase)}` : 'off'}`
  );
  workload.start();

  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await workload.stop();
    await metrics.close();
    await pool?.end();
    const s = workload.stats;
    const e = workload.exporter;
    warn(
      `stopped: ${s.requests} requests, ${s.usageRows} usage rows, ${s.auditRows} audit rows, ` +
        `${s.dbErrors} failed writes` +
        (e
          ? `, ${e.exported} spans exported, ${e.failures} failed exports${e.lastError ? ` (${e.lastError})` : ''}`
          : '') +
        (ingestAudit ? `, ${ingestAudit.sent} audit events sent to the ingest, ${ingestAudit.dropped} dropped` : '')
    );
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (values.duration !== undefined) {
    setTimeout(() => void stop(), positive('duration', values.duration, 0) * 1000);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[workload] ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exit(1);
});
