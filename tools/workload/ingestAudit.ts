/**
 * The workload's audit events through the ingest's write API (`POST /v1/audit`), as an application
 * that is not on OpenTelemetry would send them: batched once a second, kept and sent again while the
 * ingest answers 429 or 503 or cannot be reached (its acknowledgement means committed), dropped
 * with a warning when the ingest refuses them as invalid. With the ingest, the workload needs no
 * database account at all: usage rows come from its spans, through the collector.
 */
import type { AuditRow } from '../seed/audit';

/** The write API's item for one audit row (ingest/api/auditItems.ts). */
export function auditItem(r: AuditRow) {
  return {
    id: r.id,
    tenant_id: r.tenantId,
    user_id: r.userId,
    action: r.action,
    details: r.details,
    timestamp: r.time,
  };
}

/** Past this many waiting events the oldest are dropped (the ingest has been away for a long time). */
const MAX_PENDING = 10_000;
const MAX_BATCH = 1000;

export class IngestAuditSender {
  private pending: AuditRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  sent = 0;
  failures = 0;
  dropped = 0;
  lastError: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly key: string | undefined,
    private readonly warn: (text: string) => void,
    private readonly intervalMs = 1000
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
  }

  add(rows: readonly AuditRow[]): void {
    this.pending.push(...rows);
    if (this.pending.length > MAX_PENDING) {
      const over = this.pending.length - MAX_PENDING;
      this.pending.splice(0, over);
      this.dropped += over;
    }
  }

  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await this.flush();
  }

  private async send(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, MAX_BATCH);
      let status: number;
      let text = '';
      try {
        const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/v1/audit`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(this.key ? { Authorization: `Bearer ${this.key}` } : {}),
          },
          body: JSON.stringify(batch.map(auditItem)),
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        text = await res.text();
      } catch (err) {
        status = 0;
        text = String(err);
      }
      if (status === 0 || status === 429 || status >= 500) {
        // Kept for the next tick: the ingest acknowledges only what it committed.
        this.failures++;
        this.note(
          `the ingest did not take ${batch.length} audit events (${status || 'unreachable'}): ${text.slice(0, 200)}`
        );
        return;
      }
      this.pending.splice(0, batch.length);
      if (status === 200) {
        this.sent += batch.length;
      } else {
        this.dropped += batch.length;
        this.note(`the ingest refused ${batch.length} audit events (${status}): ${text.slice(0, 200)}`);
      }
    }
  }

  private note(text: string): void {
    if (text !== this.lastError) {
      this.lastError = text;
      this.warn(text);
    }
  }
}
