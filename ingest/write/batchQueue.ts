/**
 * Group commit. Requests hand their rows to the queue and wait; one loop per table takes whatever has
 * queued up while the previous transaction ran (up to `batchRows`) and commits it in one transaction,
 * then answers every request in it. So a request is acknowledged only after its rows are committed,
 * and the database sees a few large transactions instead of many small ones. When more rows wait than
 * `queueRows`, new requests are refused at once (429) instead of piling up in memory.
 */
import { OverloadedError, WriteError } from './dbErrors';

interface Job<T> {
  items: T[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface QueueOptions {
  batchRows: number;
  queueRows: number;
  /** Called with the rows waiting after every change (for a gauge). */
  onDepth?: (rows: number) => void;
}

export class BatchQueue<T> {
  private jobs: Array<Job<T>> = [];
  private queued = 0;
  private running = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly options: QueueOptions
  ) {}

  get depth(): number {
    return this.queued;
  }

  /** Resolves when every item is committed; rejects with WriteError or OverloadedError. */
  submit(items: T[]): Promise<void> {
    if (items.length === 0) {
      return Promise.resolve();
    }
    if (this.queued > 0 && this.queued + items.length > this.options.queueRows) {
      return Promise.reject(new OverloadedError(`${this.queued} rows are waiting for the database`));
    }
    return new Promise<void>((resolve, reject) => {
      this.jobs.push({ items, resolve, reject });
      this.setDepth(this.queued + items.length);
      if (!this.running) {
        void this.drain();
      }
    });
  }

  /** Resolves once nothing is queued or being written (for shutdown). */
  whenIdle(): Promise<void> {
    return !this.running && this.jobs.length === 0 ? Promise.resolve() : new Promise((r) => this.idle.push(r));
  }

  private setDepth(rows: number) {
    this.queued = rows;
    this.options.onDepth?.(rows);
  }

  private take(): Array<Job<T>> {
    const taken: Array<Job<T>> = [];
    let rows = 0;
    while (this.jobs.length > 0 && (taken.length === 0 || rows + this.jobs[0].items.length <= this.options.batchRows)) {
      const job = this.jobs.shift()!;
      taken.push(job);
      rows += job.items.length;
    }
    return taken;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.jobs.length > 0) {
        const jobs = this.take();
        await this.write(jobs);
        this.setDepth(this.jobs.reduce((n, j) => n + j.items.length, 0));
      }
    } finally {
      this.running = false;
      this.idle.splice(0).forEach((r) => r());
    }
  }

  private async commitAll(items: T[]): Promise<void> {
    // A request larger than a batch is written in several transactions; if a later one fails, the
    // sender's retry rewrites the earlier ones as upserts, which changes nothing.
    for (let i = 0; i < items.length; i += this.options.batchRows) {
      await this.commit(items.slice(i, i + this.options.batchRows));
    }
  }

  private async write(jobs: Array<Job<T>>): Promise<void> {
    try {
      await this.commitAll(jobs.flatMap((j) => j.items));
      jobs.forEach((j) => j.resolve());
    } catch (err) {
      // One request's bad row must not fail the others it was batched with: write them one by one.
      if (jobs.length > 1 && err instanceof WriteError && err.failure === 'rejected_by_database') {
        for (const job of jobs) {
          await this.commitAll(job.items).then(job.resolve, job.reject);
        }
        return;
      }
      jobs.forEach((j) => j.reject(err));
    }
  }
}
