/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Under jsdom, `yaml` would resolve to its untranspiled ESM browser build; its Node build is CommonJS.
import fs from 'node:fs';
import path from 'node:path';
import { interpolateQuery, LIST_FIELDS, type Interpolate } from '../datasource/templating';
import { SECURITY_ACTIONS } from '../pages/Audit/auditQueries';
import {
  expressionsOf,
  jaegerSearchQuery,
  serviceHealthQueries,
  type HealthExpression,
} from '../pages/ServiceHealth/serviceHealthQueries';
import { LEVEL_VARIABLE, LEVEL_VARIABLE_REGEX } from '../pages/ServiceHealth/levelVariable';
import { PROVISIONED_UIDS } from '../shared/ids';
import { validateQuery } from '../shared/queryModel';
import { RESULT_FRAMES, displayNameOf, fixedFields, type ResultFrameName } from '../shared/resultFrames';
import { ALL_VALUE, VARIABLES } from '../shared/queryTypes';
import {
  BUILT_IN_DATASOURCE_UIDS,
  DASHBOARD_FILES,
  DASHBOARDS_DIR,
  datasourceRefsOf,
  panelsOf,
  panelTargets,
  PROVISIONED_SERVICE,
  PROVISIONED_TYPES,
  provisionedLogql,
  provisionedPromql,
  readDashboard,
  SRC_DIR,
  type Dashboard,
  type DashboardTarget,
} from './provisioningFiles';

const dashboards = DASHBOARD_FILES.map((file) => ({ file, dashboard: readDashboard(file) }));
const LEDGER = PROVISIONED_UIDS.ledger;

/** Sample values for every variable the dashboards use (a tenant id, a user id, a model…). */
const SAMPLES: Record<string, string[]> = {
  tenant: ['e3176800f80d11ef9000ca7a00000000', '60cf29bcff2011ef900cca7a0000000c'],
  user: ['e3176800f80d11ef9000ca7a00000000'],
  model: ['gpt-4o-mini'],
  action: ['USER_LOGIN_FAILURE', 'KB_CREATE'],
  search: ['kb'],
  level: ['error', 'warning'],
};
const VARIABLE_REF = /\$\{(\w+)(?::[\w-]+)?\}|\$(\w+)|\[\[(\w+)(?::[\w-]+)?\]\]/g;

/** Grafana's replacement with sample values (or All for every variable, when `all`). */
function sampleInterpolate(all: boolean): Interpolate {
  return (text, format) =>
    text.replace(VARIABLE_REF, (match, a?: string, b?: string, c?: string) => {
      const name = a ?? b ?? c ?? '';
      const values = all ? [ALL_VALUE] : SAMPLES[name];
      if (values === undefined) {
        return match;
      }
      return format ? format(values) : values.join(',');
    });
}

/** The names of the variables a value refers to (Grafana's `$__…` built-ins left out). */
function variablesIn(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(VARIABLE_REF)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((name) => !name.startsWith('__'));
}

interface LedgerUse {
  file: string;
  where: string;
  query: DashboardTarget | Record<string, unknown>;
}

/** Every ledger query of a dashboard: panel targets, variable queries and annotation targets. */
function ledgerQueries(file: string, dashboard: Dashboard): LedgerUse[] {
  const uses: LedgerUse[] = [];
  for (const panel of panelsOf(dashboard)) {
    for (const { datasource, target } of panelTargets(panel)) {
      if (datasource?.uid === LEDGER) {
        uses.push({ file, where: `${panel.title}/${target.refId}`, query: target });
      }
    }
  }
  for (const variable of dashboard.templating.list) {
    if (variable.datasource?.uid === LEDGER) {
      uses.push({ file, where: `variable ${variable.name}`, query: variable.query as Record<string, unknown> });
    }
  }
  for (const annotation of dashboard.annotations.list) {
    if (annotation.datasource.uid === LEDGER) {
      uses.push({ file, where: `annotation ${annotation.name}`, query: annotation.target ?? {} });
    }
  }
  return uses;
}

const allLedgerQueries = dashboards.flatMap(({ file, dashboard }) => ledgerQueries(file, dashboard));

describe('the dashboards', () => {
  it.each(DASHBOARD_FILES)('%s has the shape Grafana imports', (file) => {
    const d = readDashboard(file);
    expect(d.uid).toBe(`llmops-${file.replace(/\.json$/, '')}`);
    expect(d.title).toEqual(expect.any(String));
    expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(d.time).toEqual({ from: expect.stringMatching(/^now-\d+[mhd]$/), to: 'now' });
    expect((d as unknown as Record<string, unknown>).id).toBeUndefined();
    const panels = panelsOf(d);
    expect(panels.length).toBeGreaterThan(0);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels) {
      expect(panel).toEqual(
        expect.objectContaining({ id: expect.any(Number), type: expect.any(String), title: expect.any(String) })
      );
      const { x, y, w, h } = panel.gridPos;
      expect([x, y, w, h].every(Number.isInteger)).toBe(true);
      expect(x + w).toBeLessThanOrEqual(24);
      expect(w * h).toBeGreaterThan(0);
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(refIds.length).toBeGreaterThan(0);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
    const names = d.templating.list.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    // Grafana's own annotations come first, as in every dashboard it saves.
    expect(d.annotations.list[0]).toMatchObject({ builtIn: 1, datasource: { uid: '-- Grafana --' } });
  });

  it('have unique uids and titles', () => {
    expect(new Set(dashboards.map(({ dashboard }) => dashboard.uid)).size).toBe(dashboards.length);
    expect(new Set(dashboards.map(({ dashboard }) => dashboard.title)).size).toBe(dashboards.length);
  });

  it('name only provisioned datasources (panels, targets, variables, annotations), with their types', () => {
    const known = [...Object.values(PROVISIONED_UIDS), ...BUILT_IN_DATASOURCE_UIDS] as string[];
    for (const { file, dashboard } of dashboards) {
      const refs = datasourceRefsOf(dashboard);
      expect(refs.length).toBeGreaterThan(0);
      for (const { at, ref } of refs) {
        const { uid, type } = (ref ?? {}) as { uid?: string; type?: string };
        expect({ file, at, uid }).toEqual({ file, at, uid: expect.any(String) });
        expect(known).toContain(uid);
        if (uid !== undefined && PROVISIONED_TYPES[uid] !== undefined) {
          expect({ file, at, type }).toEqual({ file, at, type: PROVISIONED_TYPES[uid] });
        }
      }
    }
  });

  it('refer only to variables they define', () => {
    for (const { file, dashboard } of dashboards) {
      const defined = new Set(dashboard.templating.list.map((v) => v.name));
      const used = variablesIn({ panels: dashboard.panels, annotations: dashboard.annotations });
      expect({ file, undefined: used.filter((name) => !defined.has(name)) }).toEqual({ file, undefined: [] });
    }
  });

  it('filter the ledger by tenant, user and model through its multi-value query variables with All = *', () => {
    for (const { dashboard } of dashboards.filter(({ file }) => file !== 'service-health.json')) {
      const ledgerVariables = dashboard.templating.list.filter((v) => v.datasource?.uid === LEDGER);
      expect(ledgerVariables.map((v) => v.name)).toEqual(expect.arrayContaining(['tenant', 'user']));
      for (const v of ledgerVariables) {
        expect(v).toMatchObject({ type: 'query', multi: true, includeAll: true, allValue: ALL_VALUE });
        const query = v.query as { queryType: string; variable: string };
        expect(query.queryType).toBe('variableValues');
        expect(VARIABLES).toContain(query.variable);
        expect(query.variable).toBe(`${v.name}s`);
      }
    }
    const cost = dashboards.find(({ file }) => file === 'cost-overview.json')!.dashboard;
    expect(cost.templating.list.map((v) => v.name)).toEqual(['tenant', 'user', 'model']);
  });

  it('send ledger queries that the backend accepts, with sample values and with All', () => {
    expect(allLedgerQueries.length).toBeGreaterThan(10);
    for (const all of [false, true]) {
      for (const { file, where, query } of allLedgerQueries) {
        const interpolated = interpolateQuery(query as Record<string, string[]>, sampleInterpolate(all));
        const result = validateQuery(interpolated);
        expect({ file, where, result }).toEqual({ file, where, result: expect.objectContaining({ ok: true }) });
        // Every list entry was a variable or a literal: nothing is left to replace.
        for (const field of LIST_FIELDS) {
          expect(variablesIn((interpolated as Record<string, unknown>)[field] ?? [])).toEqual([]);
        }
      }
    }
  });

  it('give every ledger panel query a query type and a refId', () => {
    for (const { where, query } of allLedgerQueries.filter((u) => !u.where.startsWith('variable'))) {
      expect({ where, refId: query.refId, queryType: query.queryType }).toEqual({
        where,
        refId: expect.any(String),
        queryType: expect.any(String),
      });
    }
  });

  it("pick fields of their query's frame, as the result contract declares them", () => {
    const picks = dashboards.flatMap(({ file, dashboard }) =>
      panelsOf(dashboard).flatMap((panel) => {
        const pattern = (panel as { options?: { reduceOptions?: { fields?: string } } }).options?.reduceOptions?.fields;
        const types = (panel.targets ?? []).map((t) => t.queryType).filter((t): t is string => typeof t === 'string');
        return pattern && types.length > 0 ? [{ where: `${file}#${panel.title}`, pattern, types }] : [];
      })
    );
    expect(picks.length).toBeGreaterThan(3);
    for (const { where, pattern, types } of picks) {
      const names = types.flatMap((type) =>
        type in RESULT_FRAMES ? fixedFields(RESULT_FRAMES[type as ResultFrameName]).map(displayNameOf) : []
      );
      const regex = new RegExp(pattern.slice(1, pattern.lastIndexOf('/')));
      expect({ where, matched: names.filter((n) => regex.test(n)).length > 0 }).toEqual({ where, matched: true });
    }
  });

  it('mark security events on the audit dashboard with an auditEvents annotation query', () => {
    const audit = dashboards.find(({ file }) => file === 'audit.json')!.dashboard;
    const annotation = audit.annotations.list.find((a) => a.datasource.uid === LEDGER);
    expect(annotation).toMatchObject({
      enable: true,
      target: { queryType: 'auditEvents', asAnnotations: true, actions: [...SECURITY_ACTIONS] },
    });
  });

  describe('service health', () => {
    const dashboard = dashboards.find(({ file }) => file === 'service-health.json')!.dashboard;
    const levelRegex = `\${${LEVEL_VARIABLE}:pipe}`;
    const expected = serviceHealthQueries(PROVISIONED_SERVICE, { levelRegex });
    const targets = panelsOf(dashboard).flatMap((panel) =>
      panelTargets(panel).map(({ datasource, target }) => ({ uid: datasource?.uid, target }))
    );

    it("sends the page's expressions for ragflow, each once, to the right datasource", () => {
      expect(LEVEL_VARIABLE_REGEX).toBe(levelRegex);
      const sent = targets.filter(({ target }) => typeof target.expr === 'string');
      const byName = (e: HealthExpression) => sent.filter(({ target }) => target.refId === e.name);
      for (const e of expected) {
        const found = byName(e);
        expect({ name: e.name, count: found.length }).toEqual({ name: e.name, count: 1 });
        expect(found[0].target.expr).toBe(e.expr);
        expect(found[0].uid).toBe(e.language === 'promql' ? PROVISIONED_UIDS.prometheus : PROVISIONED_UIDS.loki);
        if (e.legend !== undefined) {
          expect(found[0].target.legendFormat).toBe(e.legend);
        }
      }
      expect(sent).toHaveLength(expected.length);
    });

    it('offers the log level filter the page has', () => {
      const level = dashboard.templating.list.find((v) => v.name === LEVEL_VARIABLE);
      expect(level).toMatchObject({ type: 'custom', multi: true, includeAll: true, allValue: '.*' });
    });

    it("lists the service's latest traces from Jaeger", () => {
      const traces = targets.filter(({ uid }) => uid === PROVISIONED_UIDS.jaeger);
      expect(traces.map(({ target }) => target)).toEqual([
        expect.objectContaining(jaegerSearchQuery(PROVISIONED_SERVICE)),
      ]);
    });
  });

  describe('every PromQL and LogQL expression', () => {
    it("of the dashboards is one of serviceHealthQueries'; the Jaeger link's request rate is listed too", () => {
      const promql = provisionedPromql();
      const fromPage = expressionsOf(serviceHealthQueries(PROVISIONED_SERVICE), 'promql').map((e) => e.expr);
      const dashboardExprs = promql.filter((p) => p.source.includes('.json#'));
      expect(dashboardExprs.map((p) => p.expr)).toEqual(fromPage);
      const links = promql.filter((p) => p.source.startsWith('datasources/'));
      expect(links).toEqual([
        {
          source: 'datasources/jaeger.yaml:tracesToMetrics.Request rate',
          expr: `sum by (status) (rate(flask_http_request_total{job="${PROVISIONED_SERVICE}"}[5m]))`,
        },
      ]);
      expect(promql).toHaveLength(fromPage.length + links.length);
    });

    it('of LogQL is one of serviceHealthQueries (with the level variable)', () => {
      const fromPage = expressionsOf(
        serviceHealthQueries(PROVISIONED_SERVICE, { levelRegex: LEVEL_VARIABLE_REGEX }),
        'logql'
      ).map((e) => e.expr);
      expect(provisionedLogql().map((e) => e.expr)).toEqual(fromPage);
    });
  });
});

describe("the app's plugin.json", () => {
  const pluginJson = JSON.parse(fs.readFileSync(path.join(SRC_DIR, 'plugin.json'), 'utf8')) as {
    includes: Array<{ type: string; name?: string; path?: string }>;
  };
  const included = pluginJson.includes.filter((i) => i.type === 'dashboard');

  it('includes each dashboard once, under dashboards/, by its title', () => {
    expect(included.map((i) => i.path).sort()).toEqual(DASHBOARD_FILES.map((f) => `dashboards/${f}`).sort());
    for (const include of included) {
      const file = path.basename(include.path!);
      expect(include.name).toBe(readDashboard(file).title);
    }
  });

  it('includes only files that exist, and every JSON file in src/dashboards is included', () => {
    for (const include of included) {
      expect(fs.existsSync(path.join(SRC_DIR, include.path!))).toBe(true);
    }
    const onDisk = fs.readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json'));
    expect(onDisk.sort()).toEqual([...DASHBOARD_FILES].sort());
  });
});
