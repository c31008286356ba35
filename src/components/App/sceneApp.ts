/**
 * The app's pages for one user: each page the user may see, and for each page they may not (or that
 * the app's settings turn off) a page at the same route that says so. Grafana hides forbidden pages
 * from the navigation (plugin.json `includes[].action`) and answers 403 to a full load of a page's
 * exact URL; sub-paths and navigation inside the app are ours to guard, which is what this does.
 */
import { SceneApp, type SceneAppPageLike } from '@grafana/scenes';
import { APP_CONFIG_URL, ROUTES } from '../../constants';
import { getAuditPage } from '../../pages/Audit/auditPage';
import { getCostPage } from '../../pages/Cost/costPage';
import { getMessagePage } from '../../pages/common/messagePage';
import { getServiceHealthPage } from '../../pages/ServiceHealth/serviceHealthPage';
import type { AppSettings } from '../../shared/appSettings';
import { ACTIONS, type AppAction } from '../../shared/permissions';
import { testIds } from '../../shared/testIds';
import { prefixRoute } from '../../utils/utils.routing';

export const PAGE_TITLES = {
  [ROUTES.Cost]: 'LLM Cost',
  [ROUTES.Audit]: 'Audit Trail',
  [ROUTES.ServiceHealth]: 'Service Health',
} as const;

function placeholder(route: ROUTES) {
  return { title: PAGE_TITLES[route], url: prefixRoute(route), routePath: `${route}/*` };
}

function noAccessPage(route: ROUTES, action: AppAction) {
  return getMessagePage(placeholder(route), {
    variant: 'not-found',
    message: `You do not have access to ${PAGE_TITLES[route]}.`,
    detail: `It needs the permission ${action}. Ask a Grafana administrator for it.`,
    testId: testIds.page.noAccess,
  });
}

function turnedOffPage(route: ROUTES, canConfigure: boolean) {
  return getMessagePage(placeholder(route), {
    variant: 'call-to-action',
    message: `${PAGE_TITLES[route]} is turned off in this app's settings.`,
    detail: canConfigure ? undefined : 'A Grafana administrator can turn it on.',
    link: canConfigure ? { url: APP_CONFIG_URL, text: 'Open the app settings' } : undefined,
    testId: testIds.page.turnedOff,
  });
}

export function getAppPages(settings: AppSettings, can: (action: AppAction) => boolean): SceneAppPageLike[] {
  const configure = can(ACTIONS.settingsWrite);
  return [
    can(ACTIONS.costRead) ? getCostPage(settings) : noAccessPage(ROUTES.Cost, ACTIONS.costRead),
    !settings.auditEnabled
      ? turnedOffPage(ROUTES.Audit, configure)
      : can(ACTIONS.auditRead)
        ? getAuditPage(settings, { pii: can(ACTIONS.piiRead) })
        : noAccessPage(ROUTES.Audit, ACTIONS.auditRead),
    !settings.serviceHealthEnabled ? turnedOffPage(ROUTES.ServiceHealth, configure) : getServiceHealthPage(settings),
  ];
}

export function getSceneApp(settings: AppSettings, can: (action: AppAction) => boolean): SceneApp {
  return new SceneApp({
    pages: getAppPages(settings, can),
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}
