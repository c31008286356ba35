import type { PriceInterval } from '../pricing/priceList';
import { testSettings } from '../testing/settings';
import { hasTraceColumns, topCallsStatement, traceColumnsStatement } from './topCalls';
import type { Statement } from './sql';

const range = { fromMs: Date.UTC(2026, 9, 1), toMs: Date.UTC(2026, 9, 2) };
const FROM = '2026-10-01 00:00:00.000';
const TO = '2026-10-02 00:00:00.000';
const END_DAY = Date.UTC(9999, 11, 31) / 86_400_000;
/** One price for the whole range: matched by model only. */
const GPT: PriceInterval = {
  model: 'gpt-4o',
  fromMs: 0,
  toMs: Date.UTC(9999, 11, 31),
  inputPerMillion: 2.5,
  outputPerMillion: 10,
  source: 'catalog',
};
/** A price that starts inside the range: matched by model and day. */
const HOUSE: PriceInterval = {
  ...GPT,
  model: 'house-model',
  fromMs: range.fromMs + 3_600_000,
  inputPerMillion: 1,
  outputPerMillion: 30,
  source: 'datasource',
};

const ROW = 'SELECT ? AS model_key, ? AS from_day, ? AS to_day, ? AS input_per_m, ? AS output_per_m';
const MODEL_KEY = "p.model_key = LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(u.`model_name`, '@', 1), '/', -1))";
const DAY = "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 86400";
const ESTIMATE = '(u.`input_tokens` * p.input_per_m + u.`output_tokens` * p.output_per_m) / 1000000';

/** The whole statement, from the parts that differ between cases. */
function expected(o: {
  time?: string;
  where: string;
  join: string;
  estimate?: string;
  candidate: string;
  traces: boolean;
}): string {
  const time = o.time ?? 'u.`timestamp`';
  const threshold = `(SELECT (SELECT u.\`cost\` FROM \`token_usage_log\` u WHERE ${o.where} AND u.\`cost\` IS NOT NULL ORDER BY u.\`cost\` DESC LIMIT 1 OFFSET ?) AS cost) th`;
  const top =
    `(SELECT u.\`id\` AS call_id, ${time} AS call_time, u.\`tenant_id\` AS tenant_id, u.\`user_id\` AS user_id, u.\`model_name\` AS model, ` +
    `u.\`input_tokens\` AS input_tokens, u.\`output_tokens\` AS output_tokens, COALESCE(u.\`cost\`, ${o.estimate ?? ESTIMATE}) AS call_cost ` +
    `FROM \`token_usage_log\` u CROSS JOIN ${threshold}${o.join} WHERE ${o.where}${o.candidate} ` +
    'ORDER BY call_cost DESC, call_time DESC, call_id LIMIT ?) t';
  return (
    'SELECT t.call_id, t.call_time, t.tenant_id, t.user_id, t.model, t.input_tokens, t.output_tokens, t.call_cost, ' +
    (o.traces ? 'x.`trace_id` AS trace_id, x.`span_id` AS span_id' : 'NULL AS trace_id, NULL AS span_id') +
    ` FROM ${top}` +
    (o.traces ? ' JOIN `token_usage_log` x ON x.`id` = t.call_id' : '') +
    ' ORDER BY t.call_cost DESC, t.call_time DESC, t.call_id'
  );
}

const CANDIDATE =
  ' AND (th.cost IS NULL OR u.`cost` >= th.cost OR (u.`cost` IS NULL AND (u.`input_tokens` * ? + u.`output_tokens` * ?) / 1e6 + ? >= th.cost))';
const IN_RANGE = 'u.`timestamp` BETWEEN ? AND ?';

describe('top calls statement', () => {
  it.each<[string, () => Statement, string, unknown[]]>([
    [
      'one price per model in the range: a threshold from the stored costs, then the candidates priced by model',
      () => topCallsStatement(testSettings(), { range }, [GPT], { limit: 20, traceColumns: true }),
      expected({
        where: IN_RANGE,
        join: ` LEFT JOIN (${ROW}) p ON ${MODEL_KEY}`,
        candidate: CANDIDATE,
        traces: true,
      }),
      [FROM, TO, 19, 'gpt-4o', 0, END_DAY, 2.5, 10, FROM, TO, 2.5, 10, 0.0001, 20],
    ],
    [
      'a price that starts in the range: the candidates priced by model and day; the bound takes the highest prices',
      () => topCallsStatement(testSettings(), { range }, [GPT, HOUSE], { limit: 5, traceColumns: true }),
      expected({
        where: IN_RANGE,
        join: ` LEFT JOIN (${ROW} UNION ALL SELECT ?, ?, ?, ?, ?) p ON ${MODEL_KEY} AND ${DAY} >= p.from_day AND ${DAY} < p.to_day`,
        candidate: CANDIDATE,
        traces: true,
      }),
      [
        ...[FROM, TO, 4],
        ...['gpt-4o', 0, END_DAY, 2.5, 10, 'house-model', range.fromMs / 86_400_000, END_DAY, 1, 30],
        ...[FROM, TO, 2.5, 30, 0.0001, 5],
      ],
    ],
    [
      'filters and the pinned tenant in both reads, as every cost statement has them',
      () =>
        topCallsStatement(
          testSettings({ pinnedTenant: 't1' }),
          { range, tenants: ['t2'], users: ['ana'], models: ['a', 'b'] },
          [GPT],
          { limit: 3, traceColumns: true }
        ),
      expected({
        where: `${IN_RANGE} AND u.\`tenant_id\` = ? AND u.\`tenant_id\` IN (?) AND u.\`user_id\` IN (?) AND u.\`model_name\` IN (?, ?)`,
        join: ` LEFT JOIN (${ROW}) p ON ${MODEL_KEY}`,
        candidate: CANDIDATE,
        traces: true,
      }),
      [
        ...[FROM, TO, 't1', 't2', 'ana', 'a', 'b', 2],
        ...['gpt-4o', 0, END_DAY, 2.5, 10],
        ...[FROM, TO, 't1', 't2', 'ana', 'a', 'b', 2.5, 10, 0.0001, 3],
      ],
    ],
    [
      'no trace columns: the ids are NULL and the rows are not read again',
      () => topCallsStatement(testSettings(), { range }, [GPT], { limit: 20, traceColumns: false }),
      expected({
        where: IN_RANGE,
        join: ` LEFT JOIN (${ROW}) p ON ${MODEL_KEY}`,
        candidate: CANDIDATE,
        traces: false,
      }),
      [FROM, TO, 19, 'gpt-4o', 0, END_DAY, 2.5, 10, FROM, TO, 2.5, 10, 0.0001, 20],
    ],
    [
      'no price in the range: calls without a stored cost have none, and only stored costs are candidates',
      () => topCallsStatement(testSettings(), { range }, [], { limit: 20, traceColumns: true }),
      expected({
        where: IN_RANGE,
        join: '',
        estimate: 'NULL',
        candidate: ' AND (th.cost IS NULL OR u.`cost` >= th.cost)',
        traces: true,
      }),
      [FROM, TO, 19, FROM, TO, 20],
    ],
    [
      'the create_time axis, renamed columns and table',
      () =>
        topCallsStatement(
          testSettings({
            timeAxis: 'create_time',
            usageTable: 'llm_calls',
            usageColumns: { id: 'call_id', cost: 'usd' },
          }),
          { range },
          [],
          { limit: 1, traceColumns: true }
        ),
      expected({
        time: 'u.`create_time`',
        where: 'u.`create_time` BETWEEN ? AND ?',
        join: '',
        estimate: 'NULL',
        candidate: ' AND (th.cost IS NULL OR u.`usd` >= th.cost)',
        traces: true,
      })
        .replaceAll('`token_usage_log`', '`llm_calls`')
        .replaceAll('u.`cost`', 'u.`usd`')
        .replace('u.`id` AS call_id', 'u.`call_id` AS call_id')
        .replace('x.`id` = t.call_id', 'x.`call_id` = t.call_id'),
      [range.fromMs, range.toMs, 0, range.fromMs, range.toMs, 1],
    ],
  ])('%s', (_name, build, sql, params) => {
    expect(build()).toEqual({ sql, params });
  });
});

describe('trace columns', () => {
  it('are looked up in information_schema with the table and column names as values', () => {
    expect(traceColumnsStatement(testSettings({ usageTable: 'llm_calls' }))).toEqual({
      sql: 'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME IN (?, ?)',
      params: ['llm_calls', 'trace_id', 'span_id'],
    });
  });

  it.each<[string[], boolean]>([
    [['trace_id', 'span_id'], true],
    [['TRACE_ID', 'Span_Id', 'parent_span_id'], true],
    [['trace_id'], false],
    [['span_id', 'parent_span_id'], false],
    [[], false],
  ])('%j → %p', (columns, present) => {
    expect(hasTraceColumns(columns)).toBe(present);
  });
});
