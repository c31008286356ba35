/**
 * Grafana's plugin settings API: the app's enabled and pinned flags and its jsonData are saved in
 * one request. Grafana keeps the plugin's meta (and so these settings) until the page reloads.
 */
import type { PluginMeta } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import type { AppJsonData } from '../../shared/appSettings';

export interface PluginSettingsUpdate {
  enabled: boolean;
  pinned: boolean;
  jsonData: AppJsonData | undefined;
}

/** Saves, then reloads the page so that Grafana (navigation, the app's pages) reads the new settings. */
export async function savePluginSettings(pluginId: PluginMeta['id'], update: PluginSettingsUpdate): Promise<void> {
  await getBackendSrv().post(`/api/plugins/${pluginId}/settings`, update);
  locationService.reload();
}

/** What a failed save says, for the page. */
export function saveErrorText(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  // getBackendSrv rejects with a FetchError: `{ status, data: { message } }`.
  const message = (e as { data?: { message?: unknown } } | undefined)?.data?.message;
  return typeof message === 'string' && message !== '' ? message : 'The plugin settings could not be saved.';
}
