import type { PriceInterval } from '../pricing/priceList';
import { testSettings } from '../testing/settings';
import { buckets } from './buckets';
import { costBreakdownStatement, costTimeSeriesStatement, unpricedModelsStatement } from './cost';

const range = { fromMs: Date.UTC(2026, 9, 1), toMs: Date.UTC(2026, 9, 2) };
const FROM = '2026-10-01 00:00:00.000';
const TO = '2026-10-02 00:00:00.000';
const PRICE: PriceInterval = {
  model: 'gpt-4o',
  fromMs: 0,
  toMs: Date.UTC(2026, 9, 11),
  inputPerMillion: 2.5,
  outputPerMillion: 10,
  source: 'catalog',
};
/** gpt-4o's price changes on Oct 11: two intervals, so usage must be kept apart by day. */
const LATER: PriceInterval = {
  ...PRICE,
  fromMs: Date.UTC(2026, 9, 11),
  toMs: Date.UTC(9999, 11, 31),
  inputPerMillion: 2,
  outputPerMillion: 8,
  source: 'datasource',
};
const SPLIT = [PRICE, LATER];
const PRICE_PARAMS = [
  ...['gpt-4o', 0, Date.UTC(2026, 9, 11) / 86_400_000, 2.5, 10],
  ...['gpt-4o', Date.UTC(2026, 9, 11) / 86_400_000, Date.UTC(9999, 11, 31) / 86_400_000, 2, 8],
];

/** The per-model-day aggregate over the timestamp axis, with `keys` selected first. */
function perModelDay(keys: string, groupKeys: string, where: string): string {
  return (
    `(SELECT ${keys}u.\`model_name\` AS model, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', u.\`timestamp\`) DIV 86400 AS day, ` +
    'SUM(u.`cost`) AS stored_cost, SUM(u.`input_tokens`) AS input_tokens, SUM(u.`output_tokens`) AS output_tokens, COUNT(*) AS requests, ' +
    'SUM(CASE WHEN u.`cost` IS NULL THEN u.`input_tokens` ELSE 0 END) AS null_input, ' +
    'SUM(CASE WHEN u.`cost` IS NULL THEN u.`output_tokens` ELSE 0 END) AS null_output, ' +
    'SUM(CASE WHEN u.`cost` IS NULL THEN 1 ELSE 0 END) AS null_requests, ' +
    'MIN(CASE WHEN u.`cost` IS NULL THEN u.`timestamp` END) AS null_first, MAX(CASE WHEN u.`cost` IS NULL THEN u.`timestamp` END) AS null_last ' +
    `FROM \`token_usage_log\` u WHERE ${where} GROUP BY ${groupKeys}model, day) d`
  );
}

const AGG_PRICED =
  'SUM(COALESCE(d.stored_cost, 0) + COALESCE((d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000, 0)) AS cost, ' +
  'SUM((d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000) AS estimated_cost, ' +
  'SUM(d.input_tokens) AS input_tokens, SUM(d.output_tokens) AS output_tokens, SUM(d.requests) AS requests, ' +
  'SUM(CASE WHEN p.model_key IS NOT NULL THEN d.null_requests ELSE 0 END) AS estimated_requests, ' +
  'SUM(CASE WHEN p.model_key IS NOT NULL THEN 0 ELSE d.null_requests END) AS unpriced_requests';
const JOIN =
  ' LEFT JOIN (SELECT ? AS model_key, ? AS from_day, ? AS to_day, ? AS input_per_m, ? AS output_per_m UNION ALL SELECT ?, ?, ?, ?, ?) p ' +
  "ON p.model_key = LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(d.model, '@', 1), '/', -1)) AND d.day >= p.from_day AND d.day < p.to_day";

describe('cost statements', () => {
  it('totals: usage summed per model and day, then priced by the day’s interval where no cost is stored', () => {
    expect(costBreakdownStatement(testSettings(), { range }, 'none', 'cost', 1, SPLIT)).toEqual({
      sql: `SELECT ${AGG_PRICED} FROM ${perModelDay('', '', 'u.`timestamp` BETWEEN ? AND ?')}${JOIN} ORDER BY cost DESC LIMIT ?`,
      params: [FROM, TO, ...PRICE_PARAMS, 2],
    });
  });

  it('top N tenants of a pinned datasource, filtered by model, sorted by cost per request', () => {
    const st = costBreakdownStatement(
      testSettings({ pinnedTenant: 't1' }),
      { range, models: ['a', 'b'] },
      'tenant',
      'costPerRequest',
      5,
      SPLIT
    );
    expect(st.sql).toBe(
      `SELECT d.grp, ${AGG_PRICED} FROM ${perModelDay(
        'u.`tenant_id` AS grp, ',
        'grp, ',
        'u.`timestamp` BETWEEN ? AND ? AND u.`tenant_id` = ? AND u.`model_name` IN (?, ?)'
      )}${JOIN} GROUP BY d.grp ORDER BY cost / requests DESC, d.grp LIMIT ?`
    );
    expect(st.params).toEqual([FROM, TO, 't1', 'a', 'b', ...PRICE_PARAMS, 6]);
  });

  it('one price per model in the range: no day in the aggregate and no day in the join', () => {
    const st = costBreakdownStatement(testSettings(), { range }, 'user', 'cost', 10, [PRICE]);
    expect(st.sql).not.toContain('AS day');
    expect(st.sql).toContain(' GROUP BY grp, model) d LEFT JOIN ');
    expect(st.sql).toContain(
      "ON p.model_key = LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(d.model, '@', 1), '/', -1)) GROUP BY d.grp"
    );
  });

  it('keeps days apart when a model’s only price starts inside the range (earlier usage has none)', () => {
    const starts = { ...PRICE, model: 'house-model', fromMs: range.fromMs + 3_600_000, toMs: Date.UTC(9999, 11, 31) };
    const st = costBreakdownStatement(testSettings(), { range }, 'none', 'cost', 1, [starts]);
    expect(st.sql).toContain(' AS day,');
    expect(st.sql).toContain('AND d.day >= p.from_day AND d.day < p.to_day');
  });

  it('no join at all when no price applies to the range', () => {
    const st = costBreakdownStatement(testSettings(), { range }, 'model', 'tokens', 10, []);
    expect(st.sql).not.toContain('JOIN');
    expect(st.sql).toContain('SUM(COALESCE(d.stored_cost, 0) + COALESCE(NULL, 0)) AS cost');
    expect(st.sql).toContain('ORDER BY input_tokens + output_tokens DESC, d.grp');
  });

  it('time series on the create_time axis, per user: bucket and user are keys of the aggregate', () => {
    const st = costTimeSeriesStatement(
      testSettings({ timeAxis: 'create_time' }),
      { range },
      'user',
      buckets(range.fromMs, range.toMs, 3_600_000, 100),
      SPLIT
    );
    expect(st.sql.startsWith('SELECT d.bucket, d.grp, ')).toBe(true);
    expect(st.sql).toContain(
      '(SELECT u.`create_time` DIV ? AS bucket, u.`user_id` AS grp, u.`model_name` AS model, u.`create_time` DIV 86400000 AS day, '
    );
    expect(st.sql).toContain('WHERE u.`create_time` BETWEEN ? AND ? GROUP BY bucket, grp, model, day) d');
    expect(st.sql.endsWith(' GROUP BY d.bucket, d.grp ORDER BY d.bucket, d.grp LIMIT ?')).toBe(true);
    expect(st.params).toEqual([3_600_000, range.fromMs, range.toMs, ...PRICE_PARAMS, 50_001]);
  });

  it('unpriced models: days with usage stored without a cost and no matching price', () => {
    const st = unpricedModelsStatement(testSettings(), { range }, [PRICE]);
    expect(st.sql).toContain(
      ' WHERE d.null_requests > 0 AND p.model_key IS NULL GROUP BY d.model ORDER BY requests DESC, d.model LIMIT ?'
    );
    expect(unpricedModelsStatement(testSettings(), { range }, []).sql).toContain(
      ' WHERE d.null_requests > 0 GROUP BY d.model'
    );
  });
});
