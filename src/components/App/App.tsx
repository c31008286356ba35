import React, { useCallback } from 'react';
import type { AppRootProps } from '@grafana/data';
import { hasPermission } from '@grafana/runtime';
import { useSceneApp } from '@grafana/scenes';
import { appSettingsOf, type AppJsonData } from '../../shared/appSettings';
import { PluginPropsContext } from '../../utils/utils.plugin';
import { getSceneApp } from './sceneApp';

function AppWithScenes({ jsonData }: { jsonData: AppJsonData | undefined }) {
  // useSceneApp caches the app for the tab's life; settings and permissions only change on reload.
  const build = useCallback(() => getSceneApp(appSettingsOf(jsonData), hasPermission), [jsonData]);
  const scene = useSceneApp(build);
  return <scene.Component model={scene} />;
}

function App(props: AppRootProps<AppJsonData>) {
  return (
    <PluginPropsContext.Provider value={props}>
      <AppWithScenes jsonData={props.meta.jsonData} />
    </PluginPropsContext.Provider>
  );
}

export default App;
