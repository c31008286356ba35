/**
 * The shell's boot: the part of Grafana's public/app/app.ts that a plugin's pages need, in the same
 * order (services first, then the AMD `define`, then React). `window.grafanaBootData` is written by
 * the host into index.html before this bundle runs, because @grafana/runtime builds `config` from it
 * when the module is evaluated.
 */
import React, { useLayoutEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router, type NavigationType, type Navigator } from 'react-router';
import { EventBusSrv, ThemeContext, locationUtil, type CurrentUser } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import {
  LocationServiceProvider,
  config,
  locationService,
  setAppEvents,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setEchoSrv,
  setReturnToPreviousHook,
  setRunRequest,
  setTemplateSrv,
  type EchoSrv,
} from '@grafana/runtime';
import { initializeLoggersRegistry } from '@grafana/runtime/unstable';
import { GlobalStyles } from '@grafana/ui';
import { installDefine } from './amdLoader';
import { backendSrv } from './backendSrv';
import { dataSourceSrv, initDataSources } from './dataSourceSrv';
import { initExtensions } from './extensions';
import { ShellPluginPage } from './pluginPage';
import { initRegistries } from './registries';
import { ShellRoutes } from './routes';
import { runRequest } from './runRequest';
import { setPluginPage } from './runtimeInternal';
import { initStandInPanels } from './standInPanels';
import { templateSrv } from './templateSrv';

declare global {
  interface Window {
    __grafana_public_path__?: string;
  }
}

// Where @grafana/ui fetches its icons (build-shell.mjs copies them to build/img/icons/).
window.__grafana_public_path__ = '/public/shell/';

/** Analytics go nowhere; reportInteraction() needs a service to call. */
const echoSrv: EchoSrv = {
  flush: () => {},
  addBackend: () => {},
  addEvent: () => {},
  onInteraction: () => () => {},
};

function initServices() {
  initializeLoggersRegistry();
  setCurrentUser(config.bootData.user as unknown as CurrentUser);
  setBackendSrv(backendSrv);
  setDataSourceSrv(dataSourceSrv);
  initDataSources();
  setTemplateSrv(templateSrv);
  setRunRequest(runRequest);
  initRegistries();
  initStandInPanels();
  initExtensions();
  setPluginPage(ShellPluginPage);
  setAppEvents(new EventBusSrv());
  setEchoSrv(echoSrv);
  setReturnToPreviousHook(() => () => {});
}

/**
 * Grafana's interceptLinkClicks: a plain click on a same-app link navigates inside the page
 * (locationService) instead of loading it again.
 */
function interceptLinkClicks(e: MouseEvent) {
  const anchor = e.target instanceof Element ? e.target.closest('a') : null;
  let href = anchor?.getAttribute('href');
  if (!anchor || !href || anchor.getAttribute('target') || e.ctrlKey || e.metaKey || e.defaultPrevented) {
    return;
  }
  href = locationUtil.stripBaseFromUrl(href);
  if (href.includes('://') || /^\s*mailto:/i.test(href) || href.startsWith('#')) {
    return;
  }
  e.preventDefault();
  locationService.push(href.startsWith('/') ? href : `/${href}`);
}

/**
 * A react-router 6 Router on Grafana's location service (history 4), as Grafana's CompatRouter
 * does. `locationService.reload()` (a replace with `state.routeReloadCounter`) mounts the pages
 * again, so that they load the plugin's settings again, as Grafana re-renders the route.
 */
function ShellRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [state, setState] = useState({ location: history.location, action: history.action, reloads: 0 });
  useLayoutEffect(
    () =>
      history.listen((location: typeof history.location, action: string) => {
        const reload = action === 'REPLACE' && typeof location.state?.routeReloadCounter === 'number';
        setState((s) => ({ location, action, reloads: s.reloads + (reload ? 1 : 0) }));
      }),
    [history]
  );
  return (
    <Router
      location={state.location}
      navigator={history as unknown as Navigator}
      navigationType={state.action as NavigationType}
    >
      <React.Fragment key={state.reloads}>{children}</React.Fragment>
    </Router>
  );
}

async function boot() {
  initServices();
  // The shell's own @grafana/ui texts; the plugin initialises its namespace on the same instance.
  await initPluginTranslations('grafana');
  installDefine();
  document.addEventListener('click', interceptLinkClicks);
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <ShellRouter>
          <ShellRoutes />
        </ShellRouter>
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}

boot().catch((e: unknown) => {
  document.body.textContent = `The shell failed to start: ${e instanceof Error ? e.stack : String(e)}`;
});
