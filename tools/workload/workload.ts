/**
 * The loop: every 1/rps seconds one request of the scenario "finishes"; it is counted in the
 * metrics, logged to stdout, its spans are queued for the OTLP exporter and its ledger rows are
 * written. A slow or absent database or collector never stops the loop: failures are counted and
 * reported on stderr (stdout carries only the service's JSON log lines).
 */
import type { Registry } from 'prom-client';
import { writeRows, type Executor } from './ledger';
import { formatLogLine } from './logline';
import { flaskMetrics } from './metrics';
import type { IngestAuditSender } from './ingestAudit';
import { OtlpExporter, requestSpans } from './otlp';
import { Scenario, type SimRequest } from './scenario';

export interface WorkloadOptions {
  seed: string;
  rps: number;
  serviceName: string;
  /** Ledger writes go here; without it no rows are written directly. */
  db?: Executor;
  /**
   * The ledger through the ingest instead: audit events go to its write API, and usage rows come
   * from the model-call spans the collector forwards to it (so nothing is written directly).
   */
  ingestAudit?: IngestAuditSender;
  /** Collector traces URL; without it no traces are sent. */
  otlpUrl?: string;
  /** Where log lines go (default: process.stdout). */
  out?: (line: string) => void;
  /** Diagnostics (default: process.stderr). */
  warn?: (text: string) => void;
  /** Include prom-client's process metrics (default true). */
  processMetrics?: boolean;
}

export interface WorkloadStats {
  requests: number;
  usageRows: number;
  auditRows: number;
  dbErrors: number;
}

export class Workload {
  readonly registry: Registry;
  readonly stats: WorkloadStats = { requests: 0, usageRows: 0, auditRows: 0, dbErrors: 0 };
  readonly exporter: OtlpExporter | undefined;
  private readonly scenario: Scenario;
  private readonly observe: (req: SimRequest) => void;
  private timer: NodeJS.Timeout | undefined;
  /** Ledger writes in flight, awaited by stop(). */
  private readonly writes = new Set<Promise<void>>();
  private lastDbError = '';

  constructor(private readonly options: WorkloadOptions) {
    if (!(options.rps > 0)) {
      throw new Error(`rps must be positive, not ${options.rps}`);
    }
    const metrics = flaskMetrics({ processMetrics: options.processMetrics });
    this.registry = metrics.registry;
    this.observe = metrics.observe;
    this.scenario = new Scenario(options.seed);
    this.exporter = options.otlpUrl ? new OtlpExporter(options.otlpUrl) : undefined;
  }

  /** Simulates one request now; returns it (tests look at it). */
  step(now = Date.now()): SimRequest {
    const req = this.scenario.next(now);
    this.stats.requests++;
    this.observe(req);
    (this.options.out ?? ((l) => process.stdout.write(l)))(formatLogLine(req, this.options.serviceName));
    this.exporter?.add(requestSpans(req, this.options.serviceName));
    if (this.options.ingestAudit) {
      this.options.ingestAudit.add(req.audit);
      return req;
    }
    const db = this.options.db;
    if (db && (req.usage.length > 0 || req.audit.length > 0)) {
      const write = writeRows(db, req.usage, req.audit).then(
        () => {
          this.stats.usageRows += req.usage.length;
          this.stats.auditRows += req.audit.length;
        },
        (err: unknown) => {
          this.stats.dbErrors++;
          const text = String(err);
          if (text !== this.lastDbError) {
            this.lastDbError = text;
            this.warn(`ledger write failed (${this.stats.dbErrors} so far): ${text}`);
          }
        }
      );
      this.writes.add(write);
      void write.finally(() => this.writes.delete(write));
    }
    return req;
  }

  start(): void {
    if (this.timer) {
      return;
    }
    this.exporter?.start();
    this.options.ingestAudit?.start();
    this.timer = setInterval(() => this.step(), 1000 / this.options.rps);
  }

  /** Stops the loop, waits for pending ledger writes and sends the last traces. */
  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await Promise.all([...this.writes]);
    await Promise.all([this.exporter?.stop(), this.options.ingestAudit?.stop()]);
  }

  private warn(text: string): void {
    (this.options.warn ?? ((t) => process.stderr.write(`[workload] ${t}\n`)))(text);
  }
}
