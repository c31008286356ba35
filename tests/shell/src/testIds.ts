/**
 * Test ids the shell itself renders (the plugin's own are in src/shared/testIds.ts). Values follow
 * Grafana's `data-testid <description>` convention, as the plugin's do.
 */
export const shellTestIds = {
  /** The page title that setPluginPage renders (SceneAppPage titles, the config pages' plugin name). */
  pageTitle: 'data-testid shell page title',
  pageSubtitle: 'data-testid shell page subtitle',
  /** A failure of the shell: the plugin did not load, a page threw while rendering. */
  error: 'data-testid shell error',
  /** A stand-in panel: `panel('table')`. */
  panel: (pluginId: string) => `data-testid shell panel ${pluginId}`,
  /** What a panel draws for a person (@grafana/ui's visualization): `viz('stat')`. */
  viz: (pluginId: string) => `data-testid shell viz ${pluginId}`,
  /** A frame of a stand-in panel, by its index in the panel's data. */
  frame: (index: number) => `data-testid shell frame ${index}`,
  /** The datasource page's button that saves the settings and then runs the health check. */
  saveAndTest: 'data-testid shell save and test',
  /** The health check's outcome: `health('ok')` or `health('error')`; holds the message. */
  health: (outcome: 'ok' | 'error') => `data-testid shell health ${outcome}`,
  /** The save before the health check failed (for example 403 for a Viewer); holds the message. */
  saveError: 'data-testid shell save error',
  /** The query editor page: its Run button and the preview of the last run. */
  run: 'data-testid shell run',
  preview: 'data-testid shell preview',
} as const;
