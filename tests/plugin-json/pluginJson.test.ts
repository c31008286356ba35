/**
 * Each rule of ./pluginJson can fail: a valid plugin.json (and a valid built folder) passes, and every case below
 * breaks exactly one thing and expects the problem that names it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkPluginFolder, checkPluginJson } from './pluginJson';

type Json = Record<string, any>;

/** A valid app, close to ours but self-contained. */
function appJson(): Json {
  return {
    $schema:
      'https://raw.githubusercontent.com/grafana/grafana/main/docs/sources/developers/plugins/plugin.schema.json',
    type: 'app',
    name: 'Example App',
    id: 'acme-example-app',
    info: {
      description: 'An example',
      author: { name: 'ACME', url: 'https://example.com' },
      keywords: ['example'],
      logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
      links: [{ name: 'License', url: 'https://www.apache.org/licenses/LICENSE-2.0' }],
      screenshots: [],
      version: '1.2.3',
      updated: '2025-01-31',
    },
    includes: [
      {
        type: 'page',
        name: 'Home',
        path: '/a/acme-example-app/home',
        action: 'acme-example-app.home:read',
        addToNav: true,
        defaultNav: true,
      },
      { type: 'page', name: 'Admin', path: '/a/acme-example-app/admin', role: 'Admin', addToNav: true, icon: 'cog' },
      { type: 'datasource', name: 'Example Source', path: 'datasource/plugin.json' },
      { type: 'dashboard', name: 'Overview', path: 'dashboards/overview.json' },
    ],
    roles: [
      {
        role: {
          name: 'Home Reader',
          description: 'See the home page',
          permissions: [
            { action: 'acme-example-app.home:read' },
            { action: 'plugins.app:access', scope: 'plugins:id:acme-example-app' },
          ],
        },
        grants: ['Viewer'],
      },
    ],
    dependencies: {
      grafanaDependency: '>=12.4.0',
      plugins: [],
      extensions: { exposedComponents: ['grafana/add-to-dashboard-form/v1'] },
    },
  };
}

/** A valid nested backend datasource. */
function datasourceJson(): Json {
  return {
    type: 'datasource',
    name: 'Example Source',
    id: 'acme-example-datasource',
    backend: true,
    alerting: true,
    metrics: true,
    annotations: true,
    executable: 'gpx_example',
    queryOptions: { maxDataPoints: true },
    info: {
      author: { name: 'ACME' },
      keywords: ['example'],
      logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
      version: '1.2.3',
      updated: '2025-01-31',
    },
    dependencies: { grafanaDependency: '>=12.4.0', plugins: [] },
  };
}

describe('checkPluginJson', () => {
  it.each([
    ['the app', appJson()],
    ['the nested datasource', datasourceJson()],
    [
      'a source plugin.json with build placeholders',
      { ...appJson(), info: { ...appJson().info, version: '%VERSION%', updated: '%TODAY%' } },
    ],
    ['a range with an upper bound', { ...appJson(), dependencies: { grafanaDependency: '>=10.4.0 <12.0.0' } }],
    ['alternative ranges', { ...appJson(), dependencies: { grafanaDependency: '^11.0.0 || ^12.0.0' } }],
    ['a pre-release version', { ...appJson(), info: { ...appJson().info, version: '1.0.0-beta.1' } }],
  ])('accepts %s', (_name, json) => {
    expect(checkPluginJson(json)).toEqual([]);
  });

  const cases: Array<[string, (json: Json) => void, string]> = [
    ['bad id: uppercase', (j) => (j.id = 'ACME-example-app'), 'id: Must be lowercase'],
    ['bad id: no type suffix', (j) => (j.id = 'acme-example'), 'id: Must be lowercase'],
    ['bad id: too many parts', (j) => (j.id = 'acme-big-example-app'), 'id: Must be lowercase'],
    [
      'id suffix is not the type (typesuffix)',
      (j) => (j.id = 'acme-example-panel'),
      'id: Must end with the plugin type "-app"',
    ],
    ['unknown type', (j) => (j.type = 'widget'), 'type: Invalid option'],
    ['missing name', (j) => delete j.name, 'name: Required'],
    ['missing info', (j) => delete j.info, 'info: Required'],
    ['missing info.logos', (j) => delete j.info.logos, 'info.logos: Required'],
    ['missing info.logos.small', (j) => delete j.info.logos.small, 'info.logos.small: Required'],
    ['no keywords', (j) => (j.info.keywords = []), 'info.keywords: At least one keyword is required'],
    ['missing info.version', (j) => delete j.info.version, 'info.version: Required'],
    ['version not SemVer', (j) => (j.info.version = 'v1'), 'info.version: Must be a SemVer version'],
    ['updated not a date', (j) => (j.info.updated = '31/01/2025'), 'info.updated: Must be a date'],
    ['updated not a calendar date', (j) => (j.info.updated = '2025-02-30'), 'info.updated: Must be a date'],
    ['author without name', (j) => (j.info.author = { url: 'https://example.com' }), 'info.author.name: Required'],
    ['link without url', (j) => (j.info.links = [{ name: 'Docs' }]), 'info.links[0].url: Required'],
    ['link url not a URL', (j) => (j.info.links = [{ name: 'Docs', url: 'docs' }]), 'info.links[0].url: Invalid URL'],
    ['unknown field in info', (j) => (j.info.homepage = 'x'), 'info.homepage: Unknown field'],
    ['missing dependencies', (j) => delete j.dependencies, 'dependencies: Required'],
    [
      'missing grafanaDependency',
      (j) => delete j.dependencies.grafanaDependency,
      'dependencies.grafanaDependency: Required',
    ],
    [
      'wrong grafanaDependency: word',
      (j) => (j.dependencies.grafanaDependency = 'latest'),
      'dependencies.grafanaDependency: Must be a semver range',
    ],
    [
      'wrong grafanaDependency: space after operator',
      (j) => (j.dependencies.grafanaDependency = '>= 12.4.0'),
      'dependencies.grafanaDependency: Must be a semver range',
    ],
    [
      'wrong grafanaDependency: trailing +',
      (j) => (j.dependencies.grafanaDependency = '12.4.0+'),
      'dependencies.grafanaDependency: Must be a semver range',
    ],
    [
      'dependency plugin without type',
      (j) => (j.dependencies.plugins = [{ id: 'grafana-clock-panel', name: 'Clock' }]),
      'dependencies.plugins[0].type: Required',
    ],
    ['unknown top-level field', (j) => (j.backendd = true), 'backendd: Unknown field'],
    ['include of unknown type', (j) => (j.includes[0].type = 'widget'), 'includes[0].type: Invalid option'],
    ['include role None', (j) => (j.includes[1].role = 'None'), 'includes[1].role: Invalid option'],
    ['dashboard include without path', (j) => delete j.includes[3].path, 'includes[3].path: Required for a dashboard'],
    ['role without name', (j) => delete j.roles[0].role.name, 'roles[0].role.name: Required'],
    [
      'role grant that is no basic role',
      (j) => (j.roles[0].grants = ['Everyone']),
      'roles[0].grants[0]: Invalid option',
    ],
    [
      'role action of another plugin',
      (j) => (j.roles[0].role.permissions[0].action = 'other-example-app.home:read'),
      'roles[0].role.permissions[0].action: Must start with "acme-example-app."',
    ],
    [
      'core action scoped to another plugin',
      (j) => (j.roles[0].role.permissions[1].scope = 'plugins:id:other-app'),
      'roles[0].role.permissions[1].action: Must start with',
    ],
    [
      'queryOptions with an unknown option',
      (j) => (j.queryOptions = { maxPoints: true }),
      'queryOptions.maxPoints: Unknown field',
    ],
  ];
  it.each(cases)('rejects %s', (_name, mutate, expected) => {
    const json = appJson();
    mutate(json);
    expect(checkPluginJson(json)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it.each<[string, (json: Json) => void, string]>([
    ['alerting without backend', (j) => (j.backend = false), 'alerting: Requires "backend": true'],
    ['executable without backend', (j) => delete j.backend, 'executable: Requires "backend": true'],
    ['backend without executable', (j) => delete j.executable, 'executable: Required when "backend" is true'],
  ])('rejects a datasource with %s', (_name, mutate, expected) => {
    const json = datasourceJson();
    mutate(json);
    expect(checkPluginJson(json)).toContain(expected);
  });

  it('names the document itself when it is not an object', () => {
    expect(checkPluginJson(null)).toEqual(['(root): Invalid input: expected object, received null']);
  });
});

describe('checkPluginFolder', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const write = (file: string, content: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    fs.chmodSync(file, mode);
  };

  /** A built folder like dist/: the app, its nested backend datasource, logos, module.js files, a dashboard. */
  function makeFolder(edit: (dir: string, app: Json, datasource: Json) => void = () => {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-json-'));
    made.push(dir);
    const app = appJson();
    const datasource = datasourceJson();
    write(path.join(dir, 'module.js'), '');
    write(path.join(dir, 'img', 'logo.svg'), '<svg/>');
    write(path.join(dir, 'dashboards', 'overview.json'), '{}');
    write(path.join(dir, 'datasource', 'module.js'), '');
    write(path.join(dir, 'datasource', 'img', 'logo.svg'), '<svg/>');
    write(path.join(dir, 'datasource', 'gpx_example_linux_amd64'), '#!/bin/sh\n', 0o755);
    edit(dir, app, datasource);
    // An edit may replace a plugin.json by hand; only write the ones it left alone.
    if (!fs.existsSync(path.join(dir, 'plugin.json'))) {
      write(path.join(dir, 'plugin.json'), JSON.stringify(app, null, 2));
    }
    if (!fs.existsSync(path.join(dir, 'datasource', 'plugin.json'))) {
      write(path.join(dir, 'datasource', 'plugin.json'), JSON.stringify(datasource, null, 2));
    }
    return dir;
  }

  it('accepts a valid built folder', () => {
    expect(checkPluginFolder(makeFolder())).toEqual([]);
  });

  it('accepts linux_arm64 when it is required and present', () => {
    const dir = makeFolder((d) => write(path.join(d, 'datasource', 'gpx_example_linux_arm64'), '', 0o755));
    expect(checkPluginFolder(dir, { platforms: ['linux_amd64', 'linux_arm64'] })).toEqual([]);
  });

  // Each edit breaks one rule, and the folder then has exactly these problems.
  const cases: Array<[string, (dir: string, app: Json, datasource: Json) => void, unknown[]]> = [
    [
      'an invalid root plugin.json (bad id)',
      (_d, app) => Object.assign(app, { id: 'acme-my-example-app', roles: undefined }),
      ['plugin.json: id: Must be lowercase "<org>-<name>-<type>" ending in app, panel, datasource or secretsmanager'],
    ],
    [
      'an invalid nested plugin.json (missing info.logos)',
      (_d, _a, ds) => delete ds.info.logos,
      ['datasource/plugin.json: info.logos: Required'],
    ],
    [
      'a wrong grafanaDependency',
      (_d, app) => (app.dependencies.grafanaDependency = '12.x+'),
      ['plugin.json: dependencies.grafanaDependency: Must be a semver range such as ">=12.4.0" or ">=10.4.0 <12.0.0"'],
    ],
    [
      'a datasource include without path (nested plugin not declared)',
      (_d, app) => delete app.includes[2].path,
      [
        'datasource/plugin.json: Nested plugin datasource/plugin.json is not declared in plugin.json: add ' +
          '{ "type": "datasource", "name": "Example Source", "path": "datasource/plugin.json" } to its includes',
      ],
    ],
    [
      'an include whose type is not the nested plugin type',
      (_d, app) => (app.includes[2].type = 'panel'),
      ['plugin.json: includes[2].type: "panel" but datasource/plugin.json is a datasource plugin'],
    ],
    [
      'an include that names a plugin.json that is not there',
      (_d, app) => app.includes.push({ type: 'panel', name: 'Gone', path: 'panel/plugin.json' }),
      ['plugin.json: includes[4].path: panel/plugin.json does not exist'],
    ],
    [
      'a root plugin.json that is not an app',
      (_d, app) => Object.assign(app, { type: 'panel', id: 'acme-example-panel', roles: undefined }),
      ['plugin.json: type: Must be "app" (found "panel")'],
    ],
    [
      'a %VERSION% placeholder',
      (_d, app) => (app.info.version = '%VERSION%'),
      ['plugin.json: %VERSION% placeholder left (the build replaces it)'],
    ],
    [
      'a %TODAY% placeholder',
      (_d, _a, ds) => (ds.info.updated = '%TODAY%'),
      ['datasource/plugin.json: %TODAY% placeholder left (the build replaces it)'],
    ],
    [
      'a %PLUGIN_ID% placeholder',
      (_d, app) => (app.includes[0].path = '/a/%PLUGIN_ID%/home'),
      ['plugin.json: %PLUGIN_ID% placeholder left (the build replaces it)'],
    ],
    ['a missing root module.js', (d) => fs.rmSync(path.join(d, 'module.js')), ['plugin.json: module.js is missing']],
    [
      'a missing nested module.js',
      (d) => fs.rmSync(path.join(d, 'datasource', 'module.js')),
      ['datasource/plugin.json: datasource/module.js is missing'],
    ],
    [
      'a missing logo',
      (d) => fs.rmSync(path.join(d, 'datasource', 'img'), { recursive: true }),
      [
        'datasource/plugin.json: info.logos.small: datasource/img/logo.svg does not exist',
        'datasource/plugin.json: info.logos.large: datasource/img/logo.svg does not exist',
      ],
    ],
    [
      'a logo given as a URL',
      (_d, app) => (app.info.logos.large = 'https://example.com/logo.svg'),
      ['plugin.json: info.logos.large: Must be a path relative to plugin.json, not a URL'],
    ],
    [
      'a logo path starting with ./',
      (_d, app) => (app.info.logos.small = './img/logo.svg'),
      ["plugin.json: info.logos.small: Must be relative to plugin.json without a leading '.' or '/'"],
    ],
    [
      'a missing dashboard',
      (d) => fs.rmSync(path.join(d, 'dashboards'), { recursive: true }),
      ['plugin.json: includes[3].path: dashboards/overview.json does not exist'],
    ],
    [
      'a backend plugin without executable',
      (_d, _a, ds) => delete ds.executable,
      ['datasource/plugin.json: executable: Required when "backend" is true'],
    ],
    [
      'a missing linux_amd64 executable',
      (d) => fs.rmSync(path.join(d, 'datasource', 'gpx_example_linux_amd64')),
      ['datasource/plugin.json: executable: datasource/gpx_example_linux_amd64 is missing'],
    ],
    [
      'an executable without the run bit',
      (d) => fs.chmodSync(path.join(d, 'datasource', 'gpx_example_linux_amd64'), 0o644),
      [
        'datasource/gpx_example_linux_amd64: Not executable (mode 0644); the owner execute bit must be set ' +
          '(the plugin validator wants 0755)',
      ],
    ],
    [
      'a plugin.json that is not JSON',
      (d) => write(path.join(d, 'datasource', 'plugin.json'), '{ "id": '),
      [expect.stringMatching(/^datasource\/plugin\.json: Not valid JSON \(.+\)$/)],
    ],
  ];
  it.each(cases)('rejects %s', (_name, edit, expected) => {
    expect(checkPluginFolder(makeFolder(edit))).toEqual(expected);
  });

  it('requires linux_arm64 only when the platforms list it', () => {
    const dir = makeFolder();
    expect(checkPluginFolder(dir)).toEqual([]);
    expect(checkPluginFolder(dir, { platforms: ['linux_amd64', 'linux_arm64'] })).toEqual([
      'datasource/plugin.json: executable: datasource/gpx_example_linux_arm64 is missing',
    ]);
  });

  it('rejects a folder without a root plugin.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-json-'));
    made.push(dir);
    expect(checkPluginFolder(dir)).toEqual([
      'plugin.json: Missing (Grafana only loads a folder with a plugin.json at its top)',
    ]);
  });
});
