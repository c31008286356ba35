import { lastValueFrom } from 'rxjs';
import {
  CustomVariable,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  VariableValueSelectors,
  sceneGraph,
  type EmbeddedScene,
  type SceneObject,
} from '@grafana/scenes';
import { LazyScene } from '../common/LazyScene';
import { getServiceHealthPage } from './serviceHealthPage';
import { healthSettings, panelsOf, runnersOf, useDatasources } from './testing';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

const URL = '/a/llmops-observability-app/service-health';

function sceneOf(settings = healthSettings()): EmbeddedScene {
  const page = getServiceHealthPage(settings);
  return page.getScene({ url: URL, path: URL, isExact: true, params: {} });
}

/** The scene with its lazily loaded body in place, as activation would leave it. */
async function loaded(scene: EmbeddedScene): Promise<SceneObject> {
  const lazy = scene.state.body as LazyScene;
  lazy.setState({ body: await lazy.state.load() });
  return lazy.state.body!;
}

describe('service health page', () => {
  beforeEach(useDatasources);

  it('is served at /a/<app id>/service-health with the shared URL keys', () => {
    const page = getServiceHealthPage(healthSettings({ serviceName: 'billing' }));
    expect(page.state).toMatchObject({
      title: 'Service Health',
      url: URL,
      routePath: 'service-health/*',
      preserveUrlKeys: expect.arrayContaining(['from', 'to', 'refresh']),
    });
    expect(page.state.subTitle).toContain('billing');
  });

  it('shows the last hour by default, with time and refresh pickers and the variable selectors', () => {
    const scene = sceneOf();
    expect(scene.state.$timeRange?.state).toMatchObject({ from: 'now-1h', to: 'now' });
    const controls = scene.state.controls ?? [];
    expect(controls.some((c) => c instanceof VariableValueSelectors)).toBe(true);
    expect(controls.some((c) => c instanceof SceneTimePicker)).toBe(true);
    expect(controls.some((c) => c instanceof SceneRefreshPicker)).toBe(true);
  });

  it('loads the panels lazily, from their own chunk', async () => {
    const scene = sceneOf();
    expect(scene.state.body).toBeInstanceOf(LazyScene);
    expect(panelsOf(scene)).toEqual([]);

    const body = await loaded(scene);

    expect(body).toBeInstanceOf(SceneFlexLayout);
    expect(runnersOf(scene)).toHaveLength(3);
    expect(panelsOf(scene).map((p) => p.state.title)).toContain('Logs');
  });

  it('builds a new scene per visit, so state does not leak between them', () => {
    const page = getServiceHealthPage(healthSettings());
    const a = page.state.getScene!({ url: URL, path: URL, isExact: true, params: {} });
    const b = page.state.getScene!({ url: URL, path: URL, isExact: true, params: {} });
    expect(a).not.toBe(b);
  });

  it('offers the log level filter only when there are logs', () => {
    const names = (scene: EmbeddedScene) => scene.state.$variables?.state.variables.map((v) => v.state.name);
    expect(names(sceneOf())).toEqual(['level']);
    expect(names(sceneOf(healthSettings({ lokiDatasourceUid: '' })))).toEqual([]);
    expect(names(sceneOf(healthSettings({ lokiDatasourceUid: 'gone' })))).toEqual([]);
  });

  describe('the level filter in the logs query', () => {
    async function logsExprFor(select: (variable: CustomVariable) => void) {
      const scene = sceneOf();
      await loaded(scene);
      const variable = sceneGraph.lookupVariable('level', scene) as CustomVariable;
      await lastValueFrom(variable.validateAndUpdate());
      select(variable);
      const loki = runnersOf(scene).find((r) => r.state.datasource?.type === 'loki')!;
      const logs = loki.state.queries.find((q) => q.refId === 'logs') as unknown as { expr: string };
      return sceneGraph.interpolate(loki, logs.expr);
    }

    it('offers the five levels, several at once, All by default', async () => {
      const scene = sceneOf();
      const variable = scene.state.$variables!.state.variables[0] as CustomVariable;
      await lastValueFrom(variable.validateAndUpdate());
      expect(variable.state.options.map((o) => [o.label, o.value])).toEqual([
        ['Debug', 'debug'],
        ['Info', 'info'],
        ['Warning', 'warning'],
        ['Error', 'error'],
        ['Critical', 'critical'],
      ]);
      expect(variable.state).toMatchObject({ isMulti: true, includeAll: true });
      expect(variable.hasAllValue()).toBe(true);
    });

    it.each<[string, (v: CustomVariable) => void, string]>([
      ['All keeps every line, with or without a level', () => {}, '(?i)(.*)'],
      ['one level', (v) => v.changeValueTo(['error']), '(?i)(error)'],
      ['several levels', (v) => v.changeValueTo(['warning', 'error', 'critical']), '(?i)(warning|error|critical)'],
    ])('%s', async (_case, select, regex) => {
      expect(await logsExprFor(select)).toBe(`{service_name="ragflow"} | json | level=~"${regex}"`);
    });
  });
});
