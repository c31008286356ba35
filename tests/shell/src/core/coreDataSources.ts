/**
 * The datasources Grafana builds into its own bundle (module `core:plugin/<id>`) that the app's
 * Service Health page queries: Prometheus and Jaeger. Grafana's own frontends for them are AGPL
 * (`@grafana/prometheus`, public/app/plugins/datasource/jaeger) and are not used; these classes do
 * the part of them the page relies on: a backend datasource (queries go to /api/ds/query, where
 * the conformance host answers them from the real Prometheus and Jaeger HTTP APIs,
 * tests/grafana-host/cmd/grafana-host/core_*.go) whose template variables are interpolated in the
 * browser first, as Grafana's frontends do. Grafana's interval variables ($__interval,
 * $__rate_interval, $__range) are left for the server, which knows the scrape interval.
 */
import {
  DataSourcePlugin,
  type DataQuery,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

interface PrometheusQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  interval?: string;
}

interface JaegerQuery extends DataQuery {
  service?: string;
  operation?: string;
  tags?: string;
  minDuration?: string;
  maxDuration?: string;
}

/** The scoped variables without Grafana's interval ones, so the server fills those in. */
function withoutIntervals(scopedVars: ScopedVars): ScopedVars {
  const { __interval, __interval_ms, __rate_interval, __range, __range_s, __range_ms, ...rest } = scopedVars;
  return rest;
}

/**
 * A variable's value in PromQL, as Grafana writes it: one value as it is; several (multi-value,
 * All) as a regex alternation inside a double-quoted string, so each value's regex characters are
 * escaped, and the escape itself doubled for the string.
 */
function promValue(value: unknown): string {
  if (!Array.isArray(value)) {
    return String(value);
  }
  const escape = (v: string) => v.replace(/[\\^$*+?.()|[\]{}]/g, (c) => `\\\\${c}`);
  return `(${value.map((v) => escape(String(v))).join('|')})`;
}

class PrometheusDataSource extends DataSourceWithBackend<PrometheusQuery> {
  constructor(settings: DataSourceInstanceSettings) {
    super(settings);
  }

  applyTemplateVariables(query: PrometheusQuery, scopedVars: ScopedVars): PrometheusQuery {
    const vars = withoutIntervals(scopedVars);
    const srv = getTemplateSrv();
    return {
      ...query,
      expr: srv.replace(query.expr, vars, promValue),
      legendFormat: query.legendFormat === undefined ? undefined : srv.replace(query.legendFormat, vars),
      interval: query.interval === undefined ? undefined : srv.replace(query.interval, vars),
    };
  }
}

class JaegerDataSource extends DataSourceWithBackend<JaegerQuery> {
  constructor(settings: DataSourceInstanceSettings) {
    super(settings);
  }

  applyTemplateVariables(query: JaegerQuery, scopedVars: ScopedVars): JaegerQuery {
    const srv = getTemplateSrv();
    const text = (value: string | undefined) => (value === undefined ? undefined : srv.replace(value, scopedVars));
    return {
      ...query,
      service: text(query.service),
      operation: text(query.operation),
      tags: text(query.tags),
      minDuration: text(query.minDuration),
      maxDuration: text(query.maxDuration),
    };
  }
}

type AnyPlugin = DataSourcePlugin<DataSourceApi>;

const CORE: Record<string, () => AnyPlugin> = {
  prometheus: () => new DataSourcePlugin(PrometheusDataSource) as unknown as AnyPlugin,
  jaeger: () => new DataSourcePlugin(JaegerDataSource) as unknown as AnyPlugin,
};

export const CORE_MODULE_PREFIX = 'core:plugin/';

/** The built-in plugin behind a `core:plugin/<id>` module, or undefined when the shell has none. */
export function corePlugin(module: string): AnyPlugin | undefined {
  return CORE[module.slice(CORE_MODULE_PREFIX.length)]?.();
}
