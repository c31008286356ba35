/**
 * The modules Grafana shares with plugins: what a plugin's AMD `define([...])` asks for instead of
 * bundling it (create-plugin's `externals`). Grafana's list is `sharedDependenciesMap` in
 * public/app/features/plugins/loader/sharedDependencies.ts; these are the entries our bundles ask
 * for (`grep -o 'define(\[[^]]*\]' dist/module.js dist/datasource/module.js`) plus the few the
 * contract promises. A name missing here fails the import with the name in the message.
 *
 * Each entry is what SystemJS would register: a module namespace, or `{ default, __useDefault }`
 * for the modules whose AMD value is the default export itself (lodash, i18next), which SystemJS's
 * AMD extra unwraps before calling the factory.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaRuntimeUnstable from '@grafana/runtime/unstable';
import * as grafanaUi from '@grafana/ui';
import i18next from 'i18next';
import lodash from 'lodash';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as reactRouter from 'react-router';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

export type SharedModule = Record<string, unknown>;

export const sharedModules: Record<string, SharedModule> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  // Grafana adds the plugin classes to @grafana/ui for plugins written against old SDKs.
  '@grafana/ui': {
    ...grafanaUi,
    PanelPlugin: grafanaData.PanelPlugin,
    AppPlugin: grafanaData.AppPlugin,
    DataSourcePlugin: grafanaData.DataSourcePlugin,
    DataSourceApi: grafanaData.DataSourceApi,
  },
  '@grafana/runtime': grafanaRuntime,
  // @grafana/scenes (bundled in the plugin) reaches getDataSourceInstance through this one.
  '@grafana/runtime/unstable': grafanaRuntimeUnstable,
  // One i18next instance for Grafana and its plugins, as in Grafana (it hands out its own instance).
  i18next: { default: i18next, __useDefault: true },
  lodash: { default: lodash, __useDefault: true },
  react,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  // Grafana maps this to react-router-dom-v5-compat, which re-exports react-router 6. The plugin's
  // bundled react-router-dom must get the very module the shell's <Router> comes from.
  'react-router': reactRouter,
  'react/jsx-runtime': jsxRuntime,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
