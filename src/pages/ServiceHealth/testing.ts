/** Helpers of the Service Health tests (not part of the plugin). */
import type { DataSourceInstanceSettings, DataTransformerConfig } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import {
  DataProviderProxy,
  SceneDataTransformer,
  SceneQueryRunner,
  VizPanel,
  sceneGraph,
  type SceneObject,
} from '@grafana/scenes';
import { appSettingsOf, type AppJsonData } from '../../shared/appSettings';

/** The datasources Grafana knows in a test, by uid; install with `useDatasources` (mocks getDataSourceSrv). */
export const KNOWN_DATASOURCES: Record<string, Pick<DataSourceInstanceSettings, 'uid' | 'type' | 'name'>> = {
  prom: { uid: 'prom', type: 'prometheus', name: 'Prometheus' },
  loki: { uid: 'loki', type: 'loki', name: 'Loki' },
  jaeger: { uid: 'jaeger', type: 'jaeger', name: 'Jaeger' },
  mysql: { uid: 'mysql', type: 'mysql', name: 'MySQL' },
};

/** Needs `jest.mock('@grafana/runtime', …)` with getDataSourceSrv as a jest.fn in the test file. */
export function useDatasources() {
  jest.mocked(getDataSourceSrv).mockReturnValue({
    getInstanceSettings: (uid: string) => KNOWN_DATASOURCES[uid],
  } as unknown as ReturnType<typeof getDataSourceSrv>);
}

/** Settings with the three test datasources, overridable. */
export function healthSettings(overrides: AppJsonData = {}) {
  return appSettingsOf({
    prometheusDatasourceUid: 'prom',
    lokiDatasourceUid: 'loki',
    jaegerDatasourceUid: 'jaeger',
    serviceName: 'ragflow',
    ...overrides,
  });
}

export function runnersOf(scene: SceneObject): SceneQueryRunner[] {
  return [...new Set(sceneGraph.findAllObjects(scene, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner[])];
}

export function panelsOf(scene: SceneObject): VizPanel[] {
  return sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
}

/**
 * The runner a panel reads and the refIds it keeps, checking that the runner is the `$data` of one
 * of the panel's ancestors (where it finds the page's time range and variables).
 */
export function sourceOf(panel: VizPanel): { runner: SceneQueryRunner; include: string } {
  const data = panel.state.$data;
  expect(data).toBeInstanceOf(SceneDataTransformer);
  const transformer = data as SceneDataTransformer;
  const [first] = transformer.state.transformations as DataTransformerConfig[];
  expect(first.id).toBe('filterByRefId');
  expect(transformer.state.$data).toBeInstanceOf(DataProviderProxy);
  const runner = (transformer.state.$data as DataProviderProxy).state.source.resolve();
  expect(runner).toBeInstanceOf(SceneQueryRunner);
  let holder: SceneObject | undefined = panel.parent;
  while (holder && holder.state.$data !== runner) {
    holder = holder.parent;
  }
  expect(holder).toBeDefined();
  return { runner: runner as SceneQueryRunner, include: first.options.include };
}
