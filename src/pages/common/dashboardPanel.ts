/**
 * Turns a panel of an app page into a dashboard panel that stands on its own: its own ledger
 * queries (the page shares one runner between panels; a dashboard panel cannot), the page's variable
 * values written in (the target dashboard has no $tenant), and the same visualization.
 */
import type { DataTransformerConfig } from '@grafana/data';
import type { DataQuery, DataSourceRef, Panel } from '@grafana/schema';
import {
  DataProviderProxy,
  SceneDataTransformer,
  SceneQueryRunner,
  sceneGraph,
  type SceneDataProvider,
  type VizPanel,
} from '@grafana/scenes';
import { interpolateQuery } from '../../datasource/templating';
import { DATASOURCE_PLUGIN_ID } from '../../shared/ids';

interface PanelSource {
  datasource?: DataSourceRef;
  queries: DataQuery[];
  /** The transformations after the refId filter, in order: a dashboard panel runs them itself. */
  transformations: DataTransformerConfig[];
}

function isConfig(t: unknown): t is DataTransformerConfig {
  return typeof t === 'object' && t !== null && 'id' in t;
}

function sourceOf(data: SceneDataProvider | undefined): PanelSource {
  if (data instanceof DataProviderProxy) {
    return sourceOf(data.state.source.resolve());
  }
  if (data instanceof SceneQueryRunner) {
    return { datasource: data.state.datasource, queries: data.state.queries, transformations: [] };
  }
  if (data instanceof SceneDataTransformer) {
    const inner = sourceOf(data.state.$data);
    // Custom operators (functions) cannot be saved in a dashboard; every transformation we use is a
    // registered one, written as its config.
    const configs = data.state.transformations.filter(isConfig);
    const byRefId = configs.find((t) => t.id === 'filterByRefId');
    const rest = configs.filter((t) => t !== byRefId);
    const include: unknown = byRefId?.options?.include;
    if (typeof include !== 'string' || include === '') {
      return { ...inner, transformations: [...inner.transformations, ...rest] };
    }
    const regex = include.startsWith('/') ? new RegExp(include.slice(1, include.lastIndexOf('/'))) : null;
    return {
      ...inner,
      queries: inner.queries.filter((q) => (regex ? regex.test(q.refId) : q.refId === include)),
      transformations: [...inner.transformations, ...rest],
    };
  }
  return { queries: [], transformations: [] };
}

/** Other datasources' queries (PromQL, LogQL, Jaeger search): every text field, in its own syntax. */
function interpolateStrings(query: DataQuery, interpolate: (text: string) => string): DataQuery {
  const out: DataQuery & Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && key !== 'refId') {
      out[key] = interpolate(value);
    }
  }
  return out;
}

export function toDashboardPanel(panel: VizPanel): Panel {
  const { datasource, queries, transformations } = sourceOf(panel.state.$data);
  const interpolate = (text: string, format?: (value: unknown) => string) =>
    sceneGraph.interpolate(panel, text, undefined, format);
  return {
    type: panel.state.pluginId,
    title: sceneGraph.interpolate(panel, panel.state.title, undefined, 'text'),
    description: panel.state.description,
    datasource,
    targets: queries.map((q) => ({
      ...(datasource?.type === DATASOURCE_PLUGIN_ID
        ? interpolateQuery(q as DataQuery & Record<string, never>, interpolate)
        : interpolateStrings(q, interpolate)),
      datasource,
    })),
    transformations: transformations.length > 0 ? transformations : undefined,
    options: panel.state.options as Record<string, unknown>,
    fieldConfig: panel.state.fieldConfig as Panel['fieldConfig'],
    gridPos: { x: 0, y: 0, w: 12, h: 8 },
  } as Panel;
}
