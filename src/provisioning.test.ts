/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Under jsdom, `yaml` would resolve to its untranspiled ESM browser build; its Node build is CommonJS.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS, TIME_AXES, TLS_MODES, type LedgerJsonData } from './shared/datasourceSettings';
import { APP_PLUGIN_ID, DATASOURCE_PLUGIN_ID } from './shared/ids';

const PROVISIONING_DIR = path.resolve(__dirname, '../provisioning');
const readYaml = (file: string) => parse(fs.readFileSync(path.join(PROVISIONING_DIR, file), 'utf8'));

describe('provisioning', () => {
  it('enables the app in org 1, with its settings', () => {
    const { apiVersion, apps } = readYaml('plugins/app.yaml');
    expect(apiVersion).toBe(1);
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ type: APP_PLUGIN_ID, org_id: 1, disabled: false, jsonData: expect.any(Object) });
    // The settings themselves: src/provisioning/datasources.test.ts.
  });

  it('provisions the ledger datasource with its fixed uid and the password from the environment', () => {
    const { apiVersion, datasources } = readYaml('datasources/ledger.yaml');
    expect(apiVersion).toBe(1);
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({
      type: DATASOURCE_PLUGIN_ID,
      uid: 'llmops-ledger',
      jsonData: { description: expect.any(String) },
      secureJsonData: { password: '$LEDGER_DB_PASSWORD' },
    });
  });

  it('points the ledger datasource at the demo MySQL with valid settings', () => {
    const { jsonData } = readYaml('datasources/ledger.yaml').datasources[0];
    expect(jsonData).toMatchObject({
      host: 'mysql',
      port: 3306,
      database: 'rag_flow',
      user: 'ledger_ro',
      timeAxis: 'timestamp',
    });
    // Only names the backend knows, with the types and values it accepts.
    const known: Array<keyof LedgerJsonData> = [
      'description',
      'host',
      'port',
      'database',
      'user',
      'tlsMode',
      'usageTable',
      'auditTable',
      'usageColumns',
      'auditColumns',
      'timeAxis',
      'pinnedTenant',
      'maxRows',
      'queryTimeoutSeconds',
      'auditMinRole',
      'piiMinRole',
      'prices',
      'budgets',
    ];
    expect(known).toEqual(expect.arrayContaining(Object.keys(jsonData)));
    expect(TLS_MODES).toContain(jsonData.tlsMode ?? DEFAULT_SETTINGS.tlsMode);
    expect(TIME_AXES).toContain(jsonData.timeAxis);
    expect(Number.isInteger(jsonData.port)).toBe(true);
  });
});
