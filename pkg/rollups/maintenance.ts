/**
 * The maintenance pass of the rollup job (`rollup --maintain`, README "Retention"): audit checkpoints,
 * partitions ahead, and retention, run by the job that holds the rollup lease (one at a time, whatever
 * the number of hosts), hourly by default.
 *
 * 1. Checkpoints: each audit chain's head (audit_chain_head) is copied into audit_checkpoint
 *    (reason 'periodic'); a head already copied is skipped, so a pass run twice writes nothing more.
 * 2. Partitions ahead: on a table partitioned by month, the months up to `aheadMonths` after the
 *    current one are split out of the MAXVALUE partition while it is still empty.
 * 3. Retention: rows older than the table's retention go. A partitioned table drops whole months
 *    (instant; the month the cutoff falls in stays); an unpartitioned one deletes in batches of
 *    `batchRows`, each its own short transaction under READ COMMITTED (no gap locks: the
 *    application's inserts never wait), with a pause between them.
 *
 * Audit rows of a hash chain go only as a prefix of their chain, verified with the datasource's own
 * walker before they go (a chain that does not verify is left alone and reported: a purge never hides
 * tampering), and after a checkpoint (reason 'purge') of the last event removed, written from that row
 * in the same transaction as the delete (or before the DROP PARTITION): what remains of the chain
 * verifies from it after every batch. An old event that follows a newer one in its chain (delivered
 * late) waits until that one is past retention too; a month whose drop would cut a chain that way
 * waits the same way.
 *
 * Every purge that removed rows appends an AUDIT_RETENTION_PURGE event to the chain of events without
 * a tenant, as the ingest appends: the head row locked, the event linked and inserted, the head moved,
 * in one transaction. A dry run reads and reports, and writes nothing at all.
 */
import { AUDIT_PURGE_ACTION } from '../../src/shared/queryTypes';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { startWalk, walkChain, type StoredLink, type WalkState } from '../../src/shared/auditChain';
import {
  appendUntenantedEvent,
  CHAIN_HEAD_TABLE,
  CHECKPOINT_TABLE,
  readChainPage,
  sha256Hex,
  writeCheckpoint,
  type ChainDb,
} from './auditChainStore';
import { quoteIdentifier } from '../queries/sql';
import type { Logger } from '../runtime/logger';
import type { LedgerSettings } from '../settings';
import { LeaseLost } from './job';
import {
  addPartitionsSql,
  dropPartitionsSql,
  parseBound,
  planPartitions,
  retentionCutoff,
  type BoundKind,
  type Partition,
} from './retention';

/** The purge event's action: the one the Audit page and `auditTrailState` look for. */
export const PURGE_ACTION = AUDIT_PURGE_ACTION;
export { CHAIN_HEAD_TABLE, CHECKPOINT_TABLE };
const CHAIN_COLUMNS = ['chain_key', 'chain_seq', 'prev_hash', 'row_hash'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface MaintenanceOptions {
  /** Days audit events are kept; 0 keeps them forever. */
  auditRetentionDays: number;
  /** Days usage rows are kept; 0 keeps them forever. */
  usageRetentionDays: number;
  /** Months kept ready after the current one on partitioned tables. */
  aheadMonths: number;
  /** Rows per DELETE (and per page of a chain read). */
  batchRows: number;
  /** Pause between two batches. */
  pauseMs: number;
  dryRun: boolean;
}

export const DEFAULT_MAINTENANCE_OPTIONS: MaintenanceOptions = {
  auditRetentionDays: 365,
  usageRetentionDays: 0,
  aheadMonths: 3,
  batchRows: 2000,
  pauseMs: 100,
  dryRun: false,
};

export interface PurgeResult {
  table: string;
  retentionDays: number;
  /** Rows removed (in a dry run: that would be). */
  removedRows: number;
  /** Every removed row was older than this instant (epoch ms). */
  before: number;
  batches: number;
  droppedPartitions: string[];
  /** Chains left alone, and why. */
  skippedChains: Array<{ chain: string; reason: string }>;
}

/** A purge of `table` before `before` that has removed nothing yet. */
function purgeResult(
  table: string,
  retentionDays: number,
  before: number,
  droppedPartitions: string[] = []
): PurgeResult {
  return { table, retentionDays, removedRows: 0, before, batches: 0, droppedPartitions, skippedChains: [] };
}

export interface MaintenanceResult {
  checkpoints: number;
  addedPartitions: Array<{ table: string; partitions: string[] }>;
  purges: PurgeResult[];
  dryRun: boolean;
  tookMs: number;
}

type Row = RowDataPacket;

export class Maintenance {
  private auditColumns = new Set<string>();
  private chained = false;

  constructor(
    private readonly conn: Connection,
    private readonly settings: LedgerSettings,
    private readonly options: MaintenanceOptions,
    private readonly logger: Logger,
    /** Renews the rollup lease; false when another job took it. */
    private readonly renew: () => Promise<boolean>
  ) {}

  /** What the chain store (auditChainStore.ts) needs of this connection. */
  private get db(): ChainDb {
    return {
      rows: (sql, params) => this.rows(sql, params),
      exec: (sql, params) => this.exec(sql, params),
      transaction: (work) => this.transaction(work),
    };
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [rows] = await this.conn.query<Row[]>(sql, params);
    return rows;
  }

  private async exec(sql: string, params: unknown[] = []): Promise<ResultSetHeader> {
    const [result] = await this.conn.query<ResultSetHeader>(sql, params);
    return result;
  }

  private async keepLease(): Promise<void> {
    if (!(await this.renew())) {
      throw new LeaseLost();
    }
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.conn.beginTransaction();
    try {
      const out = await work();
      await this.conn.commit();
      return out;
    } catch (err) {
      await this.conn.rollback().catch(() => {});
      throw err;
    }
  }

  private async columnsOf(table: string): Promise<Set<string>> {
    const rows = await this.rows(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table]
    );
    return new Set(rows.map((r) => String(r.c).toLowerCase()));
  }

  /** The table's partitions in order, or null when it is not partitioned by range. */
  private async partitions(table: string): Promise<{ parts: Partition[]; kind: BoundKind } | null> {
    const rows = await this.rows(
      'SELECT PARTITION_NAME AS name, PARTITION_METHOD AS method, PARTITION_DESCRIPTION AS bound ' +
        'FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ' +
        'AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_ORDINAL_POSITION',
      [table]
    );
    if (rows.length === 0) {
      return null;
    }
    if (!rows.every((r) => /^RANGE/.test(String(r.method)))) {
      throw new Error(`${table} is partitioned by ${String(rows[0].method)}, not by range: not maintained`);
    }
    let kind: BoundKind = 'ms';
    const parts = rows.map((r) => {
      const bound = parseBound(r.bound === null ? null : String(r.bound));
      kind = bound.kind ?? kind;
      return { name: String(r.name), lessThanMs: bound.lessThanMs };
    });
    return { parts, kind };
  }

  private async nowMs(): Promise<number> {
    const [r] = await this.rows(
      "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(3)) DIV 1000 AS now_ms"
    );
    return Number(r.now_ms);
  }

  /** One pass; see the file's comment. */
  async run(): Promise<MaintenanceResult> {
    const started = Date.now();
    const o = this.options;
    const s = this.settings;
    this.auditColumns = await this.columnsOf(s.auditTable);
    const [chainTables] = await this.rows(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?, ?)',
      [CHAIN_HEAD_TABLE, CHECKPOINT_TABLE]
    );
    this.chained = CHAIN_COLUMNS.every((c) => this.auditColumns.has(c)) && Number(chainTables.n) === 2;
    const now = await this.nowMs();
    const result: MaintenanceResult = { checkpoints: 0, addedPartitions: [], purges: [], dryRun: o.dryRun, tookMs: 0 };

    if (this.chained) {
      result.checkpoints = await this.periodicCheckpoints();
    }
    for (const [table, days, audit] of [
      [s.auditTable, o.auditRetentionDays, true],
      [s.usageTable, o.usageRetentionDays, false],
    ] as const) {
      const partitioned = await this.partitions(table);
      const cutoff = retentionCutoff(now, days);
      let purge: PurgeResult | null = null;
      if (partitioned) {
        const plan = planPartitions(partitioned.parts, now, o.aheadMonths, cutoff);
        const add = addPartitionsSql(table, plan, partitioned.kind);
        if (add) {
          const partitions = plan.add.map((p) => p.name);
          this.logger.info(o.dryRun ? 'partitions would be added' : 'adding partitions', {
            table,
            partitions,
            dryRun: o.dryRun,
          });
          if (!o.dryRun) {
            await this.keepLease();
            await this.exec(add);
          }
          result.addedPartitions.push({ table, partitions });
        }
        if (cutoff !== null && plan.droppedBelowMs !== null) {
          purge = await this.dropPartitions(table, days, plan.drop, plan.droppedBelowMs, audit);
        }
      } else if (cutoff !== null) {
        purge = audit ? await this.purgeAudit(table, days, cutoff) : await this.purgeUsage(table, days, cutoff);
      }
      if (purge) {
        result.purges.push(purge);
        this.logger.info(o.dryRun ? 'retention dry run' : 'retention purged', { ...purge, dryRun: o.dryRun });
        if (!o.dryRun && purge.removedRows > 0) {
          await this.appendPurgeEvent(purge);
        }
      }
    }
    result.tookMs = Date.now() - started;
    return result;
  }

  // --- checkpoints ---------------------------------------------------------------------------------

  private checkpoint(chainKey: string, seq: number, hash: string, reason: 'periodic' | 'purge'): Promise<boolean> {
    return writeCheckpoint(this.db, chainKey, seq, hash, reason);
  }

  private async periodicCheckpoints(): Promise<number> {
    const heads = await this.rows(`SELECT chain_key, chain_seq, row_hash FROM ${CHAIN_HEAD_TABLE} ORDER BY chain_key`);
    if (this.options.dryRun) {
      return 0;
    }
    let written = 0;
    for (const h of heads) {
      if (await this.checkpoint(String(h.chain_key), Number(h.chain_seq), String(h.row_hash), 'periodic')) {
        written++;
      }
    }
    if (written > 0) {
      this.logger.info('audit checkpoints written', { chains: heads.length, written });
    }
    return written;
  }

  // --- reading and verifying a chain's oldest events ------------------------------------------------

  private chainPage(table: string, chainKey: string, fromSeq: number, limit: number): Promise<StoredLink[]> {
    return readChainPage(this.db, table, chainKey, fromSeq, limit);
  }

  /**
   * Walks a chain from its first remaining event while events are older than `belowMs`, a page of
   * `batchRows` at a time, verifying each page (auditChain.ts's walker, from the checkpoint before
   * the first event) before `visit` gets it. Stops at the first event at or after `belowMs`, or at a
   * break (then `broken` says what, and nothing after the last verified page was visited).
   */
  private async walkPrefix(
    table: string,
    chainKey: string,
    firstSeq: number,
    belowMs: number,
    visit: (page: StoredLink[]) => Promise<void>
  ): Promise<{ last: StoredLink | null; broken?: string }> {
    const [cp] = await this.rows(`SELECT row_hash FROM ${CHECKPOINT_TABLE} WHERE chain_key = ? AND chain_seq = ?`, [
      chainKey,
      firstSeq - 1,
    ]);
    const start = startWalk(firstSeq, cp ? { seq: firstSeq - 1, hash: String(cp.row_hash) } : null);
    if ('missingBefore' in start) {
      return {
        last: null,
        broken: `the events before place ${firstSeq} are missing (no checkpoint at ${firstSeq - 1})`,
      };
    }
    let state: WalkState = start.state;
    let from = firstSeq;
    const n = this.options.batchRows;
    for (;;) {
      const rows = await this.chainPage(table, chainKey, from, n + 5);
      const page = rows.slice(0, n);
      let old = page.findIndex((r) => r.createTime >= belowMs);
      old = old < 0 ? page.length : old;
      const prefix = page.slice(0, old);
      if (prefix.length === 0) {
        break;
      }
      const first = prefix[0].chainSeq;
      const last = prefix[prefix.length - 1].chainSeq;
      const recorded = await this.rows(
        `SELECT chain_seq, row_hash FROM ${CHECKPOINT_TABLE} WHERE chain_key = ? AND chain_seq BETWEEN ? AND ?`,
        [chainKey, first, last]
      );
      const walked = walkChain(
        prefix,
        rows.slice(old),
        state,
        sha256Hex,
        new Map(recorded.map((r) => [Number(r.chain_seq), String(r.row_hash)]))
      );
      if (walked.broken) {
        return { last: state.last, broken: walked.broken.message };
      }
      await visit(prefix);
      state = walked.state;
      from = last + 1;
      if (prefix.length < page.length || rows.length < n) {
        break;
      }
    }
    return { last: state.last };
  }

  // --- unpartitioned tables: batches ----------------------------------------------------------------

  /** DELETEs `where` in batches of `batchRows`, oldest first, until none is left; returns rows and batches. */
  private async deleteBatches(
    table: string,
    where: string,
    params: unknown[],
    orderBy: string,
    chain?: string
  ): Promise<[number, number]> {
    let removed = 0;
    let batches = 0;
    for (;;) {
      await this.keepLease();
      const result = await this.exec(
        `DELETE FROM ${quoteIdentifier(table)} WHERE ${where} ORDER BY ${orderBy} LIMIT ?`,
        [...params, this.options.batchRows]
      );
      if (result.affectedRows === 0) {
        break;
      }
      removed += result.affectedRows;
      batches++;
      this.logger.debug('retention batch', { table, chain, rows: result.affectedRows, batch: batches });
      if (result.affectedRows < this.options.batchRows) {
        break;
      }
      await sleep(this.options.pauseMs);
    }
    return [removed, batches];
  }

  private usageTimeColumn(): string {
    const s = this.settings;
    return quoteIdentifier(s.timeAxis === 'timestamp' ? s.usageColumns.timestamp : s.usageColumns.createTime);
  }

  private usageCutoffParam(cutoffMs: number): unknown {
    // The timestamp axis is a UTC DATETIME; create_time epoch ms.
    return this.settings.timeAxis === 'timestamp'
      ? new Date(cutoffMs).toISOString().replace('T', ' ').replace('Z', '')
      : cutoffMs;
  }

  private async purgeUsage(table: string, days: number, cutoffMs: number): Promise<PurgeResult> {
    const col = this.usageTimeColumn();
    const param = this.usageCutoffParam(cutoffMs);
    const result = purgeResult(table, days, cutoffMs);
    if (this.options.dryRun) {
      const [r] = await this.rows(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)} WHERE ${col} < ?`, [param]);
      result.removedRows = Number(r.n);
      return result;
    }
    [result.removedRows, result.batches] = await this.deleteBatches(table, `${col} < ?`, [param], col);
    return result;
  }

  private async purgeAudit(table: string, days: number, cutoffMs: number): Promise<PurgeResult> {
    const t = quoteIdentifier(table);
    const result = purgeResult(table, days, cutoffMs);
    const hasChainColumns = CHAIN_COLUMNS.every((c) => this.auditColumns.has(c));
    // Events outside any chain (written before 007, or by other means) go by time alone.
    const unchained = hasChainColumns ? 'chain_key IS NULL AND create_time < ?' : 'create_time < ?';
    if (this.options.dryRun) {
      const [r] = await this.rows(`SELECT COUNT(*) AS n FROM ${t} WHERE ${unchained}`, [cutoffMs]);
      result.removedRows += Number(r.n);
    } else {
      const [removed, batches] = await this.deleteBatches(table, unchained, [cutoffMs], 'create_time');
      result.removedRows += removed;
      result.batches += batches;
    }
    if (!hasChainColumns) {
      return result;
    }
    if (!this.chained) {
      // Chained rows without the chain's tables (007 half applied): nothing can be checkpointed.
      return result;
    }
    // Chains whose first remaining event is past retention.
    const chains = await this.rows(
      `SELECT a.chain_key, a.chain_seq FROM ${t} a JOIN (SELECT chain_key, MIN(chain_seq) AS s FROM ${t} ` +
        'WHERE chain_key IS NOT NULL GROUP BY chain_key) f ON a.chain_key = f.chain_key AND a.chain_seq = f.s ' +
        'WHERE a.create_time < ? ORDER BY a.chain_key',
      [cutoffMs]
    );
    const seen = new Set<string>();
    for (const c of chains) {
      const key = String(c.chain_key);
      if (seen.has(key)) {
        continue; // two events at its first place: the walk reports it once
      }
      seen.add(key);
      const walked = await this.walkPrefix(table, key, Number(c.chain_seq), cutoffMs, async (page) => {
        result.removedRows += page.length;
        if (this.options.dryRun) {
          return;
        }
        const first = page[0];
        const last = page[page.length - 1];
        await this.keepLease();
        // The checkpoint of the last event removed, from the row itself, with the delete: what remains
        // of the chain verifies from it after every batch.
        const deleted = await this.transaction(async () => {
          await this.checkpoint(key, last.chainSeq, last.rowHash, 'purge');
          return this.exec(`DELETE FROM ${t} WHERE chain_key = ? AND chain_seq BETWEEN ? AND ?`, [
            key,
            first.chainSeq,
            last.chainSeq,
          ]);
        });
        result.batches++;
        this.logger.debug('retention batch', { table, chain: key, rows: deleted.affectedRows, batch: result.batches });
        await sleep(this.options.pauseMs);
      });
      if (walked.broken) {
        result.skippedChains.push({ chain: key, reason: walked.broken });
        this.logger.error('audit chain does not verify: its old events are kept', {
          chain: key,
          reason: walked.broken,
        });
      }
    }
    return result;
  }

  // --- partitioned tables: whole months -------------------------------------------------------------

  private async dropPartitions(
    table: string,
    days: number,
    drop: string[],
    belowMs: number,
    audit: boolean
  ): Promise<PurgeResult> {
    const t = quoteIdentifier(table);
    const which = drop.map(quoteIdentifier).join(', ');
    const result = purgeResult(table, days, belowMs, drop);
    const hasChainColumns = audit && CHAIN_COLUMNS.every((c) => this.auditColumns.has(c));
    const marks: Array<{ key: string; last: StoredLink }> = [];
    if (hasChainColumns && this.chained) {
      // Every chain with events in these months must lose a verified prefix, ending at its last event there.
      const chains = await this.rows(
        `SELECT chain_key, MAX(chain_seq) AS last_seq FROM ${t} PARTITION (${which}) ` +
          'WHERE chain_key IS NOT NULL GROUP BY chain_key ORDER BY chain_key'
      );
      for (const c of chains) {
        const key = String(c.chain_key);
        const [f] = await this.rows(`SELECT MIN(chain_seq) AS s FROM ${t} WHERE chain_key = ?`, [key]);
        const walked = await this.walkPrefix(table, key, Number(f.s), belowMs, async () => {});
        const reason =
          walked.broken ??
          (walked.last?.chainSeq !== Number(c.last_seq)
            ? `its event at place ${(walked.last?.chainSeq ?? Number(f.s) - 1) + 1} is newer than the months to drop and precedes older ones`
            : null);
        if (reason) {
          result.skippedChains.push({ chain: key, reason });
        } else {
          marks.push({ key, last: walked.last! });
        }
      }
      if (result.skippedChains.length > 0) {
        // A drop cannot spare one chain: the months wait until every chain allows it.
        this.logger.error('partitions not dropped: an audit chain would be cut', {
          table,
          partitions: drop,
          chains: result.skippedChains,
        });
        return { ...result, droppedPartitions: [] };
      }
    }
    const [r] = await this.rows(`SELECT COUNT(*) AS n FROM ${t} PARTITION (${which})`);
    result.removedRows = Number(r.n);
    if (this.options.dryRun) {
      return result;
    }
    await this.keepLease();
    for (const m of marks) {
      await this.checkpoint(m.key, m.last.chainSeq, m.last.rowHash, 'purge');
    }
    await this.exec(dropPartitionsSql(table, drop)!);
    result.batches = 1;
    return result;
  }

  // --- the purge's own audit event ------------------------------------------------------------------

  private appendPurgeEvent(purge: PurgeResult): Promise<void> {
    const details = JSON.stringify({
      table: purge.table,
      retentionDays: purge.retentionDays,
      removedRows: purge.removedRows,
      before: purge.before,
      dryRun: false,
    });
    return appendUntenantedEvent(this.db, {
      table: this.settings.auditTable,
      columns: this.auditColumns,
      chained: this.chained && this.auditColumns.has('create_time'),
      action: PURGE_ACTION,
      details,
    });
  }
}
