import { lastValueFrom } from 'rxjs';
import {
  CustomVariable,
  EmbeddedScene,
  QueryVariable,
  SceneQueryRunner,
  SceneTimePicker,
  TextBoxVariable,
  VariableValueSelectors,
  VizPanel,
  sceneGraph,
  type SceneAppPageLike,
  type SceneObject,
  type SceneRouteMatch,
} from '@grafana/scenes';
import { interpolateQuery } from '../../datasource/templating';
import { appSettingsOf } from '../../shared/appSettings';
import { ALL_VALUE } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import { LazyScene } from '../common/LazyScene';
import { MessageScene } from '../common/MessageScene';
import type { PageQuery } from '../common/ledgerData';
import { AuditEventsScene } from './AuditEventsScene';
import { EventDetailScene } from './EventDetailScene';
import { getAuditPage } from './auditPage';
import { SECURITY_ACTIONS } from './auditQueries';
import { SecurityActionVariable } from './auditVariables';

const BASE = '/a/llmops-observability-app/audit';
const settings = appSettingsOf({ ledgerDatasourceUid: 'ledger-uid' });
const LEDGER = { type: 'llmops-ledger-datasource', uid: 'ledger-uid' };
const TAB_KEYS = ['from', 'to', 'timezone', 'refresh', 'var-tenant', 'var-user', 'var-model', 'var-search'];
const LIST_KEYS = [...TAB_KEYS, 'var-action', 'page', 'sort', 'dir'];

function match(url: string, params: Record<string, string> = {}): SceneRouteMatch<Record<string, string>> {
  return { url, path: url, isExact: true, params };
}

function tabs(page: SceneAppPageLike) {
  return page.state.tabs ?? [];
}

/** A tab's scene with its lazily loaded body in place, as activation would leave it. */
async function sceneOf(page: SceneAppPageLike, url: string): Promise<EmbeddedScene> {
  const scene = page.getScene(match(url));
  const lazy = sceneGraph.findObject(scene, (o) => o instanceof LazyScene) as LazyScene;
  lazy.setState({ body: await lazy.state.load() });
  return scene;
}

function queriesOf(scene: SceneObject) {
  const runners = [
    ...new Set(sceneGraph.findAllObjects(scene, (o) => o instanceof SceneQueryRunner)),
  ] as SceneQueryRunner[];
  return runners.map((r) => {
    expect(r.state.datasource).toEqual(LEDGER);
    return r.state.queries as PageQuery[];
  });
}

const FILTERS = { users: ['$user'], tenants: ['$tenant'], actions: ['$action'], text: '$search' };

describe('audit trail page', () => {
  const page = getAuditPage(settings, { pii: true });

  it('is served at /a/<app id>/audit with two tabs', () => {
    expect(page.state).toMatchObject({
      title: 'Audit Trail',
      url: BASE,
      routePath: 'audit/*',
      preserveUrlKeys: LIST_KEYS,
    });
    expect(tabs(page).map((t) => [t.state.title, t.state.url, t.state.routePath, t.state.preserveUrlKeys])).toEqual([
      ['Events', BASE, '', TAB_KEYS],
      ['Security events', `${BASE}/security`, 'security/*', TAB_KEYS],
    ]);
  });

  it('opens an event at audit/event/:id, below the page, keeping the list’s URL keys on the way back', async () => {
    const [drilldown] = page.state.drilldowns!;
    expect(drilldown.routePath).toBe('event/:id/*');
    const eventPage = page.getDrilldownPage(drilldown, match(`${BASE}/event/e42`, { id: 'e42' }));
    expect(eventPage.state).toMatchObject({ url: `${BASE}/event/e42`, subTitle: 'e42', preserveUrlKeys: LIST_KEYS });
    expect(eventPage.state.getParentPage!()).toBe(page);

    const scene = await sceneOf(eventPage, `${BASE}/event/e42`);
    expect(scene.state.controls ?? []).toEqual([]);
    const detail = sceneGraph.findObject(scene, (o) => o instanceof EventDetailScene) as EventDetailScene;
    expect(detail.state).toMatchObject({ eventId: 'e42', pii: true });
    expect(queriesOf(scene)).toEqual([
      [{ refId: 'event', queryType: 'auditEvents', eventId: 'e42', page: 1, pageSize: 1 }],
    ]);
  });

  it.each(['events', 'security'] as const)('the %s tab: last 24 hours, filters and time picker as controls', (tab) => {
    const scene = tabs(page)[tab === 'events' ? 0 : 1].getScene(match(BASE));
    expect(sceneGraph.getTimeRange(scene).state).toMatchObject({ from: 'now-24h', to: 'now' });
    const controls = scene.state.controls ?? [];
    expect(controls[0]).toBeInstanceOf(VariableValueSelectors);
    expect(controls.some((c) => c instanceof SceneTimePicker)).toBe(true);
    const variables = scene.state.$variables!.state.variables;
    expect(variables.map((v) => [v.state.name, v.constructor])).toEqual([
      ['user', QueryVariable],
      ['tenant', QueryVariable],
      ['action', tab === 'events' ? QueryVariable : SecurityActionVariable],
      ['search', TextBoxVariable],
    ]);
    // The body is in its own chunk: nothing of it is built before the tab is shown.
    expect(scene.state.body).toBeInstanceOf(LazyScene);
  });

  it('the events tab lists every action the ledger saw, All dropping the filter', () => {
    const scene = tabs(page)[0].getScene(match(BASE));
    const action = sceneGraph.lookupVariable('action', scene) as QueryVariable;
    expect(action.state).toMatchObject({
      datasource: LEDGER,
      query: { queryType: 'variableValues', variable: 'actions' },
      isMulti: true,
      includeAll: true,
      allValue: ALL_VALUE,
    });
  });

  it.each([
    ['All', undefined, [...SECURITY_ACTIONS]],
    ['one of them', 'USER_ROLE_CHANGE', ['USER_ROLE_CHANGE']],
    ['an action that is not a security event, from an old link', 'KB_UPDATE', [...SECURITY_ACTIONS]],
  ])('the security tab filters on the security actions: %s', async (_name, fromUrl, expected) => {
    // A page of its own: the page caches each tab's scene by URL.
    const scene = await sceneOf(tabs(getAuditPage(settings, { pii: true }))[1], `${BASE}/security`);
    const action = sceneGraph.lookupVariable('action', scene) as CustomVariable;
    expect(action.state.allValue).toBeUndefined();
    if (fromUrl) {
      action.urlSync!.updateFromUrl({ 'var-action': [fromUrl] });
    }
    // What the variable set does when the tab opens (the other variables would ask the ledger).
    await lastValueFrom(action.validateAndUpdate());
    const interpolate = (text: string, format?: (value: unknown) => string) =>
      sceneGraph.interpolate(scene, text, undefined, format);
    // Every query that filters by action (verification and the trail's state are per tenant only).
    const filtered = queriesOf(scene).filter(([query]) => query.actions !== undefined);
    expect(filtered).toHaveLength(2);
    for (const [query] of filtered) {
      expect(interpolateQuery(query, interpolate).actions).toEqual(expected);
    }
  });

  it.each([
    [0, 'Events per action'],
    [1, 'Security events per action'],
  ])('tab %i: the counts chart and the events table, each query with the page filters', async (index, title) => {
    const scene = await sceneOf(tabs(page)[index], BASE);
    expect(queriesOf(scene)).toEqual([
      [{ refId: 'counts', queryType: 'auditCounts', ...FILTERS }],
      // Verification and the trail's state, each in a runner of its own, per the tenant variable.
      [{ refId: 'verify', queryType: 'auditVerify', tenants: ['$tenant'] }],
      [{ refId: 'state', queryType: 'auditTrailState', tenants: ['$tenant'] }],
      [
        {
          refId: 'events',
          queryType: 'auditEvents',
          ...FILTERS,
          sort: 'time',
          direction: 'desc',
          page: 1,
          pageSize: 50,
        },
      ],
    ]);
    const panel = sceneGraph.findObject(scene, (o) => o instanceof VizPanel) as VizPanel;
    expect(panel.state).toMatchObject({ title, pluginId: 'timeseries' });
    expect(panel.state.fieldConfig.defaults.custom).toMatchObject({ drawStyle: 'bars', stacking: { mode: 'normal' } });
    const table = sceneGraph.findObject(scene, (o) => o instanceof AuditEventsScene) as AuditEventsScene;
    expect(table.state).toMatchObject({ datasourceUid: 'ledger-uid', pii: true });
  });

  it('passes the viewer’s personal-data access down to the table and the event', async () => {
    const masked = getAuditPage(settings, { pii: false });
    const scene = await sceneOf(tabs(masked)[0], BASE);
    expect((sceneGraph.findObject(scene, (o) => o instanceof AuditEventsScene) as AuditEventsScene).state.pii).toBe(
      false
    );
    const eventPage = masked.getDrilldownPage(masked.state.drilldowns![0], match(`${BASE}/event/e1`, { id: 'e1' }));
    const detail = await sceneOf(eventPage, `${BASE}/event/e1`);
    expect((sceneGraph.findObject(detail, (o) => o instanceof EventDetailScene) as EventDetailScene).state.pii).toBe(
      false
    );
  });

  it('without a ledger datasource, every tab and the event say where to set it', () => {
    const unset = getAuditPage(appSettingsOf({ ledgerDatasourceUid: '' }), { pii: true });
    const eventPage = unset.getDrilldownPage(unset.state.drilldowns![0], match(`${BASE}/event/e1`, { id: 'e1' }));
    for (const p of [...tabs(unset), eventPage]) {
      const body = p.getScene(match(p.state.url)).state.body;
      expect(body).toBeInstanceOf(MessageScene);
      expect((body as MessageScene).state).toMatchObject({
        testId: testIds.audit.notConfigured,
        link: { url: '/plugins/llmops-observability-app' },
      });
    }
  });

  it('builds new scenes for each page, so that no state leaks between users or visits', () => {
    const other = getAuditPage(settings, { pii: true });
    expect(tabs(other)[0]).not.toBe(tabs(page)[0]);
    expect(tabs(other)[0].getScene(match(BASE))).not.toBe(tabs(page)[0].getScene(match(BASE)));
  });
});
