/**
 * Turns a panel of an app page into a dashboard panel that stands on its own: its own ledger
 * queries (the page shares one runner between panels; a dashboard panel cannot), the page's variable
 * values written in (the target dashboard has no $tenant), and the same visualization.
 */
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

function queriesOf(data: SceneDataProvider | undefined): { datasource?: DataSourceRef; queries: DataQuery[] } {
  if (data instanceof DataProviderProxy) {
    return queriesOf(data.state.source.resolve());
  }
  if (data instanceof SceneQueryRunner) {
    return { datasource: data.state.datasource, queries: data.state.queries };
  }
  if (data instanceof SceneDataTransformer) {
    const inner = queriesOf(data.state.$data);
    const byRefId = data.state.transformations.find(
      (t): t is { id: string; options: { include?: string } } =>
        typeof t === 'object' && 'id' in t && t.id === 'filterByRefId'
    );
    const include = byRefId?.options.include;
    if (!include) {
      return inner;
    }
    const regex = include.startsWith('/') ? new RegExp(include.slice(1, include.lastIndexOf('/'))) : null;
    return {
      ...inner,
      queries: inner.queries.filter((q) => (regex ? regex.test(q.refId) : q.refId === include)),
    };
  }
  return { queries: [] };
}

export function toDashboardPanel(panel: VizPanel): Panel {
  const { datasource, queries } = queriesOf(panel.state.$data);
  const interpolate = (text: string, format?: (value: unknown) => string) =>
    sceneGraph.interpolate(panel, text, undefined, format);
  return {
    type: panel.state.pluginId,
    title: sceneGraph.interpolate(panel, panel.state.title, undefined, 'text'),
    description: panel.state.description,
    datasource,
    targets: queries.map((q) => ({
      ...interpolateQuery(q as DataQuery & Record<string, never>, interpolate),
      datasource,
    })),
    options: panel.state.options as Record<string, unknown>,
    fieldConfig: panel.state.fieldConfig as Panel['fieldConfig'],
    gridPos: { x: 0, y: 0, w: 12, h: 8 },
  } as Panel;
}
