/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Under jsdom, `yaml` would resolve to its untranspiled ESM browser build; its Node build is CommonJS.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { APP_PLUGIN_ID, DATASOURCE_PLUGIN_ID } from './shared/ids';

const PROVISIONING_DIR = path.resolve(__dirname, '../provisioning');
const readYaml = (file: string) => parse(fs.readFileSync(path.join(PROVISIONING_DIR, file), 'utf8'));

describe('provisioning', () => {
  it('enables the app in org 1', () => {
    expect(readYaml('plugins/app.yaml')).toEqual({
      apiVersion: 1,
      apps: [{ type: APP_PLUGIN_ID, org_id: 1, disabled: false }],
    });
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
});
