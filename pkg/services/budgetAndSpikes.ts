/**
 * Spend against budgets (month-to-date and a weekday-rhythm forecast per tenant) and spend spikes
 * (per tenant or model against its own trailing baseline). Both read daily or hourly cost per group
 * with the same statement as the cost time series, then compute in the backend.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { BudgetQuery, SpendSpikesQuery } from '../../src/shared/queryModel';
import {
  BUDGET_LOOKBACK_WEEKS_DEFAULT,
  SPIKE_BASELINE_DAYS_DEFAULT,
  SPIKE_THRESHOLD_DEFAULT,
} from '../../src/shared/queryTypes';
import { DAY_MS, forecastMonth } from '../analysis/forecast';
import { isSpike, scoreSeries } from '../analysis/spikes';
import { runSelect } from '../db/run';
import type { Frame, Notice } from '../frames';
import { intervalsInRange, priceIntervals } from '../pricing/priceList';
import { buckets, type Buckets } from '../queries/buckets';
import { costTimeSeriesStatement, type UsageFilters } from '../queries/cost';
import type { LedgerCall, QueryInput } from './ledger';
import type { RequestContext } from './requestContext';

interface SpendRow extends RowDataPacket {
  bucket: number;
  grp: string | null;
  cost: number | null;
}

/** Cost per group per bucket over the range: group → (bucket index → cost). */
async function spendByGroup(
  call: LedgerCall,
  filters: UsageFilters,
  groupBy: 'tenant' | 'model',
  b: Buckets,
  ctx: RequestContext
): Promise<{ spend: Map<string, Map<number, number>>; notices: Notice[] | undefined }> {
  const prices = intervalsInRange(priceIntervals(call.settings.prices), filters.range.fromMs, filters.range.toMs);
  const rows = await runSelect<SpendRow>(call.ds, costTimeSeriesStatement(call.settings, filters, groupBy, b, prices), {
    signal: ctx.signal,
    timeoutSeconds: call.settings.queryTimeoutSeconds,
  });
  const out = new Map<string, Map<number, number>>();
  const max = call.settings.maxRows;
  for (const row of rows.slice(0, max)) {
    const key = String(row.grp ?? '(none)');
    if (!out.has(key)) {
      out.set(key, new Map());
    }
    out.get(key)!.set(Number(row.bucket), Number(row.cost ?? 0));
  }
  // A cut series would make a wrong forecast or baseline: say so rather than hide it.
  const notices: Notice[] | undefined =
    rows.length > max
      ? [
          {
            severity: 'warning',
            text: `Results were cut at ${max} rows (the datasource's max rows): figures are incomplete.`,
          },
        ]
      : undefined;
  return { spend: out, notices };
}

export async function budget(
  call: LedgerCall,
  q: BudgetQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const weeks = q.lookbackWeeks ?? BUDGET_LOOKBACK_WEEKS_DEFAULT;
  const nowMs = range.toMs;
  const to = new Date(nowMs);
  const monthStart = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1);
  const fromMs = Math.min(monthStart, (Math.floor(nowMs / DAY_MS) - 7 * weeks) * DAY_MS);
  // The query's budgets (the app's) win over the datasource's for the tenants they name.
  const configured = new Map(
    [...call.settings.budgets, ...(q.budgets ?? [])].map((b) => [b.tenant, b.monthlyBudget] as const)
  );
  const tenants = q.tenants && q.tenants.length > 0 ? q.tenants : q.monthlyBudget ? undefined : [...configured.keys()];
  const filters: UsageFilters = {
    tenants: tenants && tenants.length > 0 ? tenants : undefined,
    range: { fromMs, toMs: nowMs },
  };
  const b = buckets(fromMs, nowMs, DAY_MS, 100_000);
  const { spend, notices } = await spendByGroup(call, filters, 'tenant', b, ctx);
  // Tenants listed (or budgeted) but without spend still get a row.
  const names = [...new Set([...(tenants ?? []), ...spend.keys()])]
    .filter((t) => !call.settings.pinnedTenant || t === call.settings.pinnedTenant)
    .sort();
  const rows = names.map((tenant) => {
    const f = forecastMonth(spend.get(tenant) ?? new Map(), nowMs, weeks);
    const limit = q.monthlyBudget ?? configured.get(tenant) ?? null;
    return { tenant, limit, ...f };
  });
  const share = (v: number, limit: number | null) => (limit ? v / limit : null);
  if (q.forAlerting) {
    // Alerting reads a table with string columns (labels) and exactly one number column.
    const budgeted = rows.filter((r) => r.limit !== null);
    return {
      name: 'budget',
      refId,
      fields: [
        { name: 'tenant', type: 'string', values: budgeted.map((r) => r.tenant) },
        {
          name: 'used',
          type: 'float64',
          values: budgeted.map((r) => share(r.spent, r.limit)!),
          config: { unit: 'percentunit' },
        },
      ],
    };
  }
  return {
    name: 'budget',
    refId,
    meta: { preferredVisualisationType: 'table', custom: { monthStartMs: monthStart, lookbackWeeks: weeks }, notices },
    fields: [
      { name: 'tenant', type: 'string', values: rows.map((r) => r.tenant) },
      {
        name: 'budget',
        type: 'float64',
        nullable: true,
        values: rows.map((r) => r.limit),
        config: { unit: 'currencyUSD' },
      },
      {
        name: 'spent',
        type: 'float64',
        values: rows.map((r) => r.spent),
        config: { unit: 'currencyUSD', displayName: 'month to date' },
      },
      {
        name: 'used',
        type: 'float64',
        nullable: true,
        values: rows.map((r) => share(r.spent, r.limit)),
        config: { unit: 'percentunit' },
      },
      {
        name: 'forecast',
        type: 'float64',
        values: rows.map((r) => r.forecast),
        config: { unit: 'currencyUSD', displayName: 'month-end forecast' },
      },
      {
        name: 'forecast used',
        type: 'float64',
        nullable: true,
        values: rows.map((r) => share(r.forecast, r.limit)),
        config: { unit: 'percentunit' },
      },
    ],
  };
}

export async function spendSpikes(
  call: LedgerCall,
  q: SpendSpikesQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  const by = q.by ?? 'tenant';
  const bucketMs = q.granularity === 'hour' ? 3_600_000 : DAY_MS;
  const baselineDays = q.baselineDays ?? SPIKE_BASELINE_DAYS_DEFAULT;
  const window = Math.round((baselineDays * DAY_MS) / bucketMs);
  const first = Math.floor(range.fromMs / bucketMs);
  const last = Math.floor(range.toMs / bucketMs);
  const b: Buckets = { sizeMs: bucketMs, first: first - window, last };
  const filters: UsageFilters = {
    tenants: q.tenants,
    users: q.users,
    models: q.models,
    range: { fromMs: b.first * bucketMs, toMs: range.toMs },
  };
  const { spend, notices } = await spendByGroup(call, filters, by, b, ctx);
  const found: Array<{ time: number; key: string; value: number; median: number; mad: number; score: number }> = [];
  const highest = new Map<string, number>();
  const minSpend = q.minSpend ?? 0;
  for (const [key, byBucket] of spend) {
    const series: number[] = [];
    for (let i = b.first; i <= b.last; i++) {
      series.push(byBucket.get(i) ?? 0);
    }
    const scored = scoreSeries(series, window);
    highest.set(key, Math.max(0, ...scored.map((s) => (s.value >= minSpend ? s.score : 0))));
    for (const s of scored.filter((x) => isSpike(x, q.threshold ?? SPIKE_THRESHOLD_DEFAULT, minSpend))) {
      found.push({
        time: (b.first + s.index) * bucketMs,
        key,
        value: s.value,
        median: s.median,
        mad: s.mad,
        score: s.score,
      });
    }
  }
  if (q.forAlerting) {
    // Alerting reads a table with string columns (labels) and exactly one number column.
    const keys = [...highest.keys()].sort();
    return {
      name: 'spend spikes',
      refId,
      fields: [
        { name: by, type: 'string', values: keys },
        { name: 'score', type: 'float64', values: keys.map((k) => highest.get(k)!) },
      ],
    };
  }
  found.sort((x, y) => x.time - y.time || (x.key < y.key ? -1 : 1));
  return {
    name: 'spend spikes',
    refId,
    meta: { preferredVisualisationType: 'table', custom: { bucketMs, baselineDays }, notices },
    fields: [
      { name: 'time', type: 'time', values: found.map((f) => f.time) },
      { name: by, type: 'string', values: found.map((f) => f.key) },
      { name: 'spend', type: 'float64', values: found.map((f) => f.value), config: { unit: 'currencyUSD' } },
      {
        name: 'baseline',
        type: 'float64',
        values: found.map((f) => f.median),
        config: { unit: 'currencyUSD', description: 'median of the previous window' },
      },
      { name: 'mad', type: 'float64', values: found.map((f) => f.mad), config: { unit: 'currencyUSD' } },
      {
        name: 'score',
        type: 'float64',
        values: found.map((f) => f.score),
        config: { description: 'robust standard deviations above the baseline' },
      },
    ],
  };
}
