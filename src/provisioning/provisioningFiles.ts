/**
 * Reads what `provisioning/` and `src/dashboards/` hold, for the structural tests beside this file
 * and for the checks that run the expressions on real services (every PromQL expression a
 * provisioned dashboard or datasource sends is listed by `provisionedPromql`). Node only: it reads
 * files, and is imported by tests, never by the plugin's bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROVISIONED_UIDS } from '../shared/ids';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const PROVISIONING_DIR = path.join(REPO_ROOT, 'provisioning');
export const SRC_DIR = path.join(REPO_ROOT, 'src');
export const DASHBOARDS_DIR = path.join(SRC_DIR, 'dashboards');

/** The monitored service the provisioned dashboards and datasources are written for. */
export const PROVISIONED_SERVICE = 'ragflow';

/** Grafana's own datasources that a dashboard or an alert rule may name besides the provisioned ones. */
export const BUILT_IN_DATASOURCE_UIDS = ['-- Grafana --', '__expr__'] as const;

/** The plugin type of each provisioned datasource. */
export const PROVISIONED_TYPES: Record<string, string> = {
  [PROVISIONED_UIDS.ledger]: 'llmops-ledger-datasource',
  [PROVISIONED_UIDS.prometheus]: 'prometheus',
  [PROVISIONED_UIDS.loki]: 'loki',
  [PROVISIONED_UIDS.jaeger]: 'jaeger',
};

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** A provisioning file, parsed; `rel` is relative to `provisioning/`. */
export function readYaml(rel: string): unknown {
  return parse(readText(path.join(PROVISIONING_DIR, rel)));
}

/** The YAML files of one provisioning directory (`datasources`, `alerting`…), relative to `provisioning/`. */
export function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(PROVISIONING_DIR, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/**
 * What Grafana makes of a string in a provisioning file: `$$` is a literal `$`, `$NAME` and
 * `${NAME}` are replaced from its environment (here `env`; unset names become empty, as in Grafana).
 */
export function expandEnv(text: string, env: Record<string, string> = {}): string {
  return text.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) =>
    match === '$$' ? '$' : (env[braced ?? bare ?? ''] ?? '')
  );
}

/** The environment variables a provisioning string reads (`$NAME`, `${NAME}`; `$$` is not one). */
export function envReferences(text: string): string[] {
  const names: string[] = [];
  text.replace(/\$\$|\$\{(\w+)\}|\$(\w+)|\$/g, (match, braced?: string, bare?: string) => {
    if (match !== '$$') {
      names.push(braced ?? bare ?? match);
    }
    return match;
  });
  return names;
}

/** Every string in a parsed YAML/JSON value, with its dotted path. */
export function stringsOf(value: unknown, at = ''): Array<{ at: string; text: string }> {
  if (typeof value === 'string') {
    return [{ at, text: value }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => stringsOf(v, `${at}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringsOf(v, at === '' ? k : `${at}.${k}`));
  }
  return [];
}

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface DashboardTarget {
  refId: string;
  datasource?: DataSourceRef;
  [key: string]: unknown;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef;
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface DashboardVariable {
  name: string;
  type: string;
  datasource?: DataSourceRef;
  query?: unknown;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
}

export interface DashboardAnnotation {
  name: string;
  datasource: DataSourceRef;
  enable: boolean;
  builtIn?: number;
  target?: Record<string, unknown>;
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  tags?: string[];
  time: { from: string; to: string };
  panels: DashboardPanel[];
  templating: { list: DashboardVariable[] };
  annotations: { list: DashboardAnnotation[] };
}

/** The dashboards the app ships, by file name in src/dashboards/ (also its plugin.json includes). */
export const DASHBOARD_FILES = ['cost-overview.json', 'audit.json', 'service-health.json'] as const;

export function readDashboard(file: string): Dashboard {
  return JSON.parse(readText(path.join(DASHBOARDS_DIR, file))) as Dashboard;
}

/** Panels at every depth (rows may hold panels). */
export function panelsOf(dashboard: Dashboard): DashboardPanel[] {
  const walk = (panels: DashboardPanel[]): DashboardPanel[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return walk(dashboard.panels);
}

/** Every query of a panel, with the datasource it goes to (its own, or else the panel's). */
export function panelTargets(panel: DashboardPanel): Array<{ datasource?: DataSourceRef; target: DashboardTarget }> {
  return (panel.targets ?? []).map((target) => ({ datasource: target.datasource ?? panel.datasource, target }));
}

/** Every `datasource` reference in a dashboard (panels, targets, variables, annotations), with its path. */
export function datasourceRefsOf(value: unknown, at = ''): Array<{ at: string; ref: unknown }> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => datasourceRefsOf(v, `${at}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = at === '' ? k : `${at}.${k}`;
      return k === 'datasource' ? [{ at: here, ref: v }] : datasourceRefsOf(v, here);
    });
  }
  return [];
}

export interface ProvisionedExpression {
  /** Where it is used: `<dashboard file>#<panel title>/<refId>` or `<provisioning file>:<field>`. */
  source: string;
  expr: string;
}

function dashboardExpressions(datasourceUid: string): ProvisionedExpression[] {
  return DASHBOARD_FILES.flatMap((file) =>
    panelsOf(readDashboard(file)).flatMap((panel) =>
      panelTargets(panel)
        .filter(({ datasource, target }) => datasource?.uid === datasourceUid && typeof target.expr === 'string')
        .map(({ target }) => ({ source: `${file}#${panel.title}/${target.refId}`, expr: target.expr as string }))
    )
  );
}

interface JaegerJsonData {
  tracesToMetrics?: { tags?: Array<{ key: string; value?: string }>; queries?: Array<{ name: string; query: string }> };
}

/**
 * Every PromQL expression the provisioned dashboards send to Prometheus (Grafana's `$__…` macros
 * left in, as in serviceHealthQueries), plus the Jaeger datasource's traces-to-metrics queries with
 * `$__tags` replaced as Grafana does for a span of the service (its tags mapped to labels). The
 * alert rules query only the ledger.
 */
export function provisionedPromql(): ProvisionedExpression[] {
  const jaeger = (readYaml('datasources/jaeger.yaml') as { datasources: Array<{ jsonData: JaegerJsonData }> })
    .datasources[0].jsonData.tracesToMetrics;
  const spanTags = (jaeger?.tags ?? []).map((t) => `${t.value || t.key}="${PROVISIONED_SERVICE}"`).join(', ');
  return [
    ...dashboardExpressions(PROVISIONED_UIDS.prometheus),
    ...(jaeger?.queries ?? []).map((q) => ({
      source: `datasources/jaeger.yaml:tracesToMetrics.${q.name}`,
      expr: expandEnv(q.query).replace(/\$__tags/g, spanTags),
    })),
  ];
}

/** Every LogQL expression the provisioned dashboards send to Loki (dashboard variables left in). */
export function provisionedLogql(): ProvisionedExpression[] {
  return dashboardExpressions(PROVISIONED_UIDS.loki);
}
