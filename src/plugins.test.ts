/**
 * Every plugin.json (the app and the nested datasource, in src/ and, once built, in dist/) must pass the checks of
 * tests/plugin-json (plugin.json as Grafana and its plugin validator read it), and the two must agree with each
 * other and with the ids the code uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkPluginFolder, checkPluginJson, type PluginJson } from '../tests/plugin-json/pluginJson';
import { APP_PLUGIN_ID, DATASOURCE_EXECUTABLE, DATASOURCE_PLUGIN_ID } from './shared/ids';
import { ROUTES } from './constants';
import { ACTIONS } from './shared/permissions';
import { DEFAULT_SETTINGS } from './shared/datasourceSettings';

const REPO_ROOT = path.resolve(__dirname, '..');
const SRC_DIR = path.join(REPO_ROOT, 'src');
const DIST_DIR = path.join(REPO_ROOT, 'dist');

function findPluginJsonFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((entry) => path.basename(entry) === 'plugin.json')
    .map((entry) => path.join(dir, entry))
    .sort();
}

const readJson = (file: string): PluginJson => JSON.parse(fs.readFileSync(file, 'utf8'));
const relative = (file: string) => path.relative(REPO_ROOT, file);

const srcFiles = findPluginJsonFiles(SRC_DIR);
const distFiles = fs.existsSync(path.join(DIST_DIR, 'plugin.json')) ? findPluginJsonFiles(DIST_DIR) : [];

describe('plugin.json schema validation', () => {
  it('the check rejects a plugin.json that misses required fields (the validator is live)', () => {
    expect(checkPluginJson({ type: 'app', id: APP_PLUGIN_ID })).toEqual(
      expect.arrayContaining(['name: Required', 'info: Required', 'dependencies: Required'])
    );
  });

  it('the check rejects an id without a type suffix', () => {
    const appJson = readJson(path.join(SRC_DIR, 'plugin.json'));
    expect(checkPluginJson({ ...appJson, id: 'llmops-observability' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^id: /)])
    );
  });

  it('finds the app and the nested datasource under src/', () => {
    expect(srcFiles.map(relative)).toEqual(['src/datasource/plugin.json', 'src/plugin.json']);
  });

  it.each(srcFiles.map(relative))('%s is valid', (file) => {
    expect(checkPluginJson(readJson(path.join(REPO_ROOT, file)))).toEqual([]);
  });

  (distFiles.length > 0 ? describe : describe.skip)('the built plugin in dist/', () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;

    it('dist/ holds the app and the nested datasource', () => {
      expect(distFiles.map(relative)).toEqual(['dist/datasource/plugin.json', 'dist/plugin.json']);
    });

    // Valid plugin.json files, the nested one declared by path, no placeholders left, logos and module.js next to
    // each, and the datasource's linux_amd64 executable with its run bit (`npm run build` builds it).
    it('passes the checks Grafana and its plugin validator make on a plugin folder', () => {
      expect(checkPluginFolder(DIST_DIR)).toEqual([]);
    });

    it.each(distFiles.map(relative))("%s carries package.json's version", (file) => {
      expect(readJson(path.join(REPO_ROOT, file)).info.version).toBe(version);
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

  it('the app includes the nested datasource by its name and the path of its plugin.json', () => {
    expect(app.includes).toContainEqual({ type: 'datasource', name: datasource.name, path: 'datasource/plugin.json' });
  });

  it('each app page include has a route, and exactly one is the default', () => {
    const pages = (app.includes ?? []).filter((include) => include.type === 'page' && include.path?.startsWith('/a/'));
    const routes = pages.map((page) => page.path?.replace('/a/%PLUGIN_ID%/', ''));
    expect(routes.sort()).toEqual(Object.values(ROUTES).sort());
    expect(pages.filter((page) => page.defaultNav)).toHaveLength(1);
  });

  describe('roles', () => {
    const actionsOf = (r: NonNullable<PluginJson['roles']>[number]) => (r.role.permissions ?? []).map((p) => p.action);
    const granted = (basicRole: 'Viewer' | 'Editor' | 'Admin') =>
      (app.roles ?? [])
        .filter((r) => (r.grants ?? []).includes(basicRole))
        .flatMap(actionsOf)
        .sort();

    it('declare exactly the actions the code checks', () => {
      const declared = (app.roles ?? []).flatMap(actionsOf);
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
