/**
 * Plugin imports and the steps Grafana takes after them (public/app/features/plugins/importer/
 * pluginImporter.ts): the module is imported by its `meta.module` URL, `__useDefault` unwrapped
 * and awaited (a plugin with top-level await exports a promise), then an app gets
 * `plugin.init(meta)` and `plugin.meta`, a datasource plugin gets `meta`.
 */
import {
  AppPlugin,
  type AppPluginMeta,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
  type KeyValue,
} from '@grafana/data';
import { config, getBackendSrv } from '@grafana/runtime';
import { importAmd } from './amdLoader';
import { CORE_MODULE_PREFIX, corePlugin } from './core/coreDataSources';

type PluginExports = { plugin?: unknown; __useDefault?: boolean; default?: unknown };
// The datasource plugin's own class is the plugin's business: the shell only needs the base API.
export type AnyDataSourcePlugin = DataSourcePlugin<DataSourceApi>;

/** As Grafana's System.import hook: a module registered with `__useDefault` stands for its default. */
export async function importPluginModule(path: string): Promise<PluginExports> {
  const value = (await importAmd(path)) as PluginExports;
  return value && value.__useDefault ? ((await value.default) as PluginExports) : value;
}

/** `public/plugins/<id>/module.js` → `public/plugins/<id>`, as Grafana's `meta.baseUrl`. */
const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/'));

/**
 * The app's meta as Grafana's AppRootPage gets it: GET /api/plugins/<id>/settings (enabled,
 * jsonData, includes, …), with the module path from the boot data's `apps` when the answer has none.
 */
export async function getAppPluginMeta(appId: string): Promise<AppPluginMeta> {
  const settings = await getBackendSrv().get<AppPluginMeta>(`/api/plugins/${appId}/settings`);
  const module = settings.module || config.apps[appId]?.path || `public/plugins/${appId}/module.js`;
  return { ...settings, id: settings.id || appId, module, baseUrl: settings.baseUrl || folderOf(module) };
}

/** Imports the app (the module once per page) and initialises it with fresh meta on every call. */
export async function loadAppPlugin(appId: string): Promise<AppPlugin<KeyValue>> {
  const meta = await getAppPluginMeta(appId);
  const exports = await importPluginModule(meta.module);
  const plugin = (exports.plugin as AppPlugin<KeyValue> | undefined) ?? new AppPlugin();
  plugin.init(meta);
  plugin.meta = meta;
  return plugin;
}

const dataSourcePlugins = new Map<string, Promise<AnyDataSourcePlugin>>();

async function importDataSourcePlugin(meta: DataSourcePluginMeta): Promise<AnyDataSourcePlugin> {
  // Grafana's built-in datasources are part of its bundle, not files to import.
  if (meta.module.startsWith(CORE_MODULE_PREFIX)) {
    const core = corePlugin(meta.module);
    if (!core) {
      throw new Error(`The test shell has no built-in datasource for ${meta.module}`);
    }
    core.meta = meta;
    return core;
  }
  const exports = await importPluginModule(meta.module);
  if (!exports.plugin) {
    throw new Error(`${meta.module} exports no DataSourcePlugin named "plugin"`);
  }
  const plugin = exports.plugin as AnyDataSourcePlugin;
  plugin.meta = meta;
  return plugin;
}

/** The datasource plugin of `meta.id`, imported once per page. */
export function loadDataSourcePlugin(meta: DataSourcePluginMeta): Promise<AnyDataSourcePlugin> {
  let plugin = dataSourcePlugins.get(meta.id);
  if (!plugin) {
    plugin = importDataSourcePlugin(meta);
    dataSourcePlugins.set(meta.id, plugin);
  }
  return plugin;
}
