import { testSettings } from '../testing/settings';
import { variableValuesPlan, type VariableValuesInput } from './variableValues';

const settings = testSettings;

const range = { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 8) };
const FROM = '2026-11-01 00:00:00.000';
const TO = '2026-11-08 00:00:00.000';

describe('variableValuesPlan', () => {
  it.each<[string, object, VariableValuesInput, string, unknown[]]>([
    [
      'tenants on the timestamp axis',
      {},
      { variable: 'tenants', range },
      'SELECT DISTINCT `tenant_id` AS value FROM `token_usage_log` WHERE `timestamp` BETWEEN ? AND ? AND `tenant_id` IS NOT NULL ORDER BY value LIMIT ?',
      [FROM, TO, 1001],
    ],
    [
      'users on the create_time axis with a limit',
      { timeAxis: 'create_time' },
      { variable: 'users', range, limit: 10 },
      'SELECT DISTINCT `user_id` AS value FROM `token_usage_log` WHERE `create_time` BETWEEN ? AND ? AND `user_id` IS NOT NULL ORDER BY value LIMIT ?',
      [range.fromMs, range.toMs, 11],
    ],
    [
      'models from a renamed column, searched (wildcards escaped)',
      { usageColumns: { model: 'llm_name' } },
      { variable: 'models', range, search: 'gpt_4%' },
      "SELECT DISTINCT `llm_name` AS value FROM `token_usage_log` WHERE `timestamp` BETWEEN ? AND ? AND `llm_name` IS NOT NULL AND `llm_name` LIKE ? ESCAPE '!' ORDER BY value LIMIT ?",
      [FROM, TO, '%gpt!_4!%%', 1001],
    ],
    [
      'actions from the audit table of a pinned datasource',
      { pinnedTenant: 't1', auditTable: 'ragflow_audit' },
      { variable: 'actions', range },
      'SELECT DISTINCT `action` AS value FROM `ragflow_audit` WHERE `create_time` BETWEEN ? AND ? AND `action` IS NOT NULL AND `tenant_id` = ? ORDER BY value LIMIT ?',
      [range.fromMs, range.toMs, 't1', 1001],
    ],
    [
      'a limit capped by the datasource max rows',
      { maxRows: 5 },
      { variable: 'tenants', range, limit: 100 },
      'SELECT DISTINCT `tenant_id` AS value FROM `token_usage_log` WHERE `timestamp` BETWEEN ? AND ? AND `tenant_id` IS NOT NULL ORDER BY value LIMIT ?',
      [FROM, TO, 6],
    ],
  ])('%s', (_label, jsonData, input, sql, params) => {
    const plan = variableValuesPlan(settings(jsonData), input);
    expect(plan.statement).toEqual({ sql, params });
  });

  it('passes hostile search text only as a parameter', () => {
    const plan = variableValuesPlan(settings(), {
      variable: 'tenants',
      range,
      search: "x' OR 1=1; DROP TABLE audit_log; --",
    });
    expect(plan.statement.sql).not.toContain('DROP');
    expect(plan.statement.params).toContain("%x' OR 1=1; DROP TABLE audit!_log; --%");
    expect(plan.statement).toEqual({
      sql: "SELECT DISTINCT `tenant_id` AS value FROM `token_usage_log` WHERE `timestamp` BETWEEN ? AND ? AND `tenant_id` IS NOT NULL AND `tenant_id` LIKE ? ESCAPE '!' ORDER BY value LIMIT ?",
      params: [FROM, TO, "%x' OR 1=1; DROP TABLE audit!_log; --%", 1001],
    });
  });
});
