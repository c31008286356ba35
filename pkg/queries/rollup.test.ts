import { testSettings } from '../testing/settings';
import {
  holdLease,
  lateHours,
  rawDayTotals,
  rawExtent,
  rebuildDaysFromHours,
  rebuildFromRaw,
  rollupDayTotals,
  takeLease,
} from './rollup';
import type { Statement } from './sql';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 10, 1);
const s = testSettings();
const ct = testSettings({ timeAxis: 'create_time', pinnedTenant: 't9' });

describe('rollup job statements', () => {
  it.each<[string, () => Statement[], Statement[]]>([
    [
      "hours rebuilt from raw rows on the timestamp axis: NULL keys kept apart as '' with their flag",
      () => rebuildFromRaw(s, 'hour', T0, T0 + 2 * H),
      [
        {
          sql: 'DELETE FROM `token_usage_rollup_hour` WHERE hour_index >= ? AND hour_index < ?',
          params: [498192, 498194],
        },
        {
          sql: "INSERT INTO `token_usage_rollup_hour` (hour_index, tenant_null, tenant_id, model_null, model_name, requests, input_tokens, output_tokens, stored_cost, null_requests, null_input, null_output, null_first, null_last) SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 3600 AS bucket, u.`tenant_id` IS NULL, COALESCE(u.`tenant_id`, ''), u.`model_name` IS NULL, COALESCE(u.`model_name`, ''), COUNT(*), SUM(u.`input_tokens`), SUM(u.`output_tokens`), SUM(u.`cost`), SUM(CASE WHEN u.`cost` IS NULL THEN 1 ELSE 0 END), SUM(CASE WHEN u.`cost` IS NULL THEN u.`input_tokens` ELSE 0 END), SUM(CASE WHEN u.`cost` IS NULL THEN u.`output_tokens` ELSE 0 END), MIN(CASE WHEN u.`cost` IS NULL THEN TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 1000 END), MAX(CASE WHEN u.`cost` IS NULL THEN TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 1000 END) FROM `token_usage_log` u WHERE u.`timestamp` >= ? AND u.`timestamp` < ? GROUP BY bucket, u.`tenant_id`, u.`model_name`",
          params: ['2026-11-01 00:00:00.000', '2026-11-01 02:00:00.000'],
        },
      ],
    ],
    [
      "an hour × user rebuild on the create_time axis (a pinned datasource's job still rebuilds every tenant)",
      () => rebuildFromRaw(ct, 'hourUser', T0, T0 + D),
      [
        {
          sql: 'DELETE FROM `token_usage_rollup_hour_user` WHERE hour_index >= ? AND hour_index < ?',
          params: [498192, 498216],
        },
        {
          sql: "INSERT INTO `token_usage_rollup_hour_user` (hour_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name, requests, input_tokens, output_tokens, stored_cost, null_requests, null_input, null_output, null_first, null_last) SELECT u.`create_time` DIV 3600000 AS bucket, u.`tenant_id` IS NULL, COALESCE(u.`tenant_id`, ''), u.`user_id` IS NULL, COALESCE(u.`user_id`, ''), u.`model_name` IS NULL, COALESCE(u.`model_name`, ''), COUNT(*), SUM(u.`input_tokens`), SUM(u.`output_tokens`), SUM(u.`cost`), SUM(CASE WHEN u.`cost` IS NULL THEN 1 ELSE 0 END), SUM(CASE WHEN u.`cost` IS NULL THEN u.`input_tokens` ELSE 0 END), SUM(CASE WHEN u.`cost` IS NULL THEN u.`output_tokens` ELSE 0 END), MIN(CASE WHEN u.`cost` IS NULL THEN u.`create_time` END), MAX(CASE WHEN u.`cost` IS NULL THEN u.`create_time` END) FROM `token_usage_log` u WHERE u.`create_time` >= ? AND u.`create_time` < ? GROUP BY bucket, u.`tenant_id`, u.`user_id`, u.`model_name`",
          params: [1793491200000, 1793577600000],
        },
      ],
    ],
    [
      'days from the hour table',
      () => rebuildDaysFromHours('hour', T0, T0 + 2 * D),
      [
        { sql: 'DELETE FROM `token_usage_rollup_day` WHERE day_index >= ? AND day_index < ?', params: [20758, 20760] },
        {
          sql: 'INSERT INTO `token_usage_rollup_day` (day_index, tenant_null, tenant_id, model_null, model_name, requests, input_tokens, output_tokens, stored_cost, null_requests, null_input, null_output, null_first, null_last) SELECT hour_index DIV 24 AS bucket, tenant_null, tenant_id, model_null, model_name, SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(stored_cost), SUM(null_requests), SUM(null_input), SUM(null_output), MIN(null_first), MAX(null_last) FROM `token_usage_rollup_hour` WHERE hour_index >= ? AND hour_index < ? GROUP BY bucket, tenant_null, tenant_id, model_null, model_name',
          params: [498192, 498240],
        },
      ],
    ],
    [
      'days by user from the hour × user table',
      () => rebuildDaysFromHours('hourUser', T0, T0 + 2 * D),
      [
        {
          sql: 'DELETE FROM `token_usage_rollup_day_user` WHERE day_index >= ? AND day_index < ?',
          params: [20758, 20760],
        },
        {
          sql: 'INSERT INTO `token_usage_rollup_day_user` (day_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name, requests, input_tokens, output_tokens, stored_cost, null_requests, null_input, null_output, null_first, null_last) SELECT hour_index DIV 24 AS bucket, tenant_null, tenant_id, user_null, user_id, model_null, model_name, SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(stored_cost), SUM(null_requests), SUM(null_input), SUM(null_output), MIN(null_first), MAX(null_last) FROM `token_usage_rollup_hour_user` WHERE hour_index >= ? AND hour_index < ? GROUP BY bucket, tenant_null, tenant_id, user_null, user_id, model_null, model_name',
          params: [498192, 498240],
        },
      ],
    ],
    [
      'late rows: written since the mark, for an hour below the watermark',
      () => [lateHours(s, 1000, T0)],
      [
        {
          sql: "SELECT DISTINCT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 3600 AS hour_index FROM `token_usage_log` u WHERE u.`create_time` >= ? AND TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 1000 < ?",
          params: [1000, 1793491200000],
        },
      ],
    ],
    [
      'late rows on the create_time axis',
      () => [lateHours(ct, 1000, T0)],
      [
        {
          sql: 'SELECT DISTINCT u.`create_time` DIV 3600000 AS hour_index FROM `token_usage_log` u WHERE u.`create_time` >= ? AND u.`create_time` < ?',
          params: [1000, 1793491200000],
        },
      ],
    ],
    [
      'the raw day totals and the fingerprint of their tenant, user and model groups',
      () => [rawDayTotals(s, T0, T0 + 2 * D)],
      [
        {
          sql: "SELECT day_index, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests, BIT_XOR(CRC32(CONCAT_WS('|', COALESCE(LOWER(tenant), CHAR(0)), COALESCE(LOWER(usr), CHAR(0)), COALESCE(LOWER(model), CHAR(0)), requests, input_tokens, output_tokens, COALESCE(stored_cost, 'null'), null_requests))) AS keys_crc FROM (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', u.`timestamp`) DIV 86400 AS day_index, u.`tenant_id` AS tenant, u.`user_id` AS usr, u.`model_name` AS model, COUNT(*) AS requests, SUM(u.`input_tokens`) AS input_tokens, SUM(u.`output_tokens`) AS output_tokens, SUM(u.`cost`) AS stored_cost, SUM(CASE WHEN u.`cost` IS NULL THEN 1 ELSE 0 END) AS null_requests FROM `token_usage_log` u WHERE u.`timestamp` >= ? AND u.`timestamp` < ? GROUP BY day_index, tenant, usr, model) g GROUP BY day_index",
          params: ['2026-11-01 00:00:00.000', '2026-11-03 00:00:00.000'],
        },
      ],
    ],
    [
      "the day × user table's day totals and fingerprint",
      () => [rollupDayTotals('dayUser', T0, T0 + 2 * D)],
      [
        {
          sql: "SELECT day_index, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests, BIT_XOR(CRC32(CONCAT_WS('|', IF(tenant_null = 1, CHAR(0), LOWER(tenant_id)), IF(user_null = 1, CHAR(0), LOWER(user_id)), IF(model_null = 1, CHAR(0), LOWER(model_name)), requests, input_tokens, output_tokens, COALESCE(stored_cost, 'null'), null_requests))) AS keys_crc FROM (SELECT day_index AS day_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests FROM `token_usage_rollup_day_user` WHERE day_index >= ? AND day_index < ? GROUP BY day_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name) g GROUP BY day_index",
          params: [20758, 20760],
        },
      ],
    ],
    [
      "the hour × user table's, its hours summed per day and key first",
      () => [rollupDayTotals('hourUser', T0, T0 + 2 * D)],
      [
        {
          sql: "SELECT day_index, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests, BIT_XOR(CRC32(CONCAT_WS('|', IF(tenant_null = 1, CHAR(0), LOWER(tenant_id)), IF(user_null = 1, CHAR(0), LOWER(user_id)), IF(model_null = 1, CHAR(0), LOWER(model_name)), requests, input_tokens, output_tokens, COALESCE(stored_cost, 'null'), null_requests))) AS keys_crc FROM (SELECT hour_index DIV 24 AS day_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests FROM `token_usage_rollup_hour_user` WHERE hour_index >= ? AND hour_index < ? GROUP BY day_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name) g GROUP BY day_index",
          params: [498192, 498240],
        },
      ],
    ],
    [
      "the hour table's totals per day",
      () => [rollupDayTotals('hour', T0, T0 + 2 * D)],
      [
        {
          sql: 'SELECT hour_index DIV 24 AS day_index, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(stored_cost) AS stored_cost, SUM(null_requests) AS null_requests FROM `token_usage_rollup_hour` WHERE hour_index >= ? AND hour_index < ? GROUP BY hour_index DIV 24',
          params: [498192, 498240],
        },
      ],
    ],
    [
      'the lease: taken only where nobody else holds an unexpired one',
      () => [takeLease('h:1', 300)],
      [
        {
          sql: 'UPDATE `token_usage_rollup_state` SET lease_owner = ?, lease_until = UTC_TIMESTAMP(3) + INTERVAL ? SECOND WHERE id = 1 AND (lease_owner = ? OR lease_until IS NULL OR lease_until < UTC_TIMESTAMP(3))',
          params: ['h:1', 300, 'h:1'],
        },
      ],
    ],
    [
      "the lease held, the state row locked, inside a bucket's transaction",
      () => [holdLease('h:1')],
      [
        {
          sql: 'SELECT id FROM `token_usage_rollup_state` WHERE id = 1 AND lease_owner = ? AND lease_until > UTC_TIMESTAMP(3) FOR UPDATE',
          params: ['h:1'],
        },
      ],
    ],
    [
      "the raw table's first instant and highest create_time",
      () => [rawExtent(s)],
      [
        {
          sql: "SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', MIN(u.`timestamp`)) DIV 1000 AS first_ms, MAX(u.`create_time`) AS ct_high FROM `token_usage_log` u",
          params: [],
        },
      ],
    ],
    [
      'the same on the create_time axis',
      () => [rawExtent(ct)],
      [
        {
          sql: 'SELECT MIN(u.`create_time`) AS first_ms, MAX(u.`create_time`) AS ct_high FROM `token_usage_log` u',
          params: [],
        },
      ],
    ],
  ])('%s', (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });
});
