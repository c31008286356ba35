import {
  EmbeddedScene,
  QueryVariable,
  SceneDataTransformer,
  SceneQueryRunner,
  sceneGraph,
  type SceneAppPageLike,
  type SceneObject,
  type SceneRouteMatch,
} from '@grafana/scenes';
import type { DataTransformerConfig } from '@grafana/data';
import { setBackendSrv, type BackendSrv } from '@grafana/runtime';
import { APP_CONFIG_URL } from '../../constants';
import { appSettingsOf } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import { LazyScene } from '../common/LazyScene';
import { MessageScene } from '../common/MessageScene';
import { SharedData, type PageQuery } from '../common/ledgerData';
import { getCostPage } from './costPage';
import { UnpricedModelsScene } from './UnpricedModelsScene';

const budgets = [{ tenant: 'acme corp/eu', monthlyBudget: 750 }];
const settings = appSettingsOf({ ledgerDatasourceUid: 'ledger-uid', budgets });
const BASE = '/a/llmops-observability-app/cost';

function match(url: string, params: Record<string, string> = {}): SceneRouteMatch<Record<string, string>> {
  return { url, path: url, isExact: true, params };
}

/** The page's scene with its lazily loaded body in place, as activation would leave it. */
async function sceneOf(page: SceneAppPageLike, url: string) {
  const scene = page.getScene(match(url));
  const lazy = sceneGraph.findObject(scene, (o) => o instanceof LazyScene) as LazyScene;
  lazy.setState({ body: await lazy.state.load() });
  return scene;
}

function all<T>(scene: SceneObject, type: new (...args: never[]) => T): T[] {
  return [...new Set(sceneGraph.findAllObjects(scene, (o) => o instanceof type) as T[])];
}

/** Each panel's title, plugin and the refIds it picks, with a check that it picks from `runner`. */
function panelsOf(scene: SceneObject, runner: SceneQueryRunner, only: (refId: string) => boolean = () => true) {
  const panels = sceneGraph
    .findAllObjects(scene, (o) => 'pluginId' in o.state || o instanceof UnpricedModelsScene)
    .filter((p) => only(refIdOf(p)));
  return panels.map((p) => {
    const data = p.state.$data;
    expect(data).toBeInstanceOf(SceneDataTransformer);
    const transformer = data as SceneDataTransformer;
    expect(transformer.state.$data).toBeInstanceOf(SharedData);
    expect((transformer.state.$data as SharedData).state.source.resolve()).toBe(runner);
    const [first] = transformer.state.transformations as DataTransformerConfig[];
    expect(first.id).toBe('filterByRefId');
    const state = p.state as { title?: string; pluginId?: string };
    return [state.title ?? 'Unpriced models', state.pluginId ?? 'UnpricedModelsScene', first.options.include];
  });
}

function refIdOf(panel: SceneObject): string {
  const transformer = panel.state.$data as SceneDataTransformer;
  const [first] = transformer.state.transformations as DataTransformerConfig[];
  return String(first.options.include);
}

/** The Cost page's runners: the shared one, then the one of the most expensive calls. */
function pageRunners(scene: SceneObject): [SceneQueryRunner, SceneQueryRunner] {
  const runners = all(scene, SceneQueryRunner);
  expect(runners).toHaveLength(2);
  const calls = runners.find((r) => r.state.queries.some((q) => q.refId === 'topCalls'))!;
  return [runners.find((r) => r !== calls)!, calls];
}

function onlyRunner(scene: SceneObject): SceneQueryRunner {
  const runners = all(scene, SceneQueryRunner);
  expect(runners).toHaveLength(1);
  const queries = runners[0].state.queries as PageQuery[];
  expect(new Set(queries.map((q) => q.refId)).size).toBe(queries.length);
  expect(runners[0].state.datasource).toEqual({ type: 'llmops-ledger-datasource', uid: 'ledger-uid' });
  return runners[0];
}

function variablesOf(scene: EmbeddedScene) {
  return (scene.state.$variables?.state.variables ?? []).map((v) => {
    expect(v).toBeInstanceOf(QueryVariable);
    const { name, isMulti, includeAll } = (v as QueryVariable).state;
    return { name, isMulti, includeAll };
  });
}

const multi = (name: string) => ({ name, isMulti: true, includeAll: true });

function tenantPageOf(root: SceneAppPageLike, encoded: string) {
  const drilldown = root.state.drilldowns![0];
  expect(drilldown.routePath).toBe('tenant/:tenant/*');
  return root.getDrilldownPage(drilldown, match(`${BASE}/tenant/${encoded}`, { tenant: encoded }));
}

function userPageOf(tenantPage: SceneAppPageLike, tenant: string, user: string) {
  const drilldown = tenantPage.state.drilldowns![0];
  expect(drilldown.routePath).toBe('user/:user/*');
  return tenantPage.getDrilldownPage(drilldown, match(`${BASE}/tenant/${tenant}/user/${user}`, { tenant, user }));
}

describe('the LLM Cost page', () => {
  it('has a time range, refresh, and multi-value tenant, user and model variables with All', async () => {
    const scene = await sceneOf(getCostPage(settings), BASE);
    expect(sceneGraph.getTimeRange(scene).state).toMatchObject({ from: 'now-7d', to: 'now' });
    expect(variablesOf(scene)).toEqual([multi('tenant'), multi('user'), multi('model')]);
    expect(scene.state.controls?.map((c) => c.constructor.name)).toEqual([
      'VariableValueSelectors',
      'SceneControlsSpacer',
      'SceneTimePicker',
      'SceneRefreshPicker',
    ]);
  });

  it('sends all its queries through one runner, the most expensive calls through their own', async () => {
    const scene = await sceneOf(getCostPage(settings), BASE);
    const [runner, calls] = pageRunners(scene);
    expect(runner.state.queries.map((q) => q.refId).sort()).toEqual(
      ['totals', 'budget', 'spendByModel', 'byTenant', 'topSpenders', 'byUser', 'byModel', 'spikes', 'unpriced'].sort()
    );
    // Read from the usage table, seconds on a large ledger: the rest of the page does not wait for it.
    expect(calls.state.queries.map((q) => q.refId)).toEqual(['topCalls']);
    expect(calls.state.datasource).toEqual(runner.state.datasource);
    expect(panelsOf(scene, calls, (refId) => refId === 'topCalls')).toEqual([
      ['Most expensive calls', 'table', 'topCalls'],
    ]);
    expect(panelsOf(scene, runner, (refId) => refId !== 'topCalls')).toEqual([
      ['Spend', 'stat', 'totals'],
      ['Input tokens', 'stat', 'totals'],
      ['Output tokens', 'stat', 'totals'],
      ['Requests', 'stat', 'totals'],
      ['Cost per request', 'stat', 'totals'],
      ['Month to date', 'stat', 'budget'],
      ['Budget used', 'stat', 'budget'],
      ['Budget by tenant', 'table', 'budget'],
      ['Spend over time by model', 'timeseries', 'spendByModel'],
      ['Spend by tenant', 'table', 'byTenant'],
      ['Top spenders', 'bargauge', 'topSpenders'],
      ['Spend by user', 'table', 'byUser'],
      ['Spend by model', 'table', 'byModel'],
      ['Spend spikes', 'table', 'spikes'],
      ['Unpriced models', 'UnpricedModelsScene', 'unpriced'],
    ]);
  });

  it('filters by the variables and sends the app’s budgets with the budget query', async () => {
    const runners = pageRunners(await sceneOf(getCostPage(settings), BASE));
    const queries = runners.flatMap((r) => r.state.queries) as PageQuery[];
    for (const q of queries.filter((q) => q.queryType !== 'budget')) {
      expect([q.refId, q.tenants, q.users, q.models]).toEqual([q.refId, ['$tenant'], ['$user'], ['$model']]);
    }
    expect(queries.find((q) => q.refId === 'budget')).toEqual({
      refId: 'budget',
      queryType: 'budget',
      tenants: ['$tenant'],
      budgets,
    });
  });

  it('tells the unpriced models panel which datasource holds the prices', async () => {
    const scene = await sceneOf(getCostPage(settings), BASE);
    const unpriced = sceneGraph.findObject(scene, (o) => o instanceof UnpricedModelsScene) as UnpricedModelsScene;
    expect(unpriced.state).toMatchObject({ refId: 'unpriced', datasourceUid: 'ledger-uid' });
  });

  it('without a ledger datasource explains it and links to the app settings, with nothing that queries', () => {
    const page = getCostPage({ ...settings, ledgerDatasourceUid: '' });
    const scene = page.getScene(match(BASE));
    const message = sceneGraph.findObject(scene, (o) => o instanceof MessageScene) as MessageScene;
    expect(message.state).toMatchObject({ testId: testIds.cost.noDatasource, link: { url: APP_CONFIG_URL } });
    expect(sceneGraph.findObject(scene, (o) => o instanceof LazyScene)).toBeNull();
    expect(scene.state.$variables).toBeUndefined();
    expect(page.state.drilldowns).toEqual([]);
  });
});

describe('the tenant drilldown', () => {
  const root = getCostPage(settings);
  const tenantPage = tenantPageOf(root, 'acme%20corp%2Feu');

  it('decodes the tenant from the route and names it in the title, under the cost page', () => {
    expect(tenantPage.state.title).toBe('Tenant acme corp/eu');
    expect(tenantPage.state.url).toBe(`${BASE}/tenant/acme%20corp%2Feu`);
    expect(tenantPage.state.getParentPage?.()).toBe(root);
  });

  it('filters every query by that tenant and by the user and model variables', async () => {
    const scene = await sceneOf(tenantPage, tenantPage.state.url);
    expect(variablesOf(scene)).toEqual([multi('user'), multi('model')]);
    const runner = onlyRunner(scene);
    const queries = runner.state.queries as PageQuery[];
    expect(queries.map((q) => q.refId)).toEqual(['totals', 'budget', 'spendByModel', 'byUser', 'byModel']);
    for (const q of queries) {
      expect(q.tenants).toEqual(['acme corp/eu']);
    }
    expect(queries.find((q) => q.refId === 'budget')?.budgets).toEqual(budgets);
    expect(panelsOf(scene, runner)).toEqual([
      ['Spend', 'stat', 'totals'],
      ['Input tokens', 'stat', 'totals'],
      ['Output tokens', 'stat', 'totals'],
      ['Requests', 'stat', 'totals'],
      ['Cost per request', 'stat', 'totals'],
      ['Month to date', 'stat', 'budget'],
      ['Budget used', 'stat', 'budget'],
      ['Spend over time by model', 'timeseries', 'spendByModel'],
      ['Spend by user', 'table', 'byUser'],
      ['Spend by model', 'table', 'byModel'],
    ]);
  });
});

describe('the user drilldown', () => {
  const root = getCostPage(settings);
  const tenantPage = tenantPageOf(root, 'acme%20corp%2Feu');
  const userPage = userPageOf(tenantPage, 'acme%20corp%2Feu', 'alice%40acme.test');

  it('names the user and the tenant, under the tenant’s page', () => {
    expect(userPage.state.title).toBe('User alice@acme.test');
    expect(userPage.state.subTitle).toContain('acme corp/eu');
    expect(userPage.state.url).toBe(`${BASE}/tenant/acme%20corp%2Feu/user/alice%40acme.test`);
    expect(userPage.state.getParentPage?.()).toBe(tenantPage);
  });

  it('shows that user’s usage in that tenant, filtered by the model variable', async () => {
    const scene = await sceneOf(userPage, userPage.state.url);
    expect(variablesOf(scene)).toEqual([multi('model')]);
    const runner = onlyRunner(scene);
    expect(runner.state.queries).toEqual([
      {
        refId: 'totals',
        queryType: 'costTotals',
        tenants: ['acme corp/eu'],
        users: ['alice@acme.test'],
        models: ['$model'],
      },
      {
        refId: 'spendByModel',
        queryType: 'costTimeSeries',
        tenants: ['acme corp/eu'],
        users: ['alice@acme.test'],
        models: ['$model'],
        groupBy: 'model',
        metric: 'cost',
      },
      {
        refId: 'byModel',
        queryType: 'costBreakdown',
        tenants: ['acme corp/eu'],
        users: ['alice@acme.test'],
        models: ['$model'],
        groupBy: 'model',
        sort: 'cost',
      },
    ]);
    expect(panelsOf(scene, runner).map(([title, plugin]) => [title, plugin])).toEqual([
      ['Spend', 'stat'],
      ['Input tokens', 'stat'],
      ['Output tokens', 'stat'],
      ['Requests', 'stat'],
      ['Cost per request', 'stat'],
      ['Spend over time by model', 'timeseries'],
      ['Spend by model', 'table'],
    ]);
  });
});

describe('names in the drilldown titles', () => {
  const calls: Array<{ url: string; params: Record<string, unknown> }> = [];
  let answers: Record<string, Array<{ text: string; value: string }> | Error> = {};
  beforeEach(() => {
    calls.length = 0;
    setBackendSrv({
      get: async (url: string, params: Record<string, unknown>) => {
        calls.push({ url, params });
        const answer = answers[url.split('/').pop()!];
        if (answer instanceof Error) {
          throw answer;
        }
        return { values: answer ?? [], truncated: false };
      },
    } as unknown as BackendSrv);
  });
  const settled = () => new Promise((r) => setTimeout(r, 0));

  it('the tenant page names the tenant once shown; the URL keeps the id', async () => {
    answers = { tenants: [{ text: 'Acme Corp (EU)', value: 'acme corp/eu' }] };
    const page = tenantPageOf(getCostPage(settings), 'acme%20corp%2Feu');
    expect(page.state.title).toBe('Tenant acme corp/eu');
    const deactivate = page.activate();
    await settled();
    expect(page.state.title).toBe('Tenant Acme Corp (EU)');
    expect(page.state.subTitle).toBe('LLM spend of tenant Acme Corp (EU)');
    expect(page.state.url).toBe(`${BASE}/tenant/acme%20corp%2Feu`);
    expect(calls).toEqual([
      {
        url: '/api/datasources/uid/ledger-uid/resources/variables/tenants',
        params: { search: 'acme corp/eu', from: expect.any(Number), to: expect.any(Number), limit: 10 },
      },
    ]);
    // The page's default range: the last 7 days.
    const { from, to } = calls[0]!.params as { from: number; to: number };
    expect(to - from).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
    deactivate();
  });

  it('the user page names the user and the tenant; without names, or when the lookup fails, ids stay', async () => {
    answers = {
      tenants: [{ text: 'Acme Corp (EU)', value: 'acme corp/eu' }],
      users: [{ text: 'Alice A.', value: 'alice@acme.test' }],
    };
    const root = getCostPage(settings);
    const tenantPage = tenantPageOf(root, 'acme%20corp%2Feu');
    const named = userPageOf(tenantPage, 'acme%20corp%2Feu', 'alice%40acme.test');
    const deactivate = named.activate();
    await settled();
    expect(named.state).toMatchObject({
      title: 'User Alice A.',
      subTitle: 'LLM usage of user Alice A. in tenant Acme Corp (EU)',
    });
    deactivate();

    // A role without personal data gets the id back as the text: the title keeps the id.
    answers = { tenants: new Error('boom'), users: [{ text: 'alice@acme.test', value: 'alice@acme.test' }] };
    const plain = userPageOf(
      tenantPageOf(getCostPage(settings), 'acme%20corp%2Feu'),
      'acme%20corp%2Feu',
      'alice%40acme.test'
    );
    const off = plain.activate();
    await settled();
    expect(plain.state).toMatchObject({
      title: 'User alice@acme.test',
      subTitle: 'LLM usage of user alice@acme.test in tenant acme corp/eu',
    });
    off();
  });
});
