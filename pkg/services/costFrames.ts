/**
 * The cost queries' frames from their rows: pure functions (rows in, frame out), so that every
 * frame is tested without a database. The rows are what pkg/queries/cost.ts selects; the fields are
 * the result contract's (src/shared/resultFrames.ts).
 */
import type { CostGroupBy, CostMetric } from '../../src/shared/queryTypes';
import { GROUP_NAME, RESULT_FRAMES } from '../../src/shared/resultFrames';
import type { Field, Frame, FrameMeta, Notice } from '../frames';
import { fieldOf, fieldsOf } from '../frames/fields';
import { bucketTimes, type Buckets } from '../queries/buckets';
import { nameMappings, nameOf, NO_NAMES, type Names } from './nameFrames';

/** A row of the cost statements: one group (and bucket, for time series) with its sums. */
export interface AggregateRow {
  grp?: string | null;
  bucket?: number;
  cost: number | string | null;
  estimated_cost: number | string | null;
  input_tokens: number | string | null;
  output_tokens: number | string | null;
  requests: number | string;
  estimated_requests: number | string | null;
  unpriced_requests: number | string | null;
}

/** A row of the unpriced-models statement. */
export interface UnpricedRow {
  model: string;
  requests: number | string;
  input_tokens: number | string | null;
  output_tokens: number | string | null;
  first_seen: Date | number | string;
  last_seen: Date | number | string;
}

/** How a group's name is shown: as it is, or masked (users, below the personal-data role). */
export type Shown = (value: string | null) => string | null;
const asIs: Shown = (v) => v;

/** MySQL's DECIMAL sums arrive as strings, NULL sums as null: numbers, 0 for none. */
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Notices that say how the cost was made, and whether the result was cut. */
export function costMeta(rows: AggregateRow[], truncatedAt?: number): FrameMeta {
  const estimated = rows.reduce((sum, r) => sum + n(r.estimated_requests), 0);
  const unpriced = rows.reduce((sum, r) => sum + n(r.unpriced_requests), 0);
  const notices: Notice[] = [];
  if (estimated > 0) {
    notices.push({
      severity: 'info',
      text: `${estimated} requests had no stored cost and were priced from the price list (estimated).`,
    });
  }
  if (unpriced > 0) {
    notices.push({
      severity: 'warning',
      text: `${unpriced} requests are of models without a price and are not in the cost: see the unpriced models.`,
    });
  }
  if (truncatedAt !== undefined) {
    notices.push({
      severity: 'warning',
      text: `Results were cut at ${truncatedAt} rows (the datasource's max rows or the query's limit).`,
    });
  }
  return {
    custom: { estimatedRequests: estimated, unpricedRequests: unpriced },
    notices: notices.length > 0 ? notices : undefined,
  };
}

function metricValue(row: AggregateRow, metric: CostMetric): number {
  switch (metric) {
    case 'cost':
      return n(row.cost);
    case 'tokens':
      return n(row.input_tokens) + n(row.output_tokens);
    case 'inputTokens':
      return n(row.input_tokens);
    case 'outputTokens':
      return n(row.output_tokens);
    case 'requests':
      return n(row.requests);
  }
}

export interface TimeSeriesShape {
  refId: string;
  groupBy: CostGroupBy;
  metric: CostMetric;
  buckets: Buckets;
  /** Rows past this many are dropped, with a notice. */
  maxRows: number;
  shown?: Shown;
  /** Names of the groups' ids (tenants, users): the series are named after them, labels keep the ids. */
  names?: Names;
}

/** One series per group (labelled), empty buckets zero; one unlabelled series without grouping. */
export function costTimeSeriesFrame(rows: AggregateRow[], shape: TimeSeriesShape): Frame {
  const { groupBy, metric, buckets: b, maxRows, refId } = shape;
  const shown = shape.shown ?? asIs;
  const names = shape.names ?? NO_NAMES;
  const kept = rows.slice(0, maxRows);
  const times = bucketTimes(b);
  const series = new Map<string, number[]>();
  for (const row of kept) {
    const key = groupBy === 'none' ? '' : String(row.grp ?? '(none)');
    if (!series.has(key)) {
      series.set(key, new Array(times.length).fill(0));
    }
    const slot = n(row.bucket) - b.first;
    if (slot >= 0 && slot < times.length) {
      series.get(key)![slot] = metricValue(row, metric);
    }
  }
  if (series.size === 0 && groupBy === 'none') {
    series.set('', new Array(times.length).fill(0));
  }
  const spec = RESULT_FRAMES.costTimeSeries;
  const fields: Field[] = [fieldOf(spec.fields.time, times)];
  for (const [key, values] of [...series.entries()].sort(([a], [b2]) => (a < b2 ? -1 : 1))) {
    if (groupBy === 'none') {
      fields.push(fieldOf(spec.fields.value(metric), values));
    } else {
      const name = shown(key) ?? key;
      fields.push(
        fieldOf(spec.fields.value(metric), values, {
          labels: { [GROUP_NAME[groupBy]]: name },
          config: { displayNameFromDS: nameOf(names, name) },
        })
      );
    }
  }
  const meta = costMeta(kept, rows.length > maxRows ? maxRows : undefined);
  return {
    name: spec.name,
    refId,
    meta: { type: 'timeseries-wide', ...meta, custom: { ...(meta.custom as object), bucketMs: b.sizeMs } },
    fields,
  };
}

function aggregateFields(rows: AggregateRow[]): Field[] {
  const f = RESULT_FRAMES.costTotals.fields;
  return fieldsOf(rows, [
    [f.cost, (r) => n(r.cost)],
    [f.estimatedCost, (r) => n(r.estimated_cost)],
    [f.inputTokens, (r) => n(r.input_tokens)],
    [f.outputTokens, (r) => n(r.output_tokens)],
    [f.requests, (r) => n(r.requests)],
    [f.costPerRequest, (r) => (n(r.requests) > 0 ? n(r.cost) / n(r.requests) : null)],
    [f.estimatedRequests, (r) => n(r.estimated_requests)],
    [f.unpricedRequests, (r) => n(r.unpriced_requests)],
  ]);
}

export interface BreakdownShape {
  refId: string;
  groupBy: CostGroupBy;
  /** Rows past this many (the query's limit within max rows) are dropped, with a notice. */
  limit: number;
  shown?: Shown;
  /** Names of the groups' ids (tenants, users), as value mappings of the group column. */
  names?: Names;
}

/** One row per group (the group column first), with the aggregate; a table. */
export function costBreakdownFrame(
  rows: AggregateRow[],
  { refId, groupBy, limit, shown = asIs, names = NO_NAMES }: BreakdownShape
): Frame {
  const kept = rows.slice(0, limit);
  const spec = RESULT_FRAMES.costBreakdown;
  const groups = kept.map((r) => shown(r.grp ?? null));
  const groupFields =
    groupBy === 'none' ? [] : [fieldOf(spec.fields.group(groupBy), groups, { config: nameMappings(names, groups) })];
  return {
    name: spec.name,
    refId,
    meta: { preferredVisualisationType: 'table', ...costMeta(kept, rows.length > limit ? limit : undefined) },
    fields: [...groupFields, ...aggregateFields(kept)],
  };
}

/** The aggregate of the whole range, in one row (the first row of the ungrouped breakdown). */
export function costTotalsFrame(rows: AggregateRow[], refId: string): Frame {
  const first = rows.slice(0, 1);
  return { name: RESULT_FRAMES.costTotals.name, refId, meta: costMeta(first), fields: aggregateFields(first) };
}

/** MySQL DATETIME as mysql2 returns it (Date, or text with dateStrings), or epoch ms. */
export function epochMs(v: Date | number | string): number {
  return v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(`${v.replace(' ', 'T')}Z`);
}

/** The models with usage but no price, with a notice asking for their prices. */
export function unpricedModelsFrame(
  rows: UnpricedRow[],
  { refId, maxRows }: { refId: string; maxRows: number }
): Frame {
  const kept = rows.slice(0, maxRows);
  const notices: Notice[] = [];
  if (kept.length > 0) {
    notices.push({
      severity: 'warning',
      text: `${kept.length} models have usage without a cost and no price: add their prices in the datasource settings.`,
    });
  }
  if (rows.length > kept.length) {
    notices.push({ severity: 'warning', text: `Results were cut at ${kept.length} rows (the datasource's max rows).` });
  }
  const f = RESULT_FRAMES.unpricedModels.fields;
  return {
    name: RESULT_FRAMES.unpricedModels.name,
    refId,
    meta: { preferredVisualisationType: 'table', notices: notices.length > 0 ? notices : undefined },
    fields: fieldsOf(kept, [
      [f.model, (r) => r.model],
      [f.requests, (r) => n(r.requests)],
      [f.inputTokens, (r) => n(r.input_tokens)],
      [f.outputTokens, (r) => n(r.output_tokens)],
      [f.firstSeen, (r) => epochMs(r.first_seen)],
      [f.lastSeen, (r) => epochMs(r.last_seen)],
    ]),
  };
}
