/**
 * Every plugin.json (the app and the nested datasource, in src/ and, once built, in dist/) must pass
 * the schema that Grafana's plugin validator uses (its `metadatavalid` check), and the two must agree
 * with each other and with the ids the code uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { APP_PLUGIN_ID, DATASOURCE_EXECUTABLE, DATASOURCE_PLUGIN_ID } from './shared/ids';
import { ROUTES } from './constants';
import { ACTIONS } from './shared/permissions';
import { DEFAULT_SETTINGS } from './shared/datasourceSettings';

const REPO_ROOT = path.resolve(__dirname, '..');
const SRC_DIR = path.join(REPO_ROOT, 'src');
const DIST_DIR = path.join(REPO_ROOT, 'dist');
// The saved copy of grafana/grafana's plugin.schema.json lives beside the repository (shared/schemas).
const SCHEMA_PATH = path.resolve(__dirname, '../../shared/schemas/plugin.schema.json');

type PluginJson = {
  id: string;
  type: string;
  name: string;
  backend?: boolean;
  alerting?: boolean;
  executable?: string;
  info: { version: string; updated: string; logos: { small: string; large: string } };
  includes?: Array<{
    type: string;
    name?: string;
    path?: string;
    action?: string;
    role?: string;
    addToNav?: boolean;
    defaultNav?: boolean;
  }>;
  roles?: Array<{ role: { name: string; permissions: Array<{ action: string }> }; grants: string[] }>;
  dependencies: { grafanaDependency: string; extensions?: { exposedComponents?: string[] } };
};

function loadSchemaValidator(): { validate: ValidateFunction; ajv: Ajv } {
  if (!fs.existsSync(SCHEMA_PATH)) {
    throw new Error(
      `plugin.json schema not found at ${SCHEMA_PATH}. It must sit beside the repository in ` +
        'shared/schemas/plugin.schema.json (copy it there before running the tests).'
    );
  }
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));
  // The schema declares draft-07, the default dialect of the `Ajv` class. Two upstream quirks:
  // the id pattern escapes `-` outside a character class, which is invalid in Unicode regexps
  // (Ajv's default), and `additionalItems` sits beside a non-tuple `items`, which strict mode rejects.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false, strictSchema: false, strictTypes: false });
  addFormats(ajv);
  return { validate: ajv.compile(schema), ajv };
}

function findPluginJsonFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((entry) => path.basename(entry) === 'plugin.json')
    .map((entry) => path.join(dir, entry))
    .sort();
}

const readJson = (file: string): PluginJson => JSON.parse(fs.readFileSync(file, 'utf8'));
const relative = (file: string) => path.relative(REPO_ROOT, file);

const { validate, ajv } = loadSchemaValidator();
const srcFiles = findPluginJsonFiles(SRC_DIR);
const distFiles = fs.existsSync(DIST_DIR) ? findPluginJsonFiles(DIST_DIR) : [];

describe('plugin.json schema validation', () => {
  it('the schema rejects a plugin.json that misses required fields (the validator is live)', () => {
    expect(validate({ type: 'app', id: APP_PLUGIN_ID })).toBe(false);
    expect(ajv.errorsText(validate.errors)).toContain("must have required property 'info'");
  });

  it('the schema rejects an id without a type suffix', () => {
    const appJson = readJson(path.join(SRC_DIR, 'plugin.json'));
    expect(validate({ ...appJson, id: 'llmops-observability' })).toBe(false);
  });

  it('finds the app and the nested datasource under src/', () => {
    expect(srcFiles.map(relative)).toEqual(['src/datasource/plugin.json', 'src/plugin.json']);
  });

  it.each(srcFiles.map(relative))('%s is valid', (file) => {
    const valid = validate(readJson(path.join(REPO_ROOT, file)));
    expect(ajv.errorsText(validate.errors, { dataVar: file })).toBe('No errors');
    expect(valid).toBe(true);
  });

  (distFiles.length > 0 ? describe : describe.skip)('built plugin.json files in dist/', () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

    it('dist/ holds the app and the nested datasource', () => {
      expect(distFiles.map(relative)).toEqual(['dist/datasource/plugin.json', 'dist/plugin.json']);
    });

    it.each(distFiles.map(relative))('%s is valid, with no placeholders left', (file) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const json: PluginJson = JSON.parse(text);
      const valid = validate(json);
      expect(ajv.errorsText(validate.errors, { dataVar: file })).toBe('No errors');
      expect(valid).toBe(true);
      expect(text).not.toMatch(/%(VERSION|TODAY|PLUGIN_ID)%/);
      expect(json.info.version).toBe(version);
      expect(json.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it.each(distFiles.map(relative))('%s has its logos next to it', (file) => {
      const json = readJson(path.join(REPO_ROOT, file));
      for (const logo of new Set([json.info.logos.small, json.info.logos.large])) {
        expect(fs.existsSync(path.join(REPO_ROOT, path.dirname(file), logo))).toBe(true);
      }
    });
    it.each([
      ['cost.js', 'unpricedModels'],
      ['audit.js', 'eventId'],
      ['service-health.js', 'process_resident_memory_bytes'],
    ])("each page's body is its own lazy chunk: %s, and module.js does not carry it", (chunk, marker) => {
      const module = fs.readFileSync(path.join(DIST_DIR, 'module.js'), 'utf8');
      expect(fs.readFileSync(path.join(DIST_DIR, chunk), 'utf8')).toContain(marker);
      expect(module).not.toContain(marker);
    });
  });
});

describe('app and nested datasource metadata', () => {
  const app = readJson(path.join(SRC_DIR, 'plugin.json'));
  const datasource = readJson(path.join(SRC_DIR, 'datasource', 'plugin.json'));

  it('use the ids the code uses', () => {
    expect(app).toMatchObject({ type: 'app', id: APP_PLUGIN_ID });
    expect(datasource).toMatchObject({ type: 'datasource', id: DATASOURCE_PLUGIN_ID });
  });

  it('the backend belongs to the datasource, which supports alerting; the app has none', () => {
    expect(datasource).toMatchObject({ backend: true, alerting: true, executable: DATASOURCE_EXECUTABLE });
    expect(app.backend).toBeUndefined();
    expect(app.executable).toBeUndefined();
  });

  it('the app includes the nested datasource by its name', () => {
    expect(app.includes).toContainEqual({ type: 'datasource', name: datasource.name });
  });

  it('each app page include has a route, and exactly one is the default', () => {
    const pages = (app.includes ?? []).filter((include) => include.type === 'page' && include.path?.startsWith('/a/'));
    const routes = pages.map((page) => page.path?.replace('/a/%PLUGIN_ID%/', ''));
    expect(routes.sort()).toEqual(Object.values(ROUTES).sort());
    expect(pages.filter((page) => page.defaultNav)).toHaveLength(1);
  });

  describe('roles', () => {
    const granted = (basicRole: string) =>
      (app.roles ?? [])
        .filter((r) => r.grants.includes(basicRole))
        .flatMap((r) => r.role.permissions.map((p) => p.action))
        .sort();

    it('declare exactly the actions the code checks', () => {
      const declared = (app.roles ?? []).flatMap((r) => r.role.permissions.map((p) => p.action));
      expect(declared.sort()).toEqual(Object.values(ACTIONS).sort());
    });

    it('grant cost to Viewers (and so to Editors and Admins) and everything to Admins', () => {
      // Grafana adds a grant to the basic roles above it: Viewer < Editor < Admin.
      expect(granted('Viewer')).toEqual([ACTIONS.costRead]);
      expect(granted('Editor')).toEqual([]);
      expect(granted('Admin')).toEqual([ACTIONS.auditRead, ACTIONS.piiRead, ACTIONS.settingsWrite].sort());
    });

    it('gate the audit page and the configuration page with their actions, and the cost page with cost', () => {
      const actionOf = (name: string) => app.includes?.find((i) => i.name === name)?.action;
      expect(actionOf('LLM Cost')).toBe(ACTIONS.costRead);
      expect(actionOf('Audit Trail')).toBe(ACTIONS.auditRead);
      expect(actionOf('Configuration')).toBe(ACTIONS.settingsWrite);
    });

    it("match the backend's default role minimums: audit trail and personal data for Admins", () => {
      expect(DEFAULT_SETTINGS.auditMinRole).toBe('Admin');
      expect(DEFAULT_SETTINGS.piiMinRole).toBe('Admin');
    });
  });

  it('depends on the add-to-dashboard form it offers on every page', () => {
    expect(app.dependencies.extensions?.exposedComponents).toContain('grafana/add-to-dashboard-form/v1');
  });

  it('both require the same Grafana version', () => {
    expect(datasource.dependencies.grafanaDependency).toBe(app.dependencies.grafanaDependency);
  });

  it.each([
    ['src/plugin.json', app],
    ['src/datasource/plugin.json', datasource],
  ])('%s logos exist in src/', (file, json) => {
    for (const logo of new Set([json.info.logos.small, json.info.logos.large])) {
      expect(fs.existsSync(path.join(REPO_ROOT, path.dirname(file), logo))).toBe(true);
    }
  });
});
