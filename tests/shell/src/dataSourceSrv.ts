/**
 * getDataSourceSrv(): the datasources of `grafanaBootData.settings.datasources` (keyed by name, as
 * Grafana's frontend settings list them). `get(ref)` imports the datasource plugin's `meta.module`
 * and instantiates its DataSource class once per uid.
 *
 * @grafana/runtime 13 also has its own lookup (`getDataSourceInstance`, which the plugin's bundled
 * scenes use); it gets the same settings, our importer and the same instance cache, so both ways
 * reach one instance per datasource and neither falls back to the other with warnings.
 */
import {
  matchPluginId,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceRef,
  type ScopedVars,
} from '@grafana/data';
import {
  config,
  getTemplateSrv,
  type DataSourceSrv,
  type GetDataSourceListFilters,
  type RuntimeDataSourceRegistration,
} from '@grafana/runtime';
import { registerRuntimeDataSourceInstance } from '@grafana/runtime/unstable';
import { loadDataSourcePlugin } from './pluginLoader';
import {
  clearPluginCache,
  getCachedPlugin,
  initDataSourceInstanceSettings,
  setCachedPlugin,
  setDataSourcePluginImporter,
} from './runtimeInternal';

type Ref = DataSourceRef | string | null | undefined;

const describe = (ref: Ref) => (typeof ref === 'string' ? ref : ref?.uid || ref?.type || 'default');

class ShellDataSourceSrv implements DataSourceSrv {
  private runtimeSettings: DataSourceInstanceSettings[] = [];

  private all(): DataSourceInstanceSettings[] {
    return [...Object.values(config.datasources), ...this.runtimeSettings];
  }

  private find(key: string): DataSourceInstanceSettings | undefined {
    const all = this.all();
    return all.find((s) => s.uid === key) ?? all.find((s) => s.name === key) ?? all.find((s) => String(s.id) === key);
  }

  getInstanceSettings(ref?: Ref, scopedVars?: ScopedVars): DataSourceInstanceSettings | undefined {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    if (!key || key === 'default') {
      const type = typeof ref === 'object' ? ref?.type : undefined;
      const ofType = type ? this.all().filter((s) => s.type === type) : [];
      return ofType.find((s) => s.isDefault) ?? ofType[0] ?? this.find(config.defaultDatasource);
    }
    // `$ds`: a datasource variable, resolved through the template service (the page's scene).
    if (key.includes('$')) {
      const interpolated = getTemplateSrv().replace(key, scopedVars);
      return interpolated !== key ? this.getInstanceSettings(interpolated) : undefined;
    }
    return this.find(key);
  }

  async get(ref?: Ref, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) {
      throw new Error(`Datasource ${describe(ref)} was not found`);
    }
    const cached = getCachedPlugin(settings.uid);
    if (cached) {
      return cached;
    }
    const plugin = await loadDataSourcePlugin(settings.meta);
    // Another caller may have created it while the module loaded.
    const raced = getCachedPlugin(settings.uid);
    if (raced) {
      return raced;
    }
    const instance = new plugin.DataSourceClass(settings);
    instance.components = plugin.components;
    setCachedPlugin(settings.uid, instance);
    return instance;
  }

  /** Grafana's filters (public/app/features/plugins/datasource_srv.ts), sorted by name. */
  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return Object.values(config.datasources)
      .filter(({ meta, type, ...s }) => {
        if (['grafana', 'mixed', 'dashboard'].includes(meta.id)) {
          return false;
        }
        const checks = [
          !filters.metrics || meta.metrics,
          !filters.tracing || meta.tracing,
          !filters.logs || meta.category === 'logging' || meta.logs,
          !filters.annotations || meta.annotations,
          !filters.alerting || meta.alerting,
          !filters.pluginId || matchPluginId(filters.pluginId, meta),
          !filters.filter || filters.filter({ meta, type, ...s }),
          !filters.type || (Array.isArray(filters.type) ? filters.type.includes(type) : filters.type === type),
          filters.all || meta.metrics || meta.annotations || meta.tracing || meta.logs || meta.alerting,
        ];
        return checks.every(Boolean);
      })
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  /** Settings may have changed (a datasource saved): instances are created again on next use. */
  async reload(): Promise<void> {
    clearPluginCache();
    initRuntimeLookup();
  }

  registerRuntimeDataSource(entry: RuntimeDataSourceRegistration): void {
    registerRuntimeDataSourceInstance(entry);
    this.runtimeSettings.push(entry.dataSource.instanceSettings);
  }
}

function initRuntimeLookup() {
  initDataSourceInstanceSettings(config.datasources, config.defaultDatasource);
}

export const dataSourceSrv = new ShellDataSourceSrv();

/** Gives @grafana/runtime's own lookup the boot data's datasources and our plugin importer. */
export function initDataSources(): void {
  initRuntimeLookup();
  setDataSourcePluginImporter(loadDataSourcePlugin);
}
