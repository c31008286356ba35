/**
 * plugin.json as Grafana reads it, checked by our own code so that the repository needs nothing beside it.
 *
 * Sources (read, not copied):
 * - the plugin.json reference, https://grafana.com/developers/plugin-tools/reference/plugin-json, and the JSON
 *   schema it is generated from, grafana/grafana docs/sources/developers/plugins/plugin.schema.json (what the
 *   plugin validator's `metadatavalid` analyzer applies);
 * - grafana/plugin-validator's analyzers for a built plugin folder or unzipped archive: `nestedmetadata` and
 *   `includesnested` (nested plugin.json files), `typesuffix`, `logos` and `metadatapaths`, `modulejs`, `version`,
 *   `backendbinary` and `binarypermissions`;
 * - Grafana's own RBAC check of plugin roles (pkg/services/accesscontrol pluginutils `ValidatePluginRole` and
 *   `ValidateBuiltInRoles`): role actions belong to the plugin, grants name basic roles.
 *
 * Where the schema and the rules differ from one Grafana release to another, the choice is written next to the rule.
 * Unknown keys follow the schema: objects it closes with `additionalProperties: false` (the top level, `info` and
 * its parts, `dependencies`, `queryOptions`, `roles`, `routes`) reject unknown keys, so a misspelt field fails
 * instead of being silently ignored by Grafana; objects it leaves open (`includes[]`, `dependencies.plugins[]`,
 * `dependencies.extensions`, `extensions`, `iam`, `enterpriseFeatures`) accept them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------------
// Field rules
// ---------------------------------------------------------------------------------------------------------------

/** `type`: the reference lists `secretsmanager` beside the schema's app, datasource, panel and renderer. */
export const PLUGIN_TYPES = ['app', 'datasource', 'panel', 'renderer', 'secretsmanager'] as const;
export type PluginType = (typeof PLUGIN_TYPES)[number];

/** `id`: lowercase `<org>-[<name>-]<type>`, the type suffix one of app, panel, datasource or secretsmanager. */
export const PLUGIN_ID_PATTERN = /^[0-9a-z]+-(?:[0-9a-z]+-)?(?:app|panel|datasource|secretsmanager)$/;

/** Placeholders that the build (the scaffold's webpack config) replaces in every plugin.json it copies to dist/. */
export const BUILD_PLACEHOLDERS = ['%VERSION%', '%TODAY%', '%PLUGIN_ID%'] as const;

/**
 * `info.version`: a full SemVer version. The schema's pattern only anchors its start (`x.y.z` followed by
 * anything); this is stricter and also allows a pre-release and build suffix. `%VERSION%` is allowed in sources.
 */
const SEMVER = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** `info.updated`: a `YYYY-MM-DD` calendar date; `%TODAY%` is allowed in sources. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * `dependencies.grafanaDependency`: a node-semver style range as the schema describes it: an optional comparator
 * (`<=`, `>=`, `<`, `>`, `=`, `~`, `^`) and a version whose minor and patch may be `x` or `*`, optionally a
 * pre-release; at most two such terms separated by one space (a lower and an upper bound), and alternatives
 * joined by ` || `. Examples: `>=12.4.0`, `>=10.4.0 <12.0.0`, `^11.0.0 || ^12.0.0`.
 */
const RANGE_OPERATOR = '(?:<=|>=|<|>|=|~|\\^)?';
const RANGE_VERSION = '\\d+(?:\\.[0-9x*]+)?(?:\\.[0-9x*]+)?(?:-[0-9A-Za-z.-]+)?';
const RANGE_TERM = `${RANGE_OPERATOR}${RANGE_VERSION}`;
const RANGE = `${RANGE_TERM}(?: ${RANGE_TERM})?`;
export const GRAFANA_DEPENDENCY_PATTERN = new RegExp(`^${RANGE}(?: \\|\\| ${RANGE})*$`);

/** `dependencies.grafanaVersion` (deprecated): `6.x.x`-style. */
const GRAFANA_VERSION_PATTERN = /^\d+(?:\.[0-9x]+)?(?:\.[0-9x])?$/;

/** Ids of extension points and exposed components: `<plugin id>/<name>/v<version>`. */
const EXTENSION_ID_PATTERN = /^[0-9a-z]+-(?:[0-9a-z]+-)?(?:app|panel|datasource)\/[a-zA-Z0-9_-]+\/v[0-9_.-]+$/;

/** Basic roles a plugin role may be granted to (reference: `roles[].grants`; Grafana's `ValidateBuiltInRoles`). */
export const BASIC_ROLES = ['Viewer', 'Editor', 'Admin', 'Grafana Admin'] as const;

/**
 * `includes[].role`: the schema's enum. Grafana's Go type would also take `None`, but the schema (and so the
 * validator's `metadatavalid`) rejects it; we follow the schema.
 */
export const INCLUDE_ROLES = ['Admin', 'Editor', 'Viewer'] as const;

/** `includes[].type`: the schema's enum plus `secretsmanager`, which the reference lists as a plugin type. */
export const INCLUDE_TYPES = ['dashboard', 'page', 'panel', 'datasource', 'secretsmanager'] as const;

const optionalBoolean = z.boolean().optional();
const optionalString = z.string().optional();

const author = z.strictObject({
  // The schema makes nothing in `author` required; Grafana shows the name on the plugin page, so we require it.
  name: z.string().min(1),
  email: z.email().optional(),
  url: z.url().optional(),
});

const build = z.strictObject({
  time: z.number().optional(),
  repo: optionalString,
  branch: optionalString,
  hash: optionalString,
  number: z.number().optional(),
  pr: z.number().optional(),
  build: z.number().optional(),
});

const info = z.strictObject({
  author: author.optional(),
  build: build.optional(),
  description: optionalString,
  keywords: z.array(z.string()).min(1, { error: 'At least one keyword is required' }),
  // A link or a screenshot without its name, url or path shows nothing, so these are required here (the schema
  // leaves them optional).
  links: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        url: z.url(),
        target: z.enum(['_blank', '_self', '_parent', '_top']).optional(),
      })
    )
    .optional(),
  logos: z.strictObject({ small: z.string().min(1), large: z.string().min(1) }),
  screenshots: z.array(z.strictObject({ name: z.string().min(1), path: z.string().min(1) })).optional(),
  version: z
    .string()
    .refine((value) => value === '%VERSION%' || SEMVER.test(value), { error: 'Must be a SemVer version (x.y.z)' }),
  updated: z
    .string()
    .refine((value) => value === '%TODAY%' || isCalendarDate(value), { error: 'Must be a date (YYYY-MM-DD)' }),
});

const pluginDependency = z.looseObject({
  id: z.string().regex(PLUGIN_ID_PATTERN, { error: 'Must be a plugin id (<org>-<name>-<type>)' }),
  type: z.enum(['app', 'datasource', 'panel', 'secretsmanager']),
  name: z.string(),
  // The reference: a pinned SemVer version, not a range; the latest supported version when left out.
  version: optionalString,
});

const dependencies = z.strictObject({
  grafanaDependency: z.string().regex(GRAFANA_DEPENDENCY_PATTERN, {
    error: 'Must be a semver range such as ">=12.4.0" or ">=10.4.0 <12.0.0"',
  }),
  /** @deprecated by Grafana in favour of grafanaDependency. */
  grafanaVersion: z.string().regex(GRAFANA_VERSION_PATTERN).optional(),
  plugins: z.array(pluginDependency).optional(),
  extensions: z.looseObject({ exposedComponents: z.array(z.string()).optional() }).optional(),
});

const include = z.looseObject({
  type: z.enum(INCLUDE_TYPES),
  name: optionalString,
  /** App pages: the page's URL; dashboards: the JSON file; nested plugins: their plugin.json, relative to the app. */
  path: optionalString,
  uid: optionalString,
  /** (Legacy) Angular component of a page. */
  component: optionalString,
  role: z.enum(INCLUDE_ROLES).optional(),
  /** RBAC action a user needs to see the page in the navigation. */
  action: optionalString,
  addToNav: optionalBoolean,
  defaultNav: optionalBoolean,
  icon: optionalString,
});

const permission = z.strictObject({ action: z.string().min(1), scope: optionalString });

const role = z.strictObject({
  role: z.strictObject({
    name: z.string().min(1),
    description: optionalString,
    permissions: z.array(permission).optional(),
  }),
  grants: z.array(z.enum(BASIC_ROLES)).optional(),
});

const route = z.strictObject({
  path: z.string().min(1),
  method: optionalString,
  url: optionalString,
  reqSignedIn: optionalBoolean,
  reqRole: optionalString,
  reqAction: optionalString,
  headers: z.array(z.unknown()).optional(),
  body: z.record(z.string(), z.unknown()).optional(),
  tokenAuth: z
    .strictObject({
      url: optionalString,
      scopes: z.array(z.string()).optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  jwtTokenAuth: z
    .looseObject({
      url: z.url().optional(),
      scopes: z.array(z.string()).optional(),
      params: z
        .strictObject({ token_uri: optionalString, client_email: optionalString, private_key: optionalString })
        .optional(),
    })
    .optional(),
  urlParams: z.array(z.strictObject({ name: optionalString, content: optionalString })).optional(),
});

const addedExtension = z.looseObject({
  targets: z.array(z.string()),
  title: z.string().min(10),
  description: optionalString,
});
const declaredExtension = z.looseObject({
  id: z.string().regex(EXTENSION_ID_PATTERN, { error: 'Must be "<plugin id>/<name>/v<version>"' }),
  title: optionalString,
  description: optionalString,
});

const pluginJsonObject = z.strictObject({
  $schema: optionalString,
  id: z.string().regex(PLUGIN_ID_PATTERN, {
    error: 'Must be lowercase "<org>-<name>-<type>" ending in app, panel, datasource or secretsmanager',
  }),
  type: z.enum(PLUGIN_TYPES),
  name: z.string().min(1),
  info,
  dependencies,
  includes: z.array(include).optional(),
  roles: z.array(role).optional(),
  backend: optionalBoolean,
  /** Prefix of the backend executables; Grafana starts `<executable>_<os>_<arch>[.exe]` next to plugin.json. */
  executable: z.string().min(1).optional(),
  alerting: optionalBoolean,
  annotations: optionalBoolean,
  metrics: optionalBoolean,
  logs: optionalBoolean,
  tracing: optionalBoolean,
  streaming: optionalBoolean,
  multiValueFilterOperators: optionalBoolean,
  queryOptions: z
    .strictObject({ maxDataPoints: optionalBoolean, minInterval: optionalBoolean, cacheTimeout: optionalBoolean })
    .optional(),
  routes: z.array(route).optional(),
  category: optionalString,
  state: z.enum(['alpha', 'beta', 'stable', 'deprecated']).optional(),
  preload: optionalBoolean,
  autoEnabled: optionalBoolean,
  skipDataQuery: optionalBoolean,
  suggestions: optionalBoolean,
  docsPath: optionalString,
  languages: z.array(z.string()).optional(),
  enterpriseFeatures: z.looseObject({ healthDiagnosticsErrors: optionalBoolean }).optional(),
  iam: z.looseObject({ permissions: z.array(permission).optional() }).optional(),
  extensions: z
    .looseObject({
      addedComponents: z.array(addedExtension).optional(),
      addedLinks: z.array(addedExtension).optional(),
      addedFunctions: z.array(addedExtension).optional(),
      exposedComponents: z.array(declaredExtension).optional(),
      extensionPoints: z.array(declaredExtension).optional(),
    })
    .optional(),
  // Set by Grafana or by the build, or internal to Grafana's core plugins; listed so that they are not unknown.
  buildMode: optionalString,
  builtIn: optionalBoolean,
  hideFromList: optionalBoolean,
  mixed: optionalBoolean,
  pascalName: z
    .string()
    .regex(/^[A-Z][a-zA-Z]{1,62}$/)
    .optional(),
});

/** Whether an RBAC action (with its scope) belongs to the plugin, as Grafana requires of the roles a plugin declares. */
function actionBelongsToPlugin(pluginId: string, action: string, scope?: string): boolean {
  if (action.startsWith(`${pluginId}.`) || action.startsWith(`${pluginId}:`)) {
    return true;
  }
  // A core action is allowed when its scope targets the plugin, e.g. `plugins:id:<id>` or `folders:uid:<id>`.
  return scope !== undefined && scope.endsWith(`:${pluginId}`);
}

/** plugin.json, with the rules that tie one field to another. */
export const pluginJsonSchema = pluginJsonObject.superRefine((json, ctx) => {
  // Validator `typesuffix`: the id ends with the plugin type.
  if (json.id.split('-').pop() !== json.type) {
    ctx.addIssue({ code: 'custom', path: ['id'], message: `Must end with the plugin type "-${json.type}"` });
  }
  // Validator `backendbinary`: alerting needs a backend, and a backend and its executable go together.
  if (json.alerting && !json.backend) {
    ctx.addIssue({ code: 'custom', path: ['alerting'], message: 'Requires "backend": true' });
  }
  if (json.executable !== undefined && !json.backend) {
    ctx.addIssue({ code: 'custom', path: ['executable'], message: 'Requires "backend": true' });
  }
  if (json.backend && json.executable === undefined) {
    ctx.addIssue({ code: 'custom', path: ['executable'], message: 'Required when "backend" is true' });
  }
  // Grafana loads an included dashboard from its path.
  json.includes?.forEach((entry, index) => {
    if (entry.type === 'dashboard' && !entry.path) {
      ctx.addIssue({ code: 'custom', path: ['includes', index, 'path'], message: 'Required for a dashboard' });
    }
  });
  // Grafana's ValidatePluginRole: every action of a plugin role belongs to the plugin.
  json.roles?.forEach((entry, roleIndex) => {
    entry.role.permissions?.forEach((grant, permissionIndex) => {
      if (!actionBelongsToPlugin(json.id, grant.action, grant.scope)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', roleIndex, 'role', 'permissions', permissionIndex, 'action'],
          message: `Must start with "${json.id}." or "${json.id}:" (or have a scope that targets the plugin)`,
        });
      }
    });
  });
});

/** plugin.json as Grafana reads it. */
export type PluginJson = z.infer<typeof pluginJsonSchema>;
export type PluginInclude = z.infer<typeof include>;

// ---------------------------------------------------------------------------------------------------------------
// checkPluginJson
// ---------------------------------------------------------------------------------------------------------------

/** `info.logos.small`, `includes[4].path`; the whole document is `(root)`. */
function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      out += out === '' ? String(segment) : `.${String(segment)}`;
    }
  }
  return out === '' ? '(root)' : out;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: Unknown field`);
    }
    return [`${formatPath(issue.path)}: ${issue.message}`];
  });
}

/** A missing field reads `Required` rather than zod's "expected string, received undefined". */
const requiredMessage = (issue: z.core.$ZodRawIssue): string | undefined =>
  (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined
    ? 'Required'
    : undefined;

/** Parses a plugin.json document; `problems` is empty when it is valid. */
export function parsePluginJson(json: unknown): { data?: PluginJson; problems: string[] } {
  const result = pluginJsonSchema.safeParse(json, { error: requiredMessage });
  return result.success ? { data: result.data, problems: [] } : { problems: formatIssues(result.error.issues) };
}

/**
 * The problems of a plugin.json document, each naming the field: `info.logos.small: Required`. Empty when valid.
 * Build placeholders (`%VERSION%`, `%TODAY%`) are allowed here, as in the sources; `checkPluginFolder` rejects them.
 */
export function checkPluginJson(json: unknown): string[] {
  return parsePluginJson(json).problems;
}

// ---------------------------------------------------------------------------------------------------------------
// checkPluginFolder
// ---------------------------------------------------------------------------------------------------------------

export interface PluginFolderOptions {
  /**
   * `<os>_<arch>` pairs whose backend executables must be present, e.g. `['linux_amd64', 'linux_arm64']`.
   * Default `['linux_amd64']`. Windows executables carry `.exe`.
   */
  platforms?: string[];
  /** Type the root plugin.json must have. Default `app`, the only type that can nest plugins. */
  rootType?: PluginType;
}

/** Plugin types Grafana loads a frontend `module.js` for. */
const FRONTEND_TYPES: ReadonlySet<string> = new Set(['app', 'datasource', 'panel']);

const toPosix = (relative: string) => relative.split(path.sep).join('/');

/** Every plugin.json under `dir`, as paths relative to it with `/`, the root one first (validator `nestedmetadata`). */
function findPluginJsonFiles(dir: string): string[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((entry) => path.basename(entry) === 'plugin.json' && !entry.split(path.sep).includes('node_modules'))
    .map(toPosix)
    .sort();
  return [...files.filter((file) => file === 'plugin.json'), ...files.filter((file) => file !== 'plugin.json')];
}

/** Validator `metadatapaths`: logo and screenshot paths are relative to plugin.json, not URLs or `./`, `/` paths. */
function assetPathProblem(asset: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(asset)) {
    return 'Must be a path relative to plugin.json, not a URL';
  }
  if (asset.startsWith('.') || asset.startsWith('/')) {
    return "Must be relative to plugin.json without a leading '.' or '/'";
  }
  return undefined;
}

function checkFiles(root: string, file: string, json: PluginJson, options: Required<PluginFolderOptions>): string[] {
  const problems: string[] = [];
  const pluginDir = path.join(root, path.dirname(file));
  const report = (field: string, message: string) => problems.push(`${file}: ${field}: ${message}`);
  const relativeToRoot = (absolute: string) => toPosix(path.relative(root, absolute));

  // Validator `logos` and `metadatapaths`; Grafana serves the logos from the plugin's folder.
  const assets: Array<[string, string]> = [
    ['info.logos.small', json.info.logos.small],
    ['info.logos.large', json.info.logos.large],
    ...(json.info.screenshots ?? []).map((shot, index): [string, string] => [
      `info.screenshots[${index}].path`,
      shot.path,
    ]),
  ];
  for (const [field, asset] of assets) {
    const pathProblem = assetPathProblem(asset);
    if (pathProblem) {
      report(field, pathProblem);
    } else if (!fs.existsSync(path.join(pluginDir, asset))) {
      report(field, `${relativeToRoot(path.join(pluginDir, asset))} does not exist`);
    }
  }

  // Validator `modulejs` (for the root; Grafana loads each frontend plugin's module.js, nested ones too).
  if (FRONTEND_TYPES.has(json.type) && !fs.existsSync(path.join(pluginDir, 'module.js'))) {
    problems.push(`${file}: ${relativeToRoot(path.join(pluginDir, 'module.js'))} is missing`);
  }

  // Grafana reads an included dashboard from its path.
  json.includes?.forEach((entry, index) => {
    if (entry.type === 'dashboard' && entry.path && !fs.existsSync(path.join(pluginDir, entry.path))) {
      report(`includes[${index}].path`, `${relativeToRoot(path.join(pluginDir, entry.path))} does not exist`);
    }
  });

  // Validators `backendbinary` and `binarypermissions`: Grafana starts `<executable>_<os>_<arch>[.exe]`.
  if (json.backend && json.executable) {
    const executableDir = path.join(pluginDir, path.dirname(json.executable));
    const executableName = path.basename(json.executable);
    for (const platform of options.platforms) {
      const binary = `${executableName}_${platform}${platform.startsWith('windows_') ? '.exe' : ''}`;
      if (!fs.existsSync(path.join(executableDir, binary))) {
        report('executable', `${relativeToRoot(path.join(executableDir, binary))} is missing`);
      }
    }
    // Mode bits mean nothing on a Windows host; there the check is left to the validator.
    if (process.platform !== 'win32' && fs.existsSync(executableDir)) {
      for (const entry of fs.readdirSync(executableDir, { withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.startsWith(`${executableName}_`) || entry.name.endsWith('.exe')) {
          continue;
        }
        const binaryPath = path.join(executableDir, entry.name);
        const mode = fs.statSync(binaryPath).mode & 0o777;
        if ((mode & 0o100) === 0) {
          problems.push(
            `${relativeToRoot(binaryPath)}: Not executable (mode ${mode.toString(8).padStart(4, '0')}); ` +
              'the owner execute bit must be set (the plugin validator wants 0755)'
          );
        }
      }
    }
  }
  return problems;
}

/**
 * What Grafana and grafana/plugin-validator check on a built plugin folder (`dist/`, or the top folder of an
 * unzipped archive). Each problem starts with the file it concerns, relative to `dir`; empty when all is well.
 *
 * - the root plugin.json exists, is valid (`checkPluginJson`) and has type `options.rootType` (`app`);
 * - every nested plugin.json is valid and declared in the root's `includes` with its `path` (relative to the root)
 *   and its `type` (validator `includesnested`); every include whose path names a plugin.json points at one;
 * - no build placeholder (`%VERSION%`, `%TODAY%`, `%PLUGIN_ID%`) is left, so `info.version` is a SemVer version
 *   (validator `version`) and `info.updated` a date;
 * - logos and screenshots exist next to their plugin.json (validators `logos`, `metadatapaths`);
 * - each app, panel and datasource has its `module.js` (validator `modulejs`); included dashboards exist;
 * - a backend plugin names its `executable`, and `<executable>_<os>_<arch>` exists for each of `options.platforms`
 *   (default `linux_amd64`) with the owner execute bit (validators `backendbinary`, `binarypermissions`).
 */
export function checkPluginFolder(dir: string, options: PluginFolderOptions = {}): string[] {
  const resolved: Required<PluginFolderOptions> = {
    platforms: options.platforms ?? ['linux_amd64'],
    rootType: options.rootType ?? 'app',
  };
  if (!fs.existsSync(path.join(dir, 'plugin.json'))) {
    return ['plugin.json: Missing (Grafana only loads a folder with a plugin.json at its top)'];
  }

  const problems: string[] = [];
  // Every document that is a JSON object, valid or not: the nesting rules need only `type`, `name` and `includes`,
  // and the validator applies them whatever else is wrong.
  const documents = new Map<string, Record<string, unknown>>();
  for (const file of findPluginJsonFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const placeholder of BUILD_PLACEHOLDERS) {
      if (text.includes(placeholder)) {
        problems.push(`${file}: ${placeholder} placeholder left (the build replaces it)`);
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      problems.push(`${file}: Not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      documents.set(file, json as Record<string, unknown>);
    }
    const { data, problems: fieldProblems } = parsePluginJson(json);
    problems.push(...fieldProblems.map((problem) => `${file}: ${problem}`));
    if (data) {
      problems.push(...checkFiles(dir, file, data, resolved));
    }
  }

  const root = documents.get('plugin.json');
  if (!root) {
    return problems;
  }
  if (root.type !== resolved.rootType) {
    problems.push(`plugin.json: type: Must be "${resolved.rootType}" (found ${JSON.stringify(root.type)})`);
  }

  // Validator `includesnested`: each nested plugin is declared by path in the root's includes, with its type.
  const includes: Array<Partial<Record<'type' | 'path', unknown>>> = Array.isArray(root.includes)
    ? root.includes.map((entry) => (typeof entry === 'object' && entry !== null ? entry : {}))
    : [];
  for (const [file, nested] of documents) {
    if (file === 'plugin.json') {
      continue;
    }
    const index = includes.findIndex((entry) => entry.path === file);
    if (index === -1) {
      problems.push(
        `${file}: Nested plugin ${file} is not declared in plugin.json: add ` +
          `{ "type": ${JSON.stringify(nested.type)}, "name": ${JSON.stringify(nested.name)}, "path": "${file}" } ` +
          'to its includes'
      );
    } else if (includes[index].type !== nested.type) {
      problems.push(
        `plugin.json: includes[${index}].type: ${JSON.stringify(includes[index].type)} but ${file} is a ` +
          `${String(nested.type)} plugin`
      );
    }
  }
  // The other way round: an include that names a plugin.json points at one.
  includes.forEach((entry, index) => {
    if (typeof entry.path === 'string' && path.posix.basename(entry.path) === 'plugin.json') {
      if (!fs.existsSync(path.join(dir, entry.path))) {
        problems.push(`plugin.json: includes[${index}].path: ${entry.path} does not exist`);
      }
    }
  });
  return problems;
}
