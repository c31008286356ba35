import React, { useCallback } from 'react';
import type { AppRootProps } from '@grafana/data';
import { hasPermission } from '@grafana/runtime';
import { useSceneApp } from '@grafana/scenes';
import { Navigate, useLocation } from 'react-router-dom';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { appSettingsOf, type AppJsonData } from '../../shared/appSettings';
import { PluginPropsContext } from '../../utils/utils.plugin';
import { prefixRoute } from '../../utils/utils.routing';
import { getSceneApp } from './sceneApp';

function AppWithScenes({ jsonData }: { jsonData: AppJsonData | undefined }) {
  // useSceneApp caches the app for the tab's life; settings and permissions only change on reload.
  const build = useCallback(() => getSceneApp(appSettingsOf(jsonData), hasPermission), [jsonData]);
  const scene = useSceneApp(build);
  return <scene.Component model={scene} />;
}

function App(props: AppRootProps<AppJsonData>) {
  // The app's own URL (a bookmark, a link from elsewhere) has no page of its own: open the default one.
  const { pathname } = useLocation();
  if (pathname.replace(/\/+$/, '') === PLUGIN_BASE_URL) {
    return <Navigate to={prefixRoute(ROUTES.Cost)} replace />;
  }
  return (
    <PluginPropsContext.Provider value={props}>
      <AppWithScenes jsonData={props.meta.jsonData} />
    </PluginPropsContext.Provider>
  );
}

export default App;
