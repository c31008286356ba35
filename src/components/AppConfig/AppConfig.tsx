import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { hasPermission } from '@grafana/runtime';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';
import type { AppJsonData } from '../../shared/appSettings';
import { ACTIONS } from '../../shared/permissions';
import { testIds } from '../../shared/testIds';
import { draftProblems, jsonDataToSave, withKey, type AppDraft } from './appConfigDraft';
import { BudgetsSection } from './BudgetsSection';
import { DatasourcesSection } from './DatasourcesSection';
import { PagesSection } from './PagesSection';
import { saveErrorText, savePluginSettings } from './pluginSettings';
import { ServiceSection } from './ServiceSection';
import { StatusSection } from './StatusSection';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

const ids = testIds.appConfig;

/**
 * The app's configuration page: enable or disable the app, and its settings (datasources, the
 * monitored service, budgets, optional pages), saved together through Grafana's plugin settings API.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { id, enabled, pinned, jsonData } = plugin.meta;
  const styles = useStyles2(getStyles);
  // Grafana answers 403 to a save without its own plugins:write; this is the app's own, finer rule.
  const canWrite = hasPermission(ACTIONS.settingsWrite);
  const [draft, setDraft] = useState<AppDraft>(() => ({ ...(jsonData ?? {}) }));
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const problems = draftProblems(draft);

  const set = <K extends keyof AppDraft>(key: K, value: AppDraft[K] | undefined) =>
    setDraft((current) => withKey(current, key, value));

  const save = async () => {
    setAttempted(true);
    if (problems.length > 0) {
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await savePluginSettings(id, {
        enabled: Boolean(enabled),
        pinned: Boolean(pinned),
        jsonData: jsonDataToSave(draft),
      });
    } catch (e) {
      setError(saveErrorText(e));
      setSaving(false);
    }
  };

  return (
    <div data-testid={ids.container}>
      <StatusSection pluginId={id} enabled={Boolean(enabled)} jsonData={jsonData} />
      {!canWrite && (
        <div data-testid={ids.readOnly}>
          <Alert severity="info" title="These settings are read-only for you">
            Changing them needs the permission {ACTIONS.settingsWrite} (the role Settings Writer, granted to
            administrators). Ask a Grafana administrator.
          </Alert>
        </div>
      )}
      {/* A disabled fieldset disables every input and button inside it, the pickers' included. */}
      <fieldset disabled={!canWrite} className={styles.plain}>
        <DatasourcesSection values={draft} readOnly={!canWrite} onChange={set} />
        <ServiceSection value={draft.serviceName} readOnly={!canWrite} onChange={(v) => set('serviceName', v)} />
        <BudgetsSection budgets={draft.budgets ?? []} onChange={(budgets) => set('budgets', budgets)} />
        <PagesSection values={draft} readOnly={!canWrite} onChange={set} />
      </fieldset>
      {canWrite && (
        <Stack direction="column" gap={2} alignItems="flex-start">
          {attempted && problems.length > 0 && (
            <div data-testid={ids.invalid}>
              <Alert severity="error" title="Fix these settings before saving">
                <ul className={styles.problems}>
                  {problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          )}
          {error && (
            <div data-testid={ids.saveError}>
              <Alert severity="error" title="Saving failed">
                {error}
              </Alert>
            </div>
          )}
          <Button onClick={save} disabled={saving} data-testid={ids.save}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
        </Stack>
      )}
    </div>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  plain: css({ border: 'none', margin: 0, padding: 0, minWidth: 0 }),
  problems: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
