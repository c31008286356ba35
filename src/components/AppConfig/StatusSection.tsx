import React, { useState } from 'react';
import { Alert, Button, FieldSet, Stack, Text } from '@grafana/ui';
import type { AppJsonData } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import { saveErrorText, savePluginSettings } from './pluginSettings';

interface StatusSectionProps {
  pluginId: string;
  enabled: boolean;
  /** The saved settings, sent back unchanged: enabling or disabling saves nothing else. */
  jsonData: AppJsonData | undefined;
}

/** Whether the app is enabled, and the button that turns it on or off. */
export function StatusSection({ pluginId, enabled, jsonData }: StatusSectionProps) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const setEnabled = async (nextEnabled: boolean) => {
    setSaving(true);
    setError(undefined);
    try {
      // An enabled app is pinned to the navigation, a disabled one is not.
      await savePluginSettings(pluginId, { enabled: nextEnabled, pinned: nextEnabled, jsonData });
    } catch (e) {
      setError(saveErrorText(e));
      setSaving(false);
    }
  };

  return (
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
  );
}
