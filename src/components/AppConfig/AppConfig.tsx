import React, { useState } from 'react';
import type { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, FieldSet, Stack, Text } from '@grafana/ui';
import { testIds } from '../../shared/testIds';

/** The app has no settings yet; its jsonData stays empty until a later version adds some. */
type AppJsonData = Record<string, never>;

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const { id, enabled, jsonData } = plugin.meta;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const setEnabled = async (nextEnabled: boolean) => {
    setSaving(true);
    setError(undefined);
    try {
      await updatePluginSettings(id, {
        enabled: nextEnabled,
        // An enabled app is pinned to the navigation, a disabled one is not.
        pinned: nextEnabled,
        jsonData,
      });
      // The plugin meta that Grafana holds only changes on a full reload.
      locationService.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The plugin settings could not be saved.');
      setSaving(false);
    }
  };

  return (
    <div data-testid={testIds.appConfig.container}>
      <FieldSet label="Status">
        <Stack direction="column" gap={2} alignItems="flex-start">
          <Text element="p" data-testid={testIds.appConfig.status}>
            {enabled ? 'The app is enabled.' : 'The app is disabled.'}
          </Text>
          {enabled ? (
            <Button
              variant="destructive"
              disabled={saving}
              onClick={() => setEnabled(false)}
              data-testid={testIds.appConfig.disable}
            >
              Disable app
            </Button>
          ) : (
            <Button
              variant="primary"
              disabled={saving}
              onClick={() => setEnabled(true)}
              data-testid={testIds.appConfig.enable}
            >
              Enable app
            </Button>
          )}
          {error && (
            <Alert severity="error" title="Saving failed">
              {error}
            </Alert>
          )}
        </Stack>
      </FieldSet>
      <FieldSet label="Settings">
        <Text element="p" color="secondary">
          The app has no settings in this version. Budgets, pricing and access settings arrive in a later version; the
          LLM Ops Ledger datasource is configured under Connections → Data sources.
        </Text>
      </FieldSet>
    </div>
  );
};

export default AppConfig;

function updatePluginSettings(pluginId: string, data: Partial<PluginMeta<AppJsonData>>) {
  return getBackendSrv().post(`/api/plugins/${pluginId}/settings`, data);
}
