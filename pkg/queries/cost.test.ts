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
const AGG_PRICED =
  'SUM(COALESCE(u.`cost`, (u.`input_tokens` * p.input_per_m + u.`output_tokens` * p.output_per_m) / 1000000)) AS cost, ' +
  'SUM(CASE WHEN u.`cost` IS NULL THEN (u.`input_tokens` * p.input_per_m + u.`output_tokens` * p.output_per_m) / 1000000 END) AS estimated_cost, ' +
  'SUM(u.`input_tokens`) AS input_tokens, SUM(u.`output_tokens`) AS output_tokens, COUNT(*) AS requests, ' +
  'SUM(CASE WHEN u.`cost` IS NULL AND p.model_key IS NOT NULL THEN 1 ELSE 0 END) AS estimated_requests, ' +
  'SUM(CASE WHEN u.`cost` IS NULL AND NOT (p.model_key IS NOT NULL) THEN 1 ELSE 0 END) AS unpriced_requests';
const JOIN =
  ' LEFT JOIN (SELECT ? AS model_key, ? AS valid_from, ? AS valid_to, ? AS input_per_m, ? AS output_per_m) p ' +
  "ON p.model_key = LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(u.`model_name`, '@', 1), '/', -1)) AND u.`timestamp` >= p.valid_from AND u.`timestamp` < p.valid_to";
const PRICE_PARAMS = ['gpt-4o', '1970-01-01 00:00:00.000', '2026-10-11 00:00:00.000', 2.5, 10];

describe('cost statements', () => {
  it('totals with a price list: stored cost first, else the price of the row’s interval', () => {
    expect(costBreakdownStatement(testSettings(), { range }, 'none', 'cost', 1, [PRICE])).toEqual({
      sql: `SELECT ${AGG_PRICED} FROM \`token_usage_log\` u${JOIN} WHERE u.\`timestamp\` BETWEEN ? AND ? ORDER BY cost DESC LIMIT ?`,
      params: [...PRICE_PARAMS, FROM, TO, 2],
    });
  });

  it('top N tenants of a pinned datasource, filtered by model, sorted by cost per request', () => {
    const st = costBreakdownStatement(
      testSettings({ pinnedTenant: 't1' }),
      { range, models: ['a', 'b'] },
      'tenant',
      'costPerRequest',
      5,
      [PRICE]
    );
    expect(st.sql).toBe(
      `SELECT u.\`tenant_id\` AS grp, ${AGG_PRICED} FROM \`token_usage_log\` u${JOIN} WHERE u.\`timestamp\` BETWEEN ? AND ? AND u.\`tenant_id\` = ? AND u.\`model_name\` IN (?, ?) GROUP BY grp ORDER BY cost / requests DESC, grp LIMIT ?`
    );
    expect(st.params).toEqual([...PRICE_PARAMS, FROM, TO, 't1', 'a', 'b', 6]);
  });

  it('no join at all when no price applies to the range', () => {
    const st = costBreakdownStatement(testSettings(), { range }, 'model', 'tokens', 10, []);
    expect(st.sql).not.toContain('JOIN');
    expect(st.sql).toContain('SUM(COALESCE(u.`cost`, NULL)) AS cost');
    expect(st.sql).toContain('ORDER BY input_tokens + output_tokens DESC, grp');
  });

  it('time series on the create_time axis, per user', () => {
    const st = costTimeSeriesStatement(
      testSettings({ timeAxis: 'create_time' }),
      { range },
      'user',
      buckets(range.fromMs, range.toMs, 3_600_000, 100),
      [PRICE]
    );
    expect(st.sql.startsWith('SELECT u.`create_time` DIV ? AS bucket, u.`user_id` AS grp, ')).toBe(true);
    expect(st.sql).toContain('u.`create_time` >= p.valid_from AND u.`create_time` < p.valid_to');
    expect(
      st.sql.endsWith('WHERE u.`create_time` BETWEEN ? AND ? GROUP BY bucket, grp ORDER BY bucket, grp LIMIT ?')
    ).toBe(true);
    expect(st.params).toEqual([
      3_600_000,
      'gpt-4o',
      0,
      Date.UTC(2026, 9, 11),
      2.5,
      10,
      range.fromMs,
      range.toMs,
      50_001,
    ]);
  });

  it('unpriced models: no stored cost and no matching price', () => {
    const st = unpricedModelsStatement(testSettings(), { range }, [PRICE]);
    expect(st.sql).toContain(
      'WHERE u.`timestamp` BETWEEN ? AND ? AND u.`cost` IS NULL AND p.model_key IS NULL GROUP BY model ORDER BY requests DESC, model LIMIT ?'
    );
  });
});
