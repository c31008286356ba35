/**
 * Budget and spike frames from the daily or hourly spend rows: pure functions (rows in, frame out).
 * The forecast and the spike scores are computed here, from the rows alone, so that both are tested
 * without a database. Fields are the result contract's (src/shared/resultFrames.ts).
 */
import type { BudgetQuery, SpendSpikesQuery } from '../../src/shared/queryModel';
import { RESULT_FRAMES } from '../../src/shared/resultFrames';
import { forecastMonth } from '../analysis/forecast';
import { isSpike, scoreSeries } from '../analysis/spikes';
import type { Frame, Notice } from '../frames';
import { fieldsOf } from '../frames/fields';
import type { Buckets } from '../queries/buckets';
import { NO_NAMES, withNames, type Names } from './nameFrames';

/** A row of the spend statement (the cost time series statement, grouped by tenant or model). */
export interface SpendRow {
  bucket: number | string;
  grp: string | null;
  cost: number | string | null;
}

/** Spend per group per bucket: group → (bucket index → cost). */
export type SpendByGroup = Map<string, Map<number, number>>;

/** The rows as spend per group, cut at `maxRows` with a notice: a cut series would mislead. */
export function spendByGroup(rows: SpendRow[], maxRows: number): { spend: SpendByGroup; notices?: Notice[] } {
  const spend: SpendByGroup = new Map();
  for (const row of rows.slice(0, maxRows)) {
    const key = String(row.grp ?? '(none)');
    if (!spend.has(key)) {
      spend.set(key, new Map());
    }
    spend.get(key)!.set(Number(row.bucket), Number(row.cost ?? 0));
  }
  if (rows.length <= maxRows) {
    return { spend };
  }
  return {
    spend,
    notices: [
      {
        severity: 'warning',
        text: `Results were cut at ${maxRows} rows (the datasource's max rows): figures are incomplete.`,
      },
    ],
  };
}

export interface BudgetShape {
  refId: string;
  /** The end of the range: month to date and the forecast are as of this instant. */
  nowMs: number;
  monthStartMs: number;
  lookbackWeeks: number;
  /** The tenants that get a row even without spend (listed or budgeted). */
  tenants: string[];
  /** Budget per tenant (the query's over the datasource's). */
  budgets: Map<string, number>;
  /** One budget for every tenant (the query's `monthlyBudget`). */
  monthlyBudget?: number;
  /** Only this tenant's row (the datasource's pinned tenant). */
  pinnedTenant?: string;
  forAlerting: BudgetQuery['forAlerting'];
  notices?: Notice[];
  /** Tenant names, shown in the table (alert labels keep the ids: an alert instance's identity). */
  names?: Names;
}

/** Per tenant: budget, month to date, share used, month-end forecast and its share (or, for alerting, the share). */
export function budgetFrame(spend: SpendByGroup, shape: BudgetShape): Frame {
  const names = [...new Set([...shape.tenants, ...spend.keys()])]
    .filter((t) => !shape.pinnedTenant || t === shape.pinnedTenant)
    .sort();
  const rows = names.map((tenant) => {
    const f = forecastMonth(spend.get(tenant) ?? new Map(), shape.nowMs, shape.lookbackWeeks);
    const limit = shape.monthlyBudget ?? shape.budgets.get(tenant) ?? null;
    return { tenant, limit, ...f };
  });
  const share = (v: number, limit: number | null) => (limit ? v / limit : null);
  if (shape.forAlerting) {
    // Alerting reads a table with string columns (labels) and exactly one number column.
    const budgeted = rows.filter((r) => r.limit !== null);
    const f = RESULT_FRAMES.budgetAlerting.fields;
    return {
      name: RESULT_FRAMES.budgetAlerting.name,
      refId: shape.refId,
      fields: fieldsOf(budgeted, [
        [f.tenant, (r) => r.tenant],
        [f.used, (r) => share(r.spent, r.limit)!],
      ]),
    };
  }
  const f = RESULT_FRAMES.budget.fields;
  return {
    name: RESULT_FRAMES.budget.name,
    refId: shape.refId,
    meta: {
      preferredVisualisationType: 'table',
      custom: { monthStartMs: shape.monthStartMs, lookbackWeeks: shape.lookbackWeeks },
      notices: shape.notices,
    },
    fields: fieldsOf(rows, [
      [f.tenant, (r) => r.tenant],
      [f.budget, (r) => r.limit],
      [f.spent, (r) => r.spent],
      [f.used, (r) => share(r.spent, r.limit)],
      [f.forecast, (r) => r.forecast],
      [f.forecastUsed, (r) => share(r.forecast, r.limit)],
    ]).map((field, i) => (i === 0 ? withNames(field, shape.names ?? NO_NAMES) : field)),
  };
}

export interface SpikesShape {
  refId: string;
  by: SpendSpikesQuery['by'];
  /** The buckets scored: the range, after `window` buckets of history. */
  buckets: Buckets;
  /** Buckets of history each score is measured against. */
  window: number;
  baselineDays: number;
  threshold: number;
  minSpend: number;
  forAlerting: boolean;
  notices?: Notice[];
  /** Names of the tenants (by tenant), shown in the table; alert labels keep the ids. */
  names?: Names;
}

/** The buckets whose spend is far above the group's own baseline; or, for alerting, each group's highest score. */
export function spendSpikesFrame(spend: SpendByGroup, shape: SpikesShape): Frame {
  const { buckets: b, window, minSpend, by } = shape;
  const found: Array<{ time: number; key: string; value: number; median: number; mad: number; score: number }> = [];
  const highest = new Map<string, number>();
  for (const [key, byBucket] of spend) {
    const series: number[] = [];
    for (let i = b.first; i <= b.last; i++) {
      series.push(byBucket.get(i) ?? 0);
    }
    const scored = scoreSeries(series, window);
    highest.set(key, Math.max(0, ...scored.map((s) => (s.value >= minSpend ? s.score : 0))));
    for (const s of scored.filter((x) => isSpike(x, shape.threshold, minSpend))) {
      found.push({
        time: (b.first + s.index) * b.sizeMs,
        key,
        value: s.value,
        median: s.median,
        mad: s.mad,
        score: s.score,
      });
    }
  }
  if (shape.forAlerting) {
    // Alerting reads a table with string columns (labels) and exactly one number column.
    const keys = [...highest.keys()].sort();
    const f = RESULT_FRAMES.spendSpikesAlerting.fields;
    return {
      name: RESULT_FRAMES.spendSpikesAlerting.name,
      refId: shape.refId,
      fields: fieldsOf(keys, [
        [f.key(by), (k) => k],
        [f.score, (k) => highest.get(k)!],
      ]),
    };
  }
  found.sort((x, y) => x.time - y.time || (x.key < y.key ? -1 : 1));
  const f = RESULT_FRAMES.spendSpikes.fields;
  return {
    name: RESULT_FRAMES.spendSpikes.name,
    refId: shape.refId,
    meta: {
      preferredVisualisationType: 'table',
      custom: { bucketMs: b.sizeMs, baselineDays: shape.baselineDays },
      notices: shape.notices,
    },
    fields: fieldsOf(found, [
      [f.time, (x) => x.time],
      [f.key(by), (x) => x.key],
      [f.spend, (x) => x.value],
      [f.baseline, (x) => x.median],
      [f.mad, (x) => x.mad],
      [f.score, (x) => x.score],
    ]).map((field, i) => (i === 1 ? withNames(field, shape.names ?? NO_NAMES) : field)),
  };
}
