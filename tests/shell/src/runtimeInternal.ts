/**
 * The boot-time setters Grafana imports from `@grafana/runtime/internal`, an entry point the npm
 * package leaves out. `grafana-runtime-internal/<path>` resolves to the package's own
 * `dist/esm/<path>.mjs` (build-shell.mjs), the very files its index imports, so the state they set
 * is the state the plugin's @grafana/runtime reads; for TypeScript to `dist/types/<path>.d.ts`
 * (tsconfig.json `paths`).
 */
export { setPluginPage } from 'grafana-runtime-internal/components/PluginPage';
export { initDataSourceInstanceSettings } from 'grafana-runtime-internal/services/dataSource/settings';
export { setDataSourcePluginImporter } from 'grafana-runtime-internal/services/dataSource/dataSource';
export {
  clearPluginCache,
  getCachedPlugin,
  setCachedPlugin,
} from 'grafana-runtime-internal/services/dataSource/pluginCache';
export { setGetObservablePluginLinks } from 'grafana-runtime-internal/services/pluginExtensions/getObservablePluginLinks';
export { setGetObservablePluginComponents } from 'grafana-runtime-internal/services/pluginExtensions/getObservablePluginComponents';
