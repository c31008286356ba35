import React from 'react';
import { render, screen } from '@testing-library/react';
import type { DataQuery } from '@grafana/schema';
import { MessageScene } from '../common/MessageScene';
import { AddToDashboardButton } from '../common/AddToDashboardButton';
import { sceneGraph, type SceneObject, type SceneQueryRunner } from '@grafana/scenes';
import { testIds } from '../../shared/testIds';
import type { HealthSource } from './healthDatasources';
import { LEVEL_VARIABLE_REGEX } from './levelVariable';
import { getServiceHealthScene } from './serviceHealthScene';
import { expressionsOf, jaegerSearchQuery, serviceHealthQueries } from './serviceHealthQueries';
import { healthSettings, panelsOf, runnersOf, sourceOf, useDatasources } from './testing';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

const SETTING: Record<HealthSource, 'prometheusDatasourceUid' | 'lokiDatasourceUid' | 'jaegerDatasourceUid'> = {
  prometheus: 'prometheusDatasourceUid',
  loki: 'lokiDatasourceUid',
  jaeger: 'jaegerDatasourceUid',
};

/** Each panel as [title, plugin, the datasource type of its runner, the refIds it keeps]. */
function panelTable(scene: SceneObject) {
  return panelsOf(scene).map((panel) => {
    const { runner, include } = sourceOf(panel);
    return [panel.state.title, panel.state.pluginId, runner.state.datasource?.type, include];
  });
}

const runnerOf = (scene: SceneObject, type: string) => runnersOf(scene).find((r) => r.state.datasource?.type === type);

const messagesOf = (scene: SceneObject) =>
  sceneGraph.findAllObjects(scene, (o) => o instanceof MessageScene).map((m) => (m as MessageScene).state);

const METRIC_PANELS = [
  ['Request rate', 'timeseries', 'prometheus', 'requestRate'],
  ['Errors', 'timeseries', 'prometheus', '/^(errorRatio|exceptionRate)$/'],
  ['Latency', 'timeseries', 'prometheus', '/^(latencyP50|latencyP90|latencyP99|latencyMean)$/'],
  ['CPU', 'timeseries', 'prometheus', 'cpu'],
  ['Memory', 'timeseries', 'prometheus', 'memory'],
];
const LOG_PANELS = [
  ['Log volume', 'timeseries', 'loki', 'logVolume'],
  ['Logs', 'logs', 'loki', 'logs'],
];
const TRACE_PANELS = [['Latest traces', 'table', 'jaeger', 'traces']];

describe('service health scene', () => {
  beforeEach(useDatasources);

  describe('with Prometheus, Loki and Jaeger', () => {
    let scene: SceneObject;
    beforeEach(() => {
      scene = getServiceHealthScene(healthSettings({ serviceName: 'billing' }));
    });

    it('has one runner per datasource', () => {
      const runners = runnersOf(scene);
      expect(runners.map((r) => r.state.datasource)).toEqual([
        { type: 'prometheus', uid: 'prom' },
        { type: 'loki', uid: 'loki' },
        { type: 'jaeger', uid: 'jaeger' },
      ]);
    });

    it('puts every PromQL expression of the service in the Prometheus runner, refId = name', () => {
      const queries = runnerOf(scene, 'prometheus')!.state.queries as Array<DataQuery & Record<string, unknown>>;
      expect(queries).toEqual(
        expressionsOf(serviceHealthQueries('billing'), 'promql').map((e) => ({
          refId: e.name,
          expr: e.expr,
          legendFormat: e.legend,
          range: true,
          instant: false,
          editorMode: 'code',
        }))
      );
      expect(runnerOf(scene, 'prometheus')!.state.maxDataPointsFromWidth).toBe(true);
    });

    it("puts the LogQL in the Loki runner, the logs filtered by the page's level variable", () => {
      const queries = runnerOf(scene, 'loki')!.state.queries;
      expect(queries).toEqual([
        {
          refId: 'logVolume',
          expr: 'sum by (level) (count_over_time({service_name="billing"} | json | __error__="" [$__interval]))',
          queryType: 'range',
          legendFormat: '{{level}}',
        },
        {
          refId: 'logs',
          expr: `{service_name="billing"} | json | level=~"(?i)(${LEVEL_VARIABLE_REGEX})"`,
          queryType: 'range',
          legendFormat: undefined,
        },
      ]);
    });

    it('searches Jaeger for the service', () => {
      expect(runnerOf(scene, 'jaeger')!.state.queries).toEqual([jaegerSearchQuery('billing')]);
    });

    it('shows each panel with the queries of its datasource, picked by refId', () => {
      expect(panelTable(scene)).toEqual([...METRIC_PANELS, ...LOG_PANELS, ...TRACE_PANELS]);
      expect(messagesOf(scene)).toEqual([]);
    });

    it('offers "add to dashboard" on every panel', () => {
      for (const panel of panelsOf(scene)) {
        const actions = panel.state.headerActions as SceneObject[];
        expect(actions.some((a) => a instanceof AddToDashboardButton)).toBe(true);
      }
    });

    it('says which metrics the CPU and memory panels read', () => {
      const byTitle = Object.fromEntries(panelsOf(scene).map((p) => [p.state.title, p.state.description]));
      expect(byTitle.CPU).toContain('process_cpu_seconds_total');
      expect(byTitle.Memory).toContain('process_resident_memory_bytes');
    });
  });

  describe.each<[HealthSource, string[][]]>([
    ['prometheus', [...LOG_PANELS, ...TRACE_PANELS]],
    ['loki', [...METRIC_PANELS, ...TRACE_PANELS]],
    ['jaeger', [...METRIC_PANELS, ...LOG_PANELS]],
  ] as Array<[HealthSource, string[][]]>)('without %s', (source, otherPanels) => {
    const label = { prometheus: 'Prometheus', loki: 'Loki', jaeger: 'Jaeger' }[source];

    it.each([
      ['set to "not used"', '', `No ${label} datasource is set for Service Health.`],
      ['not found', 'gone', `The ${label} datasource "gone" was not found.`],
      ['of another type', 'mysql', `The datasource "MySQL" (mysql) is a mysql datasource, not ${label}.`],
    ])('when %s, explains in place of its panels and shows the others', (_case, uid, message) => {
      const scene = getServiceHealthScene(healthSettings({ [SETTING[source]]: uid }));

      expect(messagesOf(scene)).toEqual([
        expect.objectContaining({
          message,
          link: { url: '/plugins/llmops-observability-app', text: 'Open the app settings' },
          testId: testIds.health.missingDatasource(source),
        }),
      ]);
      expect(panelTable(scene)).toEqual(otherPanels);
      expect(runnersOf(scene).map((r: SceneQueryRunner) => r.state.datasource?.type)).not.toContain(source);
    });
  });

  it('explains each missing datasource when none is usable', () => {
    const scene = getServiceHealthScene(
      healthSettings({ prometheusDatasourceUid: '', lokiDatasourceUid: 'gone', jaegerDatasourceUid: 'prom' })
    );
    expect(panelsOf(scene)).toEqual([]);
    expect(runnersOf(scene)).toEqual([]);

    render(<scene.Component model={scene} />);

    for (const source of ['prometheus', 'loki', 'jaeger']) {
      expect(screen.getByTestId(testIds.health.missingDatasource(source))).toBeInTheDocument();
    }
    expect(screen.getByTestId(testIds.health.missingDatasource('loki'))).toHaveTextContent(
      'The Loki datasource "gone" was not found.'
    );
    expect(screen.getAllByRole('link', { name: /Open the app settings/ })[0]).toHaveAttribute(
      'href',
      '/plugins/llmops-observability-app'
    );
  });
});
