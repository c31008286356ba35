/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Under jsdom, `yaml` would resolve to its untranspiled ESM browser build; its Node build is CommonJS.
import path from 'node:path';
import { PROVISIONED_UIDS } from '../shared/ids';
import { validateQuery, type LedgerQuery } from '../shared/queryModel';
import {
  BUILT_IN_DATASOURCE_UIDS,
  envReferences,
  readYaml,
  REPO_ROOT,
  stringsOf,
  yamlFiles,
} from './provisioningFiles';

// tools/ lies outside src's TypeScript root: Jest loads it (same transform), typed here.
const { AUDIT_ACTIONS } = jest.requireActual<{ AUDIT_ACTIONS: readonly string[] }>(
  path.join(REPO_ROOT, 'tools/seed/audit')
);

interface RuleQuery {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: Record<string, unknown> & { refId: string };
}

interface Rule {
  uid: string;
  title: string;
  condition: string;
  data: RuleQuery[];
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface Group {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: Rule[];
}

interface AlertingFile {
  apiVersion: number;
  groups: Group[];
}

const FILES = yamlFiles('alerting');
const files = FILES.map((file) => ({ file, content: readYaml(file) as AlertingFile }));
const groups = files.flatMap(({ content }) => content.groups);
const rules = groups.flatMap((g) => g.rules);
const EXPR = '__expr__';
const DURATION = /^(\d+(ms|s|m|h|d|w))+$/;
// Grafana's server-side expressions: types, reducers and threshold evaluators.
const EXPRESSION_TYPES = ['math', 'reduce', 'resample', 'classic_conditions', 'threshold', 'sql'];
const REDUCERS = ['sum', 'mean', 'min', 'max', 'count', 'last', 'median'];
const EVALUATORS = ['gt', 'lt', 'gte', 'lte', 'eq', 'ne', 'within_range', 'outside_range'];

const rule = (uid: string) => {
  const found = rules.find((r) => r.uid === uid);
  if (!found) {
    throw new Error(`no alert rule ${uid}`);
  }
  return found;
};
const ledgerQueryOf = (r: Rule): LedgerQuery => {
  const query = r.data.find((d) => d.datasourceUid === PROVISIONED_UIDS.ledger);
  const result = validateQuery(query?.model);
  if (!result.ok) {
    throw new Error(`${r.uid}: ${result.field}: ${result.message}`);
  }
  return result.query;
};
/** The threshold of a rule's condition: its evaluator and the expression it reads. */
const thresholdOf = (r: Rule) => {
  const condition = r.data.find((d) => d.refId === r.condition)!.model as unknown as {
    type: string;
    expression: string;
    conditions: Array<{ evaluator: { type: string; params: number[] } }>;
  };
  return { type: condition.type, expression: condition.expression, evaluator: condition.conditions[0].evaluator };
};
const reducerOf = (r: Rule, refId: string) => r.data.find((d) => d.refId === refId)!.model;

describe('provisioned alert rules', () => {
  it.each(FILES)('%s has the shape Grafana reads', (file) => {
    const content = readYaml(file) as AlertingFile;
    expect(content.apiVersion).toBe(1);
    expect(content.groups.length).toBeGreaterThan(0);
    for (const group of content.groups) {
      expect(group).toEqual({
        orgId: 1,
        name: expect.any(String),
        folder: 'LLM Ops',
        interval: expect.stringMatching(DURATION),
        rules: expect.any(Array),
      });
      for (const r of group.rules) {
        expect(r).toEqual({
          uid: expect.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/),
          title: expect.any(String),
          condition: expect.any(String),
          data: expect.any(Array),
          noDataState: expect.stringMatching(/^(NoData|Alerting|OK)$/),
          execErrState: expect.stringMatching(/^(Error|Alerting|OK)$/),
          for: expect.stringMatching(DURATION),
          labels: expect.any(Object),
          annotations: expect.objectContaining({ summary: expect.any(String) }),
        });
        for (const value of [...Object.values(r.labels), ...Object.values(r.annotations)]) {
          expect(typeof value).toBe('string');
        }
      }
    }
  });

  it('have unique uids, and unique titles within a folder', () => {
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.title)).size).toBe(rules.length);
    expect(new Set(groups.map((g) => `${g.folder}/${g.name}`)).size).toBe(groups.length);
  });

  it('write no $ where provisioning would expand it (labels, queries); annotations are kept as written', () => {
    for (const r of rules) {
      const expanded = stringsOf({ title: r.title, labels: r.labels, data: r.data, condition: r.condition });
      expect({ uid: r.uid, env: expanded.flatMap(({ text }) => envReferences(text)) }).toEqual({ uid: r.uid, env: [] });
    }
  });

  it.each(rules.map((r) => [r.uid, r] as const))('%s: its queries and expressions fit together', (_uid, r) => {
    const refIds = r.data.map((d) => d.refId);
    expect(new Set(refIds).size).toBe(refIds.length);
    expect(refIds).toContain(r.condition);
    const known = [...Object.values(PROVISIONED_UIDS), ...BUILT_IN_DATASOURCE_UIDS] as string[];
    r.data.forEach((d, i) => {
      expect(known).toContain(d.datasourceUid);
      expect(d.model.refId).toBe(d.refId);
      if (d.datasourceUid === EXPR) {
        expect(EXPRESSION_TYPES).toContain(d.model.type);
        // An expression reads a query or an expression listed before it.
        expect(refIds.slice(0, i)).toContain(d.model.expression);
        if (d.model.type === 'reduce') {
          expect(REDUCERS).toContain(d.model.reducer);
        }
        if (d.model.type === 'threshold') {
          const conditions = d.model.conditions as Array<{ evaluator: { type: string; params: unknown[] } }>;
          expect(conditions).toHaveLength(1);
          expect(EVALUATORS).toContain(conditions[0].evaluator.type);
          expect(conditions[0].evaluator.params.every((p) => typeof p === 'number')).toBe(true);
        }
      } else {
        expect(d.datasourceUid).toBe(PROVISIONED_UIDS.ledger);
        expect(d.relativeTimeRange!.from).toBeGreaterThan(d.relativeTimeRange!.to);
        expect(validateQuery(d.model)).toEqual(expect.objectContaining({ ok: true }));
      }
    });
    // The condition is an expression over the query, not the raw query.
    expect(r.data.find((d) => d.refId === r.condition)!.datasourceUid).toBe(EXPR);
    // Templates name only values the rule computes.
    for (const text of Object.values(r.annotations)) {
      for (const [, refId] of text.matchAll(/\$values\.(\w+)/g)) {
        expect(refIds).toContain(refId);
      }
    }
  });

  it("alert on a tenant's spend over the last 24 hours, one series per tenant summed", () => {
    const r = rule('llmops-daily-spend');
    const query = r.data.find((d) => d.refId === 'A')!;
    expect(query.relativeTimeRange).toEqual({ from: 86400, to: 0 });
    // costTimeSeries: one number series per tenant, labelled tenant (costBreakdown's table has
    // several number columns, which alerting rejects).
    expect(ledgerQueryOf(r)).toMatchObject({ queryType: 'costTimeSeries', groupBy: 'tenant', metric: 'cost' });
    expect(reducerOf(r, 'B')).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'sum' });
    expect(thresholdOf(r)).toEqual({ type: 'threshold', expression: 'B', evaluator: { type: 'gt', params: [5] } });
    expect(r.annotations.summary).toContain('$labels.tenant');
  });

  it('alert on budgets at 80, 95 and 100 %, from the one-number-per-tenant budget frame', () => {
    const levels = [
      ['llmops-budget-80', 'gt', 0.8, 'info'],
      ['llmops-budget-95', 'gt', 0.95, 'warning'],
      ['llmops-budget-100', 'gte', 1, 'critical'],
    ] as const;
    for (const [uid, type, threshold, severity] of levels) {
      const r = rule(uid);
      expect(ledgerQueryOf(r)).toMatchObject({ queryType: 'budget', forAlerting: true });
      expect(reducerOf(r, 'B')).toMatchObject({ type: 'reduce', expression: 'A' });
      expect(thresholdOf(r)).toEqual({ type: 'threshold', expression: 'B', evaluator: { type, params: [threshold] } });
      expect(r.labels.severity).toBe(severity);
      expect(r.annotations.summary).toContain('$labels.tenant');
    }
  });

  it('are evaluated every minute, but the audit chains, walked whole every 10 minutes', () => {
    expect(groups.map((g) => [g.name, g.interval])).toEqual([
      ['LLM spend', '1m'],
      ['Audit', '1m'],
      ['Audit integrity', '10m'],
    ]);
  });

  it('alert when an audit chain breaks: one number per chain, 1 when broken', () => {
    const r = rule('llmops-audit-tampered');
    expect(r.title).toBe('Audit trail tampered');
    expect(ledgerQueryOf(r)).toEqual({ refId: 'A', queryType: 'auditVerify', forAlerting: true });
    expect(reducerOf(r, 'B')).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'last' });
    expect(thresholdOf(r)).toEqual({ type: 'threshold', expression: 'B', evaluator: { type: 'gte', params: [1] } });
    expect(r.labels).toMatchObject({ category: 'security', severity: 'critical' });
    expect(r.annotations.summary).toContain('$labels.tenant');
  });

  it('alert on a burst of failed logins: USER_LOGIN_FAILURE counted over 15 minutes', () => {
    const r = rule('llmops-login-failures');
    expect(r.data.find((d) => d.refId === 'A')!.relativeTimeRange).toEqual({ from: 900, to: 0 });
    const query = ledgerQueryOf(r);
    expect(query).toMatchObject({ queryType: 'auditCounts', actions: ['USER_LOGIN_FAILURE'] });
    // The action name the application (and the seed) writes.
    expect(AUDIT_ACTIONS).toContain('USER_LOGIN_FAILURE');
    expect(reducerOf(r, 'B')).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'sum' });
    expect(thresholdOf(r)).toMatchObject({ type: 'threshold', expression: 'B', evaluator: { type: 'gt' } });
  });
});
