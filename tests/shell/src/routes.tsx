/**
 * The shell's pages, on the URLs Grafana uses for them (the host answers index.html on each):
 *
 * - `/a/<appId>/*`: the app's root page (Grafana's AppRootPage);
 * - `/plugins/<appId>`: the app's configuration page (Grafana's plugin page, config tab);
 * - `/connections/datasources/edit/<uid>`: the datasource's ConfigEditor and "Save & test";
 * - `/test/query-editor/<uid>`: the datasource's QueryEditor on a panel-like runner (shell only).
 */
import React, { type ReactNode } from 'react';
import { Route, Routes, useLocation, useParams } from 'react-router';
import { PluginContextProvider, type AppPlugin, type KeyValue } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { DataSourceEditPage, QueryEditorPage } from './dataSourcePages';
import { ErrorBoundary, Loaded, ShellError, useLoad } from './pageParts';
import { loadAppPlugin } from './pluginLoader';
import { ShellPluginPage } from './pluginPage';

const noop = () => {};

function AppRootPage() {
  const { appId = '' } = useParams();
  const { pathname } = useLocation();
  const state = useLoad(() => loadAppPlugin(appId), appId);
  return (
    <Loaded state={state} what={`the app ${appId}`}>
      {(plugin: AppPlugin<KeyValue>) => {
        // Grafana's getAppPluginPageError: a disabled app has no pages.
        if (!plugin.meta.enabled) {
          return <ShellError title="Application Not Enabled" message={`${appId} is not enabled.`} />;
        }
        if (!plugin.root) {
          return <ShellError title="No root app page component found" message={appId} />;
        }
        return (
          <PluginContextProvider meta={plugin.meta}>
            <plugin.root
              meta={plugin.meta}
              basename={`/a/${appId}`}
              onNavChanged={noop}
              query={locationService.getSearchObject()}
              path={pathname}
            />
          </PluginContextProvider>
        );
      }}
    </Loaded>
  );
}

/** Grafana's plugin page: titled by the plugin's name, its config pages as tabs (`?page=<id>`). */
function AppConfigPage() {
  const { pluginId = '' } = useParams();
  const state = useLoad(() => loadAppPlugin(pluginId), pluginId);
  const search = locationService.getSearchObject();
  return (
    <Loaded state={state} what={`the plugin ${pluginId}`}>
      {(plugin: AppPlugin<KeyValue>) => {
        const pages = plugin.configPages ?? [];
        const page = pages.find((p) => p.id === search.page) ?? pages[0];
        const tabs = pages.map((p) => ({
          text: p.title,
          url: `/plugins/${pluginId}?page=${p.id}`,
          active: p === page,
        }));
        return (
          <ShellPluginPage pageNav={{ text: plugin.meta.name, children: tabs }}>
            {page ? (
              <PluginContextProvider meta={plugin.meta}>
                <page.body plugin={plugin} query={search} />
              </PluginContextProvider>
            ) : (
              <div>This plugin has no configuration page.</div>
            )}
          </ShellPluginPage>
        );
      }}
    </Loaded>
  );
}

function NotFound() {
  const { pathname } = useLocation();
  return <ShellError title="Page not found" message={`The shell has no page at ${pathname}`} />;
}

export function ShellRoutes() {
  const page = (element: ReactNode) => <ErrorBoundary>{element}</ErrorBoundary>;
  return (
    <Routes>
      <Route path="/a/:appId/*" element={page(<AppRootPage />)} />
      <Route path="/plugins/:pluginId" element={page(<AppConfigPage />)} />
      <Route path="/connections/datasources/edit/:uid" element={page(<DataSourceEditPage />)} />
      <Route path="/test/query-editor/:uid" element={page(<QueryEditorPage />)} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
