/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Under jsdom, `yaml` would resolve to its untranspiled ESM browser build; its Node build is CommonJS.
import path from 'node:path';
import { parse } from 'yaml';
import { appSettingsOf, DEFAULT_APP_SETTINGS, type AppJsonData } from '../shared/appSettings';
import { APP_PLUGIN_ID, PROVISIONED_UIDS } from '../shared/ids';
import { serviceHealthQueries } from '../pages/ServiceHealth/serviceHealthQueries';
import {
  envReferences,
  expandEnv,
  PROVISIONED_SERVICE,
  PROVISIONED_TYPES,
  readText,
  readYaml,
  REPO_ROOT,
  stringsOf,
  yamlFiles,
} from './provisioningFiles';

// pkg/ and tools/ lie outside src's TypeScript root: Jest loads them (same transform), typed here.
const { readSettings } = jest.requireActual<{
  readSettings: (ds: Record<string, unknown>) => { ok: boolean; settings?: unknown; field?: string; message?: string };
}>(path.join(REPO_ROOT, 'pkg/settings'));
const { TENANTS } = jest.requireActual<{ TENANTS: ReadonlyArray<{ id: string; name: string }> }>(
  path.join(REPO_ROOT, 'tools/seed/catalog')
);

interface ProvisionedDatasource {
  name: string;
  type: string;
  uid: string;
  access: string;
  url?: string;
  isDefault?: boolean;
  editable?: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

interface DatasourcesFile {
  apiVersion: number;
  datasources: ProvisionedDatasource[];
}

const DATASOURCE_FILES = yamlFiles('datasources');
const files = DATASOURCE_FILES.map((file) => ({ file, content: readYaml(file) as DatasourcesFile }));
const all = files.flatMap(({ content }) => content.datasources);
const byUid = (uid: string) => {
  const found = all.find((ds) => ds.uid === uid);
  if (!found) {
    throw new Error(`no provisioned datasource with uid ${uid}`);
  }
  return found;
};
const PROVISIONED = Object.values(PROVISIONED_UIDS) as string[];
/** The environment variables provisioning may read (docker-compose.yaml sets them for Grafana). */
const ALLOWED_ENV = ['LEDGER_DB_PASSWORD'];

// A line of the application's JSON log, as its formatter writes it (Python json.dumps separators).
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const LOG_LINE = JSON.stringify({
  time: '2026-11-26T10:00:00.123Z',
  level: 'INFO',
  logger: 'api.apps.conversation_app',
  message: 'completion for a***@acme.example took 1.2 s',
  trace_id: TRACE_ID,
  span_id: '00f067aa0ba902b7',
}).replace(/":/g, '": ');

describe('provisioned datasources', () => {
  it.each(DATASOURCE_FILES)('%s has the shape Grafana reads', (file) => {
    const content = readYaml(file) as DatasourcesFile;
    expect(content.apiVersion).toBe(1);
    expect(Array.isArray(content.datasources)).toBe(true);
    expect(content.datasources.length).toBeGreaterThan(0);
    for (const ds of content.datasources) {
      expect(ds).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          type: expect.any(String),
          uid: expect.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/),
          access: 'proxy',
          jsonData: expect.any(Object),
        })
      );
      expect(Object.keys(content).sort()).toEqual(['apiVersion', 'datasources']);
      if (ds.url !== undefined) {
        expect(ds.url).toMatch(/^https?:\/\/[\w.-]+:\d+$/);
      }
      for (const key of ['isDefault', 'editable'] as const) {
        expect(['undefined', 'boolean']).toContain(typeof ds[key]);
      }
    }
  });

  it('gives each datasource its fixed uid, unique, and exactly the uids the app defaults to', () => {
    const uids = all.map((ds) => ds.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect([...uids].sort()).toEqual([...PROVISIONED].sort());
    expect(new Set(all.map((ds) => ds.name)).size).toBe(all.length);
    for (const ds of all) {
      expect(ds.type).toBe(PROVISIONED_TYPES[ds.uid]);
    }
    // No provisioned datasource takes over the default: dashboards name theirs by uid.
    expect(all.filter((ds) => ds.isDefault === true)).toEqual([]);
  });

  it('escapes every literal $ as $$ and reads only the environment variables compose sets', () => {
    const read = files.flatMap(({ file, content }) =>
      stringsOf(content).flatMap(({ at, text }) => envReferences(text).map((name) => ({ file, at, name })))
    );
    expect(read.filter(({ name }) => !ALLOWED_ENV.includes(name))).toEqual([]);
    expect(read.map(({ name }) => name)).toEqual(['LEDGER_DB_PASSWORD']);
    expect(byUid(PROVISIONED_UIDS.ledger).secureJsonData).toEqual({ password: '$LEDGER_DB_PASSWORD' });
  });

  it('points Prometheus at the demo stack, with POST, the scrape interval and exemplars linked to Jaeger', () => {
    const prom = byUid(PROVISIONED_UIDS.prometheus);
    expect(prom.url).toBe('http://prometheus:9090');
    expect(prom.jsonData).toMatchObject({ httpMethod: 'POST', timeInterval: '15s' });
    expect(prom.jsonData.exemplarTraceIdDestinations).toEqual([
      { name: 'trace_id', datasourceUid: PROVISIONED_UIDS.jaeger },
    ]);
  });

  describe('Loki', () => {
    const loki = byUid(PROVISIONED_UIDS.loki);
    const fields = loki.jsonData.derivedFields as Array<Record<string, string>>;

    it('points at the demo stack and has one derived field, an internal link to Jaeger', () => {
      expect(loki.url).toBe('http://loki:3100');
      expect(fields).toHaveLength(1);
      expect(fields[0]).toMatchObject({
        name: expect.any(String),
        matcherType: 'regex',
        matcherRegex: expect.any(String),
        datasourceUid: PROVISIONED_UIDS.jaeger,
        urlDisplayLabel: expect.any(String),
      });
      // After provisioning's expansion the link's query is the matched value itself.
      expect(expandEnv(fields[0].url)).toBe('${__value.raw}');
    });

    it("captures exactly the trace id of the application's JSON log line", () => {
      const regex = new RegExp(expandEnv(fields[0].matcherRegex));
      const match = regex.exec(LOG_LINE);
      expect(match?.slice(1)).toEqual([TRACE_ID]);
      // Compact JSON too (no space after the colon).
      expect(regex.exec(`{"level":"ERROR","trace_id":"${TRACE_ID}"}`)?.[1]).toBe(TRACE_ID);
    });

    it('finds nothing in lines without a 32-digit trace id', () => {
      const regex = new RegExp(expandEnv(fields[0].matcherRegex));
      expect(regex.exec(JSON.stringify({ level: 'INFO', message: `mentions ${TRACE_ID}` }))).toBeNull();
      expect(regex.exec(JSON.stringify({ level: 'INFO', trace_id: '' }))).toBeNull();
      expect(regex.exec(JSON.stringify({ level: 'INFO', trace_id: TRACE_ID.slice(0, 16) }))).toBeNull();
    });

    it('uses only regex syntax that RE2 (Grafana) and JavaScript read alike', () => {
      // No lookaround, backreferences or named groups; one capture group.
      const source = expandEnv(fields[0].matcherRegex);
      expect(source).not.toMatch(/\(\?[=!<]|\\[1-9]|\(\?P?</);
      expect((source.match(/(?<!\\)\((?!\?)/g) ?? []).length).toBe(1);
    });
  });

  describe('Jaeger', () => {
    const jaeger = byUid(PROVISIONED_UIDS.jaeger);
    const health = serviceHealthQueries(PROVISIONED_SERVICE);

    it('points at the demo stack and shows the node graph', () => {
      expect(jaeger.url).toBe('http://jaeger:16686');
      expect(jaeger.jsonData.nodeGraph).toEqual({ enabled: true });
    });

    it("links a span to its service's log lines in Loki that carry its trace id", () => {
      const logs = jaeger.jsonData.tracesToLogsV2 as Record<string, unknown>;
      expect(logs).toMatchObject({ datasourceUid: PROVISIONED_UIDS.loki, filterByTraceID: true, customQuery: false });
      expect(logs.tags).toEqual([{ key: 'service.name', value: 'service_name' }]);
      // The same stream label the Service Health page selects the service's logs by.
      const logsExpr = health.find((h) => h.name === 'logs')!.expr;
      expect(logsExpr).toContain(`{service_name="${PROVISIONED_SERVICE}"}`);
    });

    it("links a span to its service's request rate in Prometheus", () => {
      const metrics = jaeger.jsonData.tracesToMetrics as {
        datasourceUid: string;
        tags: Array<{ key: string; value: string }>;
        queries: Array<{ name: string; query: string }>;
      };
      expect(metrics.datasourceUid).toBe(PROVISIONED_UIDS.prometheus);
      // The service name is the scrape job, as in serviceHealthQueries.
      expect(metrics.tags).toEqual([{ key: 'service.name', value: 'job' }]);
      expect(health.find((h) => h.name === 'requestRate')!.expr).toContain(`job="${PROVISIONED_SERVICE}"`);
      expect(metrics.queries).toHaveLength(1);
      const query = expandEnv(metrics.queries[0].query);
      expect(query).toContain('flask_http_request_total{$__tags}');
      expect(query).toMatch(/^sum by \(status\) \(rate\(/);
    });

    it('names only provisioned datasources in its links', () => {
      const linked = [
        (jaeger.jsonData.tracesToLogsV2 as { datasourceUid: string }).datasourceUid,
        (jaeger.jsonData.tracesToMetrics as { datasourceUid: string }).datasourceUid,
      ];
      expect(PROVISIONED).toEqual(expect.arrayContaining(linked));
    });
  });

  describe('the ledger', () => {
    /** The settings the backend makes of a provisioned ledger datasource, as Grafana sends it. */
    const backendSettings = (ledger: ProvisionedDatasource) =>
      readSettings({
        id: 1,
        name: ledger.name,
        url: '',
        user: '',
        database: '',
        basicAuthEnabled: false,
        basicAuthUser: '',
        jsonData: new TextEncoder().encode(JSON.stringify(ledger.jsonData)),
        decryptedSecureJsonData: { password: 'from-the-environment' },
        lastUpdatedMS: 0,
        uid: ledger.uid,
        apiVersion: '',
      });

    it('has settings the backend accepts', () => {
      const ledger = byUid(PROVISIONED_UIDS.ledger);
      const result = backendSettings(ledger);
      expect(result).toMatchObject({ ok: true, settings: { host: 'mysql', database: 'rag_flow' } });
    });

    it("the README's install guide provisions a datasource the backend accepts, password from the environment", () => {
      const readme = readText(path.join(REPO_ROOT, 'README.md'));
      const guide = readme.slice(readme.indexOf('## Install into an existing Grafana'));
      const block = /```yaml\n([\s\S]*?)```/.exec(guide)?.[1];
      expect(block).toBeDefined();
      const [ledger] = (parse(block!) as { datasources: ProvisionedDatasource[] }).datasources;
      expect(ledger).toMatchObject({ type: 'llmops-ledger-datasource', uid: PROVISIONED_UIDS.ledger });
      expect(ledger.secureJsonData).toEqual({ password: '$LEDGER_DB_PASSWORD' });
      const result = backendSettings(ledger);
      expect(result).toMatchObject({ ok: true, settings: { user: 'ledger_ro', tls: { mode: 'verify-full' } } });
    });

    it("budgets the same tenants as the app, so alert rules and the app's page agree", () => {
      const ledgerBudgets = byUid(PROVISIONED_UIDS.ledger).jsonData.budgets;
      const app = (readYaml('plugins/app.yaml') as { apps: Array<{ jsonData: AppJsonData }> }).apps[0];
      expect(ledgerBudgets).toEqual(app.jsonData.budgets);
    });
  });
});

describe('the provisioned app', () => {
  const file = readYaml('plugins/app.yaml') as {
    apiVersion: number;
    apps: Array<{ type: string; org_id: number; disabled: boolean; jsonData: AppJsonData }>;
  };
  const { jsonData } = file.apps[0];

  it('is enabled in org 1', () => {
    expect(file.apiVersion).toBe(1);
    expect(file.apps).toEqual([{ type: APP_PLUGIN_ID, org_id: 1, disabled: false, jsonData: expect.any(Object) }]);
  });

  it('has settings the app reads back unchanged, with every field set', () => {
    expect(appSettingsOf(jsonData)).toEqual(jsonData);
    expect(Object.keys(jsonData).sort()).toEqual(Object.keys(DEFAULT_APP_SETTINGS).sort());
  });

  it('uses the provisioned datasources and the demo service, with both optional pages on', () => {
    expect(jsonData).toMatchObject({
      ledgerDatasourceUid: PROVISIONED_UIDS.ledger,
      prometheusDatasourceUid: PROVISIONED_UIDS.prometheus,
      lokiDatasourceUid: PROVISIONED_UIDS.loki,
      jaegerDatasourceUid: PROVISIONED_UIDS.jaeger,
      serviceName: PROVISIONED_SERVICE,
      auditEnabled: true,
      serviceHealthEnabled: true,
    });
  });

  it('budgets a few tenants that the seed generates', () => {
    const budgets = jsonData.budgets ?? [];
    expect(budgets.length).toBeGreaterThanOrEqual(2);
    const seeded = new Set(TENANTS.map((t) => t.id));
    for (const { tenant, monthlyBudget } of budgets) {
      expect(seeded.has(tenant)).toBe(true);
      expect(monthlyBudget).toBeGreaterThan(0);
    }
    expect(new Set(budgets.map((b) => b.tenant)).size).toBe(budgets.length);
  });
});

describe('the dashboard provider', () => {
  const file = readYaml('dashboards/dashboards.yaml') as {
    apiVersion: number;
    providers: Array<{
      name: string;
      orgId: number;
      folder: string;
      type: string;
      disableDeletion: boolean;
      allowUiUpdates: boolean;
      updateIntervalSeconds: number;
      options: { path: string; foldersFromFilesStructure?: boolean };
    }>;
  };

  it('has the shape Grafana reads', () => {
    expect(file.apiVersion).toBe(1);
    expect(file.providers).toHaveLength(1);
    expect(file.providers[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        orgId: 1,
        folder: 'LLM Ops',
        type: 'file',
        disableDeletion: expect.any(Boolean),
        allowUiUpdates: expect.any(Boolean),
        updateIntervalSeconds: expect.any(Number),
        options: expect.objectContaining({ path: expect.any(String) }),
      })
    );
  });

  it("reads the built plugin's dashboards (dist/dashboards, mounted as the plugin), so there is one copy", () => {
    expect(file.providers[0].options.path).toBe(`/var/lib/grafana/plugins/${APP_PLUGIN_ID}/dashboards`);
  });
});
