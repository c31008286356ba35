/**
 * Retention planning, pure: the cutoffs, and on a table partitioned by month (the partitioned variant,
 * schema/mysql/partitioned/001_ledger_partitioned.sql) which months to add ahead and which to drop.
 * The maintenance pass (maintenance.ts) reads the partitions from information_schema and runs the
 * statements built here.
 */
import { quoteIdentifier } from '../queries/sql';
import { DAY_MS } from './grains';

/** The instant below which rows are past retention, or null when the table is kept forever (0 days). */
export function retentionCutoff(nowMs: number, days: number): number | null {
  return days > 0 ? nowMs - days * DAY_MS : null;
}

/** The first instant of the UTC month `ms` is in, moved by `months`. */
export function monthStart(ms: number, months = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

/** `p2027_03` for the month starting at `ms`, as the shipped partitions are named. */
export function partitionName(monthMs: number): string {
  const d = new Date(monthMs);
  return `p${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** One partition as information_schema.partitions describes it, in order. */
export interface Partition {
  name: string;
  /** VALUES LESS THAN, as epoch ms (exclusive); null for MAXVALUE. */
  lessThanMs: number | null;
}

/** How the bounds are written: epoch ms (`RANGE (create_time)`) or a UTC DATETIME (`RANGE COLUMNS (timestamp)`). */
export type BoundKind = 'ms' | 'datetime';

/**
 * A PARTITION_DESCRIPTION: `MAXVALUE`, a number (epoch ms) or a quoted DATETIME (UTC). Anything else
 * is a layout this job does not manage.
 */
export function parseBound(description: string | null): { lessThanMs: number | null; kind?: BoundKind } {
  const d = (description ?? '').trim();
  if (d === 'MAXVALUE') {
    return { lessThanMs: null };
  }
  if (/^-?\d+$/.test(d)) {
    return { lessThanMs: Number(d), kind: 'ms' };
  }
  const m = /^'(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}(?:\.\d+)?))?'$/.exec(d);
  if (m) {
    return { lessThanMs: Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`), kind: 'datetime' };
  }
  throw new Error(`a partition bound this job does not understand: ${description}`);
}

export interface PartitionPlan {
  /** Months to add, oldest first: split out of the MAXVALUE partition, or added after the last one. */
  add: Partition[];
  /** Partitions wholly below the cutoff, oldest first. */
  drop: string[];
  /** Every row below this instant goes with the dropped partitions (their highest bound); null when none. */
  droppedBelowMs: number | null;
  /** The MAXVALUE partition the new months are split from; null when there is none. */
  maxvalue: string | null;
}

/**
 * What keeps a monthly-partitioned table in shape at `nowMs`: partitions up to the end of the month
 * `aheadMonths` after the current one (so that p_future stays empty and splitting it copies nothing),
 * and the drop of every partition whose upper bound is at or below `cutoffMs` (such a partition holds
 * no row at or after the cutoff; the one the cutoff falls in stays whole). Never drops MAXVALUE.
 */
export function planPartitions(
  partitions: readonly Partition[],
  nowMs: number,
  aheadMonths: number,
  cutoffMs: number | null
): PartitionPlan {
  const finite = partitions.filter((p) => p.lessThanMs !== null);
  const names = new Set(partitions.map((p) => p.name));
  const until = monthStart(nowMs, aheadMonths + 1);
  const add: Partition[] = [];
  let bound = finite.length > 0 ? Math.max(...finite.map((p) => p.lessThanMs!)) : monthStart(nowMs);
  while (bound < until) {
    const month = monthStart(bound);
    const next = monthStart(bound, 1);
    const name = partitionName(month);
    if (names.has(name)) {
      throw new Error(`cannot add partition ${name}: a partition of that name exists with another bound`);
    }
    add.push({ name, lessThanMs: next });
    bound = next;
  }
  const dropped = cutoffMs === null ? [] : finite.filter((p) => p.lessThanMs! <= cutoffMs);
  return {
    add,
    drop: dropped.map((p) => p.name),
    droppedBelowMs: dropped.length > 0 ? Math.max(...dropped.map((p) => p.lessThanMs!)) : null,
    maxvalue: partitions.find((p) => p.lessThanMs === null)?.name ?? null,
  };
}

/** A bound as SQL: epoch ms, or a quoted UTC DATETIME. */
export function boundSql(ms: number, kind: BoundKind): string {
  return kind === 'ms' ? String(ms) : `'${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;
}

/**
 * The DDL that adds `plan.add`: REORGANIZE the MAXVALUE partition into the new months and itself
 * (instant while it is empty), or ADD PARTITION when the table has no MAXVALUE partition.
 */
export function addPartitionsSql(table: string, plan: PartitionPlan, kind: BoundKind): string | null {
  if (plan.add.length === 0) {
    return null;
  }
  const months = plan.add.map(
    (p) => `PARTITION ${quoteIdentifier(p.name)} VALUES LESS THAN (${boundSql(p.lessThanMs!, kind)})`
  );
  if (plan.maxvalue === null) {
    return `ALTER TABLE ${quoteIdentifier(table)} ADD PARTITION (${months.join(', ')})`;
  }
  const last = quoteIdentifier(plan.maxvalue);
  return (
    `ALTER TABLE ${quoteIdentifier(table)} REORGANIZE PARTITION ${last} INTO ` +
    `(${[...months, `PARTITION ${last} VALUES LESS THAN (MAXVALUE)`].join(', ')})`
  );
}

export function dropPartitionsSql(table: string, names: readonly string[]): string | null {
  return names.length === 0
    ? null
    : `ALTER TABLE ${quoteIdentifier(table)} DROP PARTITION ${names.map(quoteIdentifier).join(', ')}`;
}
