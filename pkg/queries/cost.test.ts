import type { PriceInterval } from '../pricing/priceList';
import { testSettings } from '../testing/settings';
import { buckets } from './buckets';
import { costBreakdownStatement, costTimeSeriesStatement, unpricedModelsStatement } from './cost';
import type { Statement } from './sql';

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

/** The per-model aggregate `d`: `keys` selected first, per day too when `day` (prices change that day), on either time axis. */
function aggregate({
  keys = '',
  groupKeys = '',
  where,
  day = true,
  time = 'timestamp',
}: {
  keys?: string;
  groupKeys?: string;
  where: string;
  day?: boolean;
  time?: 'timestamp' | 'create_time';
}): string {
  const dayExpr =
    time === 'timestamp'
      ? "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 86400"
      : 'u.`create_time` DIV 86400000';
  return (
    `(SELECT ${keys}u.\`model_name\` AS model, ${day ? `${dayExpr} AS day, ` : ''}` +
    'SUM(u.`cost`) AS stored_cost, SUM(u.`input_tokens`) AS input_tokens, SUM(u.`output_tokens`) AS output_tokens, COUNT(*) AS requests, ' +
    'SUM(CASE WHEN u.`cost` IS NULL THEN u.`input_tokens` ELSE 0 END) AS null_input, ' +
    'SUM(CASE WHEN u.`cost` IS NULL THEN u.`output_tokens` ELSE 0 END) AS null_output, ' +
    'SUM(CASE WHEN u.`cost` IS NULL THEN 1 ELSE 0 END) AS null_requests, ' +
    `MIN(CASE WHEN u.\`cost\` IS NULL THEN u.\`${time}\` END) AS null_first, MAX(CASE WHEN u.\`cost\` IS NULL THEN u.\`${time}\` END) AS null_last ` +
    `FROM \`token_usage_log\` u WHERE ${where} GROUP BY ${groupKeys}model${day ? ', day' : ''}) d`
  );
}

const AGG_PRICED =
  'SUM(COALESCE(d.stored_cost, 0) + COALESCE((d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000, 0)) AS cost, ' +
  'SUM((d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000) AS estimated_cost, ' +
  'SUM(d.input_tokens) AS input_tokens, SUM(d.output_tokens) AS output_tokens, SUM(d.requests) AS requests, ' +
  'SUM(CASE WHEN p.model_key IS NOT NULL THEN d.null_requests ELSE 0 END) AS estimated_requests, ' +
  'SUM(CASE WHEN p.model_key IS NOT NULL THEN 0 ELSE d.null_requests END) AS unpriced_requests';
/** Without any price in the range: nothing is estimated, every row without a cost is unpriced. */
const AGG_UNPRICED =
  'SUM(COALESCE(d.stored_cost, 0) + COALESCE(NULL, 0)) AS cost, SUM(NULL) AS estimated_cost, ' +
  'SUM(d.input_tokens) AS input_tokens, SUM(d.output_tokens) AS output_tokens, SUM(d.requests) AS requests, ' +
  'SUM(CASE WHEN FALSE THEN d.null_requests ELSE 0 END) AS estimated_requests, ' +
  'SUM(CASE WHEN FALSE THEN 0 ELSE d.null_requests END) AS unpriced_requests';
const PRICE_ROW = 'SELECT ? AS model_key, ? AS from_day, ? AS to_day, ? AS input_per_m, ? AS output_per_m';
const MODEL_KEY = "p.model_key = LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(d.model, '@', 1), '/', -1))";
/** The price list joined per model, and per day when `byDay`. */
const join = (rows: number, byDay: boolean) =>
  ` LEFT JOIN (${[PRICE_ROW, ...Array(rows - 1).fill('SELECT ?, ?, ?, ?, ?')].join(' UNION ALL ')}) p ON ${MODEL_KEY}` +
  (byDay ? ' AND d.day >= p.from_day AND d.day < p.to_day' : '');
const JOIN = join(2, true);
const UNPRICED_SELECT =
  'SELECT d.model, SUM(d.null_requests) AS requests, SUM(d.null_input) AS input_tokens, SUM(d.null_output) AS output_tokens, ' +
  'MIN(d.null_first) AS first_seen, MAX(d.null_last) AS last_seen FROM ';
const IN_RANGE = 'u.`timestamp` BETWEEN ? AND ?';

describe('cost statements', () => {
  const house = { ...PRICE, model: 'house-model', fromMs: range.fromMs + 3_600_000, toMs: Date.UTC(9999, 11, 31) };
  const day = (ms: number) => Math.floor(ms / 86_400_000);

  it.each<[string, () => Statement, string, unknown[]]>([
    [
      'totals: usage summed per model and day, then priced by the day’s interval where no cost is stored',
      () => costBreakdownStatement(testSettings(), { range }, 'none', 'cost', 1, SPLIT),
      `SELECT ${AGG_PRICED} FROM ${aggregate({ where: IN_RANGE })}${JOIN} ORDER BY cost DESC LIMIT ?`,
      [FROM, TO, ...PRICE_PARAMS, 2],
    ],
    [
      'top N tenants of a pinned datasource, filtered by model, sorted by cost per request',
      () =>
        costBreakdownStatement(
          testSettings({ pinnedTenant: 't1' }),
          { range, models: ['a', 'b'] },
          'tenant',
          'costPerRequest',
          5,
          SPLIT
        ),
      `SELECT d.grp, ${AGG_PRICED} FROM ${aggregate({
        keys: 'u.`tenant_id` AS grp, ',
        groupKeys: 'grp, ',
        where: `${IN_RANGE} AND u.\`tenant_id\` = ? AND u.\`model_name\` IN (?, ?)`,
      })}${JOIN} GROUP BY d.grp ORDER BY SUM(COALESCE(d.stored_cost, 0) + COALESCE((d.null_input * p.input_per_m + d.null_output * p.output_per_m) / 1000000, 0)) / SUM(d.requests) DESC, d.grp LIMIT ?`,
      [FROM, TO, 't1', 'a', 'b', ...PRICE_PARAMS, 6],
    ],
    [
      'one price per model in the range: no day in the aggregate and no day in the join',
      () => costBreakdownStatement(testSettings(), { range }, 'user', 'cost', 10, [PRICE]),
      `SELECT d.grp, ${AGG_PRICED} FROM ${aggregate({
        keys: 'u.`user_id` AS grp, ',
        groupKeys: 'grp, ',
        where: IN_RANGE,
        day: false,
      })}${join(1, false)} GROUP BY d.grp ORDER BY cost DESC, d.grp LIMIT ?`,
      [FROM, TO, 'gpt-4o', 0, day(Date.UTC(2026, 9, 11)), 2.5, 10, 11],
    ],
    [
      'keeps days apart when a model’s only price starts inside the range (earlier usage has none)',
      () => costBreakdownStatement(testSettings(), { range }, 'none', 'cost', 1, [house]),
      `SELECT ${AGG_PRICED} FROM ${aggregate({ where: IN_RANGE })}${join(1, true)} ORDER BY cost DESC LIMIT ?`,
      [FROM, TO, 'house-model', day(house.fromMs), day(house.toMs), 2.5, 10, 2],
    ],
    [
      'no join at all when no price applies to the range',
      () => costBreakdownStatement(testSettings(), { range }, 'model', 'tokens', 10, []),
      `SELECT d.grp, ${AGG_UNPRICED} FROM ${aggregate({
        keys: 'u.`model_name` AS grp, ',
        groupKeys: 'grp, ',
        where: IN_RANGE,
        day: false,
      })} GROUP BY d.grp ORDER BY SUM(d.input_tokens) + SUM(d.output_tokens) DESC, d.grp LIMIT ?`,
      [FROM, TO, 11],
    ],
    [
      'time series on the create_time axis, per user: bucket and user are keys of the aggregate',
      () =>
        costTimeSeriesStatement(
          testSettings({ timeAxis: 'create_time' }),
          { range },
          'user',
          buckets(range.fromMs, range.toMs, 3_600_000, 100),
          SPLIT
        ),
      `SELECT d.bucket, d.grp, ${AGG_PRICED} FROM ${aggregate({
        keys: 'u.`create_time` DIV ? AS bucket, u.`user_id` AS grp, ',
        groupKeys: 'bucket, grp, ',
        where: 'u.`create_time` BETWEEN ? AND ?',
        time: 'create_time',
      })}${JOIN} GROUP BY d.bucket, d.grp ORDER BY d.bucket, d.grp LIMIT ?`,
      [3_600_000, range.fromMs, range.toMs, ...PRICE_PARAMS, 50_001],
    ],
    [
      'unpriced models: usage stored without a cost and no matching price',
      () => unpricedModelsStatement(testSettings(), { range }, [PRICE]),
      `${UNPRICED_SELECT}${aggregate({ where: IN_RANGE, day: false })}${join(1, false)}` +
        ' WHERE d.null_requests > 0 AND p.model_key IS NULL GROUP BY d.model ORDER BY requests DESC, d.model LIMIT ?',
      [FROM, TO, 'gpt-4o', 0, day(Date.UTC(2026, 9, 11)), 2.5, 10, 50_001],
    ],
    [
      'unpriced models without any price: every model with usage stored without a cost',
      () => unpricedModelsStatement(testSettings(), { range }, []),
      `${UNPRICED_SELECT}${aggregate({ where: IN_RANGE, day: false })}` +
        ' WHERE d.null_requests > 0 GROUP BY d.model ORDER BY requests DESC, d.model LIMIT ?',
      [FROM, TO, 50_001],
    ],
  ])('%s', (_name, build, sql, params) => {
    expect(build()).toEqual({ sql, params });
  });
});

describe('cost statements stitched from rollups and raw rows', () => {
  const T0 = Date.UTC(2026, 10, 1);
  const H = 3_600_000;
  const D = 24 * H;

  it.each<[string, () => Statement, string, unknown[]]>([
    [
      'a breakdown by model: the raw edges and the hours and days in between, summed again per model',
      () =>
        costBreakdownStatement(
          testSettings(),
          {
            range: { fromMs: T0 + 3 * H + 17, toMs: T0 + 3 * D + 2 * H },
            tenants: ['t1'],
            plan: {
              rollups: [
                { grain: 'hour', fromMs: T0 + 4 * H, toMs: T0 + D },
                { grain: 'day', fromMs: T0 + D, toMs: T0 + 3 * D },
              ],
              raw: [
                { fromMs: T0 + 3 * H + 17, toMs: T0 + 4 * H - 1 },
                { fromMs: T0 + 3 * D, toMs: T0 + 3 * D + 2 * H },
              ],
            },
          },
          'model',
          'cost',
          10,
          []
        ),
      "SELECT d.grp, SUM(COALESCE(d.stored_cost, 0) + COALESCE(NULL, 0)) AS cost, SUM(NULL) AS estimated_cost, SUM(d.input_tokens) AS input_tokens, SUM(d.output_tokens) AS output_tokens, SUM(d.requests) AS requests, SUM(CASE WHEN FALSE THEN d.null_requests ELSE 0 END) AS estimated_requests, SUM(CASE WHEN FALSE THEN 0 ELSE d.null_requests END) AS unpriced_requests FROM (SELECT x.grp, x.model, SUM(x.stored_cost) AS stored_cost, SUM(x.input_tokens) AS input_tokens, SUM(x.output_tokens) AS output_tokens, SUM(x.requests) AS requests, SUM(x.null_input) AS null_input, SUM(x.null_output) AS null_output, SUM(x.null_requests) AS null_requests, MIN(x.null_first) AS null_first, MAX(x.null_last) AS null_last FROM (SELECT u.`model_name` AS grp, u.`model_name` AS model, SUM(u.`cost`) AS stored_cost, SUM(u.`input_tokens`) AS input_tokens, SUM(u.`output_tokens`) AS output_tokens, COUNT(*) AS requests, SUM(CASE WHEN u.`cost` IS NULL THEN u.`input_tokens` ELSE 0 END) AS null_input, SUM(CASE WHEN u.`cost` IS NULL THEN u.`output_tokens` ELSE 0 END) AS null_output, SUM(CASE WHEN u.`cost` IS NULL THEN 1 ELSE 0 END) AS null_requests, MIN(CASE WHEN u.`cost` IS NULL THEN TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 1000 END) AS null_first, MAX(CASE WHEN u.`cost` IS NULL THEN TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 1000 END) AS null_last FROM `token_usage_log` u WHERE (u.`timestamp` BETWEEN ? AND ? OR u.`timestamp` BETWEEN ? AND ?) AND u.`tenant_id` IN (?) GROUP BY grp, model UNION ALL SELECT CASE WHEN r.model_null = 1 THEN NULL ELSE r.model_name END AS grp, CASE WHEN r.model_null = 1 THEN NULL ELSE r.model_name END AS model, r.stored_cost, r.input_tokens, r.output_tokens, r.requests, r.null_input, r.null_output, r.null_requests, r.null_first, r.null_last FROM `token_usage_rollup_hour` r WHERE r.hour_index >= ? AND r.hour_index < ? AND r.`tenant_id` IN (?) UNION ALL SELECT CASE WHEN r.model_null = 1 THEN NULL ELSE r.model_name END AS grp, CASE WHEN r.model_null = 1 THEN NULL ELSE r.model_name END AS model, r.stored_cost, r.input_tokens, r.output_tokens, r.requests, r.null_input, r.null_output, r.null_requests, r.null_first, r.null_last FROM `token_usage_rollup_day` r WHERE r.day_index >= ? AND r.day_index < ? AND r.`tenant_id` IN (?)) x GROUP BY grp, model) d GROUP BY d.grp ORDER BY cost DESC, d.grp LIMIT ?",
      [
        '2026-11-01 03:00:00.017',
        '2026-11-01 03:59:59.999',
        '2026-11-04 00:00:00.000',
        '2026-11-04 02:00:00.000',
        't1',
        498196,
        498216,
        't1',
        20759,
        20761,
        't1',
        11,
      ],
    ],
    [
      "a user's daily series on a pinned datasource, all from the day × user table",
      () =>
        costTimeSeriesStatement(
          testSettings({ timeAxis: 'create_time', pinnedTenant: 't9' }),
          {
            range: { fromMs: T0, toMs: T0 + 2 * D - 1 },
            users: ['u1'],
            plan: { rollups: [{ grain: 'dayUser', fromMs: T0, toMs: T0 + 2 * D }], raw: [] },
          },
          'user',
          buckets(T0, T0 + 2 * D - 1, D, 100),
          []
        ),
      'SELECT d.bucket, d.grp, SUM(COALESCE(d.stored_cost, 0) + COALESCE(NULL, 0)) AS cost, SUM(NULL) AS estimated_cost, SUM(d.input_tokens) AS input_tokens, SUM(d.output_tokens) AS output_tokens, SUM(d.requests) AS requests, SUM(CASE WHEN FALSE THEN d.null_requests ELSE 0 END) AS estimated_requests, SUM(CASE WHEN FALSE THEN 0 ELSE d.null_requests END) AS unpriced_requests FROM (SELECT x.bucket, x.grp, x.model, SUM(x.stored_cost) AS stored_cost, SUM(x.input_tokens) AS input_tokens, SUM(x.output_tokens) AS output_tokens, SUM(x.requests) AS requests, SUM(x.null_input) AS null_input, SUM(x.null_output) AS null_output, SUM(x.null_requests) AS null_requests, MIN(x.null_first) AS null_first, MAX(x.null_last) AS null_last FROM (SELECT (r.day_index * 86400000) DIV ? AS bucket, CASE WHEN r.user_null = 1 THEN NULL ELSE r.user_id END AS grp, CASE WHEN r.model_null = 1 THEN NULL ELSE r.model_name END AS model, r.stored_cost, r.input_tokens, r.output_tokens, r.requests, r.null_input, r.null_output, r.null_requests, r.null_first, r.null_last FROM `token_usage_rollup_day_user` r WHERE r.day_index >= ? AND r.day_index < ? AND r.tenant_id = ? AND r.`user_id` IN (?)) x GROUP BY bucket, grp, model) d GROUP BY d.bucket, d.grp ORDER BY d.bucket, d.grp LIMIT ?',
      [86400000, 20758, 20760, 't9', 'u1', 50001],
    ],
  ])('%s', (_name, build, sql, params) => {
    expect(build()).toEqual({ sql, params });
  });
});
