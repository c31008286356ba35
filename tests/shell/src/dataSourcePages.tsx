/**
 * The datasource's own pages, as Grafana shows them:
 *
 * - the settings page (Grafana's EditDataSource): the plugin's ConfigEditor on the settings from
 *   GET /api/datasources/uid/<uid>; "Save & test" PUTs them back, reloads the datasources and runs
 *   the plugin's testDatasource() (GET …/health for a backend datasource), then shows the outcome;
 * - a query editor page, which Grafana does not have on its own URL: the plugin's QueryEditor as in
 *   the panel editor, with a Run button and the result through the stand-in table panel. The query
 *   starts from the datasource's default query merged with `?query=<JSON>`, the range from
 *   `?from=&to=` (default now-6h to now); it runs once on opening, like the panel editor.
 */
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import type { Subscription } from 'rxjs';
import {
  CoreApp,
  DataSourcePluginContextProvider,
  applyFieldOverrides,
  preProcessPanelData,
  rangeUtil,
  type DataQuery,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceSettings,
  type PanelData,
} from '@grafana/data';
import { config, getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, Stack } from '@grafana/ui';
import { dataSourceSrv } from './dataSourceSrv';
import { Loaded, errorText, useLoad } from './pageParts';
import { loadDataSourcePlugin, type AnyDataSourcePlugin } from './pluginLoader';
import { ShellPluginPage } from './pluginPage';
import { runRequest } from './runRequest';
import { StandInFrames, standInFieldConfigRegistry } from './standInPanels';
import { shellTestIds } from './testIds';

interface EditState {
  settings: DataSourceInstanceSettings;
  plugin: AnyDataSourcePlugin;
  options: DataSourceSettings;
}

async function loadEditState(uid: string): Promise<EditState> {
  const settings = dataSourceSrv.getInstanceSettings(uid);
  if (!settings) {
    throw new Error(`Datasource ${uid} was not found`);
  }
  const [options, plugin] = await Promise.all([
    getBackendSrv().get<DataSourceSettings>(`/api/datasources/uid/${uid}`),
    loadDataSourcePlugin(settings.meta),
  ]);
  return { settings, plugin, options };
}

/** What Grafana's datasource reload would fetch again: the saved jsonData in the boot settings. */
function updateBootSettings(saved: DataSourceSettings) {
  const entry = Object.values(config.datasources).find((s) => s.uid === saved.uid);
  if (entry) {
    entry.jsonData = saved.jsonData;
  }
}

type Outcome = { testId: string; title: string; message: string; severity: 'success' | 'error' };

function DataSourceEditor({ settings, plugin, options: loaded }: EditState) {
  const [options, setOptions] = useState(loaded);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const ConfigEditor = plugin.components.ConfigEditor;

  const saveAndTest = async () => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const answer = await getBackendSrv().put<{ datasource?: DataSourceSettings }>(
        `/api/datasources/uid/${settings.uid}`,
        options
      );
      const saved = answer?.datasource ?? options;
      setOptions(saved);
      updateBootSettings(saved);
      await dataSourceSrv.reload();
    } catch (e) {
      const message = errorText(e);
      setOutcome({ testId: shellTestIds.saveError, title: 'Saving failed', message, severity: 'error' });
      setBusy(false);
      return;
    }
    try {
      const ds = await dataSourceSrv.get(settings.uid);
      const result = await ds.testDatasource();
      const ok = result.status === 'success';
      setOutcome({
        testId: shellTestIds.health(ok ? 'ok' : 'error'),
        title: ok ? 'Datasource is working' : 'Testing failed',
        message: result.message,
        severity: ok ? 'success' : 'error',
      });
    } catch (e) {
      setOutcome({
        testId: shellTestIds.health('error'),
        title: 'Testing failed',
        message: errorText(e),
        severity: 'error',
      });
    }
    setBusy(false);
  };

  return (
    <ShellPluginPage pageNav={{ text: options.name }} subTitle={`Type: ${settings.meta.name}`}>
      <Stack direction="column" gap={2}>
        {ConfigEditor ? (
          <DataSourcePluginContextProvider instanceSettings={settings}>
            <ConfigEditor options={options} onOptionsChange={setOptions} />
          </DataSourcePluginContextProvider>
        ) : (
          <div>This datasource has no settings editor.</div>
        )}
        {outcome && (
          <div data-testid={outcome.testId}>
            <Alert severity={outcome.severity} title={outcome.title}>
              {outcome.message}
            </Alert>
          </div>
        )}
        <div>
          <Button onClick={saveAndTest} disabled={busy} data-testid={shellTestIds.saveAndTest}>
            {busy ? 'Testing…' : 'Save & test'}
          </Button>
        </div>
      </Stack>
    </ShellPluginPage>
  );
}

export function DataSourceEditPage() {
  const { uid = '' } = useParams();
  const state = useLoad(() => loadEditState(uid), uid);
  return (
    <Loaded state={state} what={`the datasource ${uid}`}>
      {(loaded: EditState) => <DataSourceEditor {...loaded} />}
    </Loaded>
  );
}

function initialQuery(ds: DataSourceApi, fromUrl: unknown): DataQuery {
  const given = typeof fromUrl === 'string' && fromUrl !== '' ? (JSON.parse(fromUrl) as Partial<DataQuery>) : {};
  return { refId: 'A', ...ds.getDefaultQuery?.(CoreApp.PanelEditor), ...given, datasource: ds.getRef() };
}

function QueryEditorRunner({ ds }: { ds: DataSourceApi }) {
  const settings = dataSourceSrv.getInstanceSettings(ds.uid);
  const search = useMemo(() => locationService.getSearchObject(), []);
  const range = useMemo(
    () => rangeUtil.convertRawToRange({ from: String(search.from ?? 'now-6h'), to: String(search.to ?? 'now') }),
    [search]
  );
  const [query, setQuery] = useState(() => initialQuery(ds, search.query));
  // Editors call onChange then onRunQuery in one go: the run must see the query just changed.
  const latest = useRef(query);
  const running = useRef<Subscription | undefined>(undefined);
  const [data, setData] = useState<PanelData>();
  const QueryEditor = ds.components?.QueryEditor;

  const onChange = (next: DataQuery) => {
    latest.current = next;
    setQuery(next);
  };
  const run = () => {
    running.current?.unsubscribe();
    const request = {
      app: CoreApp.PanelEditor,
      requestId: 'shell-query-editor',
      timezone: 'browser',
      range,
      rangeRaw: range.raw,
      interval: '',
      intervalMs: 0,
      targets: [latest.current],
      scopedVars: {},
      startTime: Date.now(),
    };
    running.current = runRequest(ds, request).subscribe((next) => setData((last) => preProcessPanelData(next, last)));
  };
  // Run once on opening, as the panel editor shows the panel's data; stop when leaving.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => (run(), () => running.current?.unsubscribe()), []);

  const series = data
    ? applyFieldOverrides({
        data: data.series,
        fieldConfig: { defaults: {}, overrides: [] },
        fieldConfigRegistry: standInFieldConfigRegistry('table'),
        replaceVariables: (text) => text,
        theme: config.theme2,
        timeZone: 'browser',
      })
    : [];
  const errors = data?.errors ?? (data?.error ? [data.error] : []);

  return (
    <ShellPluginPage pageNav={{ text: `Query editor: ${ds.name}` }}>
      <Stack direction="column" gap={2}>
        {QueryEditor && settings ? (
          <DataSourcePluginContextProvider instanceSettings={settings}>
            <QueryEditor
              datasource={ds}
              query={query}
              queries={[query]}
              onChange={onChange}
              onRunQuery={run}
              data={data}
              range={range}
              app={CoreApp.PanelEditor}
            />
          </DataSourcePluginContextProvider>
        ) : (
          <div>This datasource has no query editor.</div>
        )}
        <div>
          <Button onClick={run} data-testid={shellTestIds.run}>
            Run
          </Button>
        </div>
        <div data-testid={shellTestIds.preview} data-state={data?.state ?? 'NotStarted'}>
          {errors.map((e, i) => (
            <Alert key={i} severity="error" title={e.refId ? `Query ${e.refId} failed` : 'Query failed'}>
              {e.message}
            </Alert>
          ))}
          <StandInFrames pluginId="table" series={series} />
        </div>
      </Stack>
    </ShellPluginPage>
  );
}

export function QueryEditorPage() {
  const { uid = '' } = useParams();
  const state = useLoad(() => dataSourceSrv.get(uid), uid);
  return (
    <Loaded state={state} what={`the datasource ${uid}`}>
      {(ds: DataSourceApi) => <QueryEditorRunner ds={ds} />}
    </Loaded>
  );
}
