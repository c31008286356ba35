/**
 * The LLM Cost page: routes, titles, the drilldowns (tenant → user), and each page's time range,
 * variables and controls. The panels are built in costScene.ts, loaded from their own chunk.
 */
import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  VariableValueSelectors,
  type SceneAppPageLike,
  type SceneObject,
  type SceneRouteMatch,
  type SceneVariableSet,
} from '@grafana/scenes';
import { APP_CONFIG_URL, PRESERVED_URL_KEYS, ROUTES } from '../../constants';
import type { AppSettings } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import { LazyScene } from '../common/LazyScene';
import { MessageScene } from '../common/MessageScene';
import { ledgerName, pageRangeMs } from '../common/ledgerName';
import { ledgerVariables, type LedgerVariable } from '../common/ledgerVariables';
import { COST_URL, TENANT_ROUTE, USER_ROUTE, routeParam, tenantUrl, userUrl } from './costRoutes';

export const COST_TITLE = 'LLM Cost';
const DEFAULT_RANGE = { from: 'now-7d', to: 'now' };

type CostScene = typeof import('./costScene');

// webpackChunkName keeps the panels and their dependencies out of the app's first load.
const loadCostScene = (): Promise<CostScene> => import(/* webpackChunkName: "cost" */ './costScene');

/** A page's scene: time range, the variables not fixed by the route, the controls, and the lazy body. */
function embedded(settings: AppSettings, variables: LedgerVariable[], body: (m: CostScene) => SceneObject) {
  const $variables: SceneVariableSet = ledgerVariables(settings.ledgerDatasourceUid, variables);
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(DEFAULT_RANGE),
    $variables,
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ isOnCanvas: true }),
    ],
    body: new LazyScene({ load: () => loadCostScene().then(body) }),
  });
}

function noDatasourceScene(): EmbeddedScene {
  return new EmbeddedScene({
    body: new MessageScene({
      variant: 'call-to-action',
      message: 'No ledger datasource is set for LLM Cost.',
      detail: 'Choose the ledger datasource that holds the LLM usage in the app settings.',
      link: { url: APP_CONFIG_URL, text: 'Open the app settings' },
      testId: testIds.cost.noDatasource,
    }),
  });
}

/**
 * Once shown, the page's title and subtitle name the tenant (and user) instead of the ids, when the
 * ledger has names for them (../common/ledgerName.ts); the URL, the queries and the links keep ids.
 */
function namedTitles(
  page: SceneAppPage,
  settings: AppSettings,
  ids: { tenant: string; user?: string },
  titles: (names: { tenant: string; user: string }) => { title: string; subTitle: string }
): SceneAppPage {
  page.addActivationHandler(() => {
    let active = true;
    const range = pageRangeMs(DEFAULT_RANGE);
    const uid = settings.ledgerDatasourceUid;
    void Promise.all([
      ledgerName(uid, 'tenants', ids.tenant, range),
      ids.user === undefined ? undefined : ledgerName(uid, 'users', ids.user, range),
    ]).then(([tenantName, userName]) => {
      if (active && (tenantName !== undefined || userName !== undefined)) {
        page.setState(titles({ tenant: tenantName ?? ids.tenant, user: userName ?? ids.user ?? '' }));
      }
    });
    return () => {
      active = false;
    };
  });
  return page;
}

const userTitles = ({ tenant, user }: { tenant: string; user: string }) => ({
  title: `User ${user}`,
  subTitle: `LLM usage of user ${user} in tenant ${tenant}`,
});

const tenantTitles = ({ tenant }: { tenant: string }) => ({
  title: `Tenant ${tenant}`,
  subTitle: `LLM spend of tenant ${tenant}`,
});

/** One user of one tenant; the model variable still filters. */
function getUserPage(
  settings: AppSettings,
  match: SceneRouteMatch<{ tenant?: string; user?: string }>,
  parent: SceneAppPageLike
) {
  const tenant = routeParam(match.params.tenant);
  const user = routeParam(match.params.user);
  const page = new SceneAppPage({
    ...userTitles({ tenant, user }),
    url: userUrl(tenant, user),
    routePath: USER_ROUTE,
    preserveUrlKeys: PRESERVED_URL_KEYS,
    getParentPage: () => parent,
    getScene: () => embedded(settings, ['model'], (m) => m.getUserScene(settings, tenant, user)),
  });
  return namedTitles(page, settings, { tenant, user }, userTitles);
}

/** One tenant; the user and model variables still filter, and its users lead to their own page. */
function getTenantPage(settings: AppSettings, match: SceneRouteMatch<{ tenant?: string }>, parent: SceneAppPageLike) {
  const tenant = routeParam(match.params.tenant);
  const page = new SceneAppPage({
    ...tenantTitles({ tenant }),
    url: tenantUrl(tenant),
    routePath: TENANT_ROUTE,
    preserveUrlKeys: PRESERVED_URL_KEYS,
    getParentPage: () => parent,
    getScene: () => embedded(settings, ['user', 'model'], (m) => m.getTenantScene(settings, tenant)),
    drilldowns: [{ routePath: USER_ROUTE, getPage: (m, tenantPage) => getUserPage(settings, m, tenantPage) }],
  });
  return namedTitles(page, settings, { tenant }, tenantTitles);
}

export function getCostPage(settings: AppSettings): SceneAppPage {
  const configured = settings.ledgerDatasourceUid !== '';
  return new SceneAppPage({
    title: COST_TITLE,
    subTitle: 'What LLM calls cost, by tenant, user and model, against the monthly budgets',
    url: COST_URL,
    routePath: `${ROUTES.Cost}/*`,
    preserveUrlKeys: PRESERVED_URL_KEYS,
    getScene: () =>
      configured
        ? embedded(settings, ['tenant', 'user', 'model'], (m) => m.getCostScene(settings))
        : noDatasourceScene(),
    // Without a datasource a drilldown could only fail; the page itself says what to do.
    drilldowns: configured
      ? [{ routePath: TENANT_ROUTE, getPage: (m, parent) => getTenantPage(settings, m, parent) }]
      : [],
  });
}
