// Builds the browser shell that plays Grafana's part for the browser tests (tests/shell/README.md)
// into .build/shell/:
//   shell.js   one IIFE bundle: Grafana's shared modules from node_modules and the shell's boot
//   index.html the page, with `<!-- BOOT_DATA -->` where the host writes window.grafanaBootData
//   build/img/icons/…  @grafana/ui's icons (the shell sets __grafana_public_path__ = '/public/shell/'),
//              and a plain dot for each icon name Grafana knows but npm does not ship (Grafana's own
//              build copies the rest from @iconscout/unicons), so that no icon answers 404
//
// `--dev` builds with NODE_ENV=development, unminified: React's errors unminified and
// @grafana/runtime's stricter checks, for debugging a page.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shellDir = join(root, 'tests', 'shell');
const outDir = join(root, '.build', 'shell');
const dev = process.argv.includes('--dev');

function log(message) {
  process.stdout.write(`[build:shell] ${message}\n`);
}

/**
 * `grafana-runtime-internal/<path>` → @grafana/runtime's `dist/esm/<path>.mjs`: the boot setters
 * Grafana imports from `@grafana/runtime/internal`, which the npm package does not export
 * (tests/shell/src/runtimeInternal.ts). Same files as the package's index imports, so one state.
 */
const runtimeInternal = {
  name: 'grafana-runtime-internal',
  setup(build) {
    const esm = join(root, 'node_modules', '@grafana', 'runtime', 'dist', 'esm');
    build.onResolve({ filter: /^grafana-runtime-internal\// }, (args) => ({
      path: join(esm, `${args.path.slice('grafana-runtime-internal/'.length)}.mjs`),
    }));
  },
};

/**
 * @grafana/ui's CodeEditor loads Monaco lazily; the plugin has no code editor, and Monaco would
 * triple the bundle. A page that opens one gets an error saying so instead.
 */
const noMonaco = {
  name: 'no-monaco',
  setup(build) {
    build.onResolve({ filter: /^(monaco-editor|@monaco-editor\/react)$/ }, (args) => ({
      path: args.path,
      namespace: 'no-monaco',
    }));
    build.onLoad({ filter: /.*/, namespace: 'no-monaco' }, () => ({
      contents: `export const loader = { config() {} };
export default function Editor() { throw new Error('The code editor (Monaco) is not in the test shell'); }`,
      loader: 'js',
    }));
  },
};

/**
 * The shell's copy of @grafana/scenes (for getTemplateSrv, see templateSrv.ts) uses
 * @grafana/plugin-compat, whose ES build imports names that only newer @grafana/runtime versions
 * export and checks them at run time; webpack lets that pass, esbuild refuses. Its CommonJS build
 * reads the same names as properties. That build's require() of @grafana/runtime must still reach
 * the ES build the rest of the bundle uses, or the runtime's state would exist twice.
 */
const pluginCompatCjs = {
  name: 'plugin-compat-cjs',
  setup(build) {
    const compat = join(root, 'node_modules', '@grafana', 'plugin-compat', 'dist', 'cjs');
    const runtime = join(root, 'node_modules', '@grafana', 'runtime', 'dist', 'esm');
    build.onResolve({ filter: /^@grafana\/plugin-compat\/\w+$/ }, (args) => ({
      path: join(compat, `${args.path.split('/').pop()}.cjs`),
    }));
    build.onResolve({ filter: /^@grafana\/runtime(\/unstable)?$/ }, (args) =>
      args.kind === 'require-call'
        ? { path: join(runtime, args.path.endsWith('/unstable') ? 'unstable.mjs' : 'index.mjs') }
        : undefined
    );
  },
};

/**
 * Grafana's global styles (@grafana/ui GlobalStyles) without their @font-face rules: Grafana's fonts
 * are served by Grafana, not shipped on npm, and every missing font would be a 404. Text falls back
 * to the system's sans-serif and monospace fonts.
 */
const noFonts = {
  name: 'no-fonts',
  setup(build) {
    build.onLoad({ filter: /[\\/]GlobalStyles[\\/]fonts\.mjs$/ }, () => ({
      contents: 'export function getFontStyles() { return []; }',
      loader: 'js',
    }));
  },
};

/**
 * CommonJS packages that @grafana/ui's ES build (`.mjs` files) imports by default. esbuild gives an
 * `.mjs` importer Node's answer, `module.exports` (an object holding `default`), where Grafana's
 * webpack gives the `__esModule` default: @grafana/ui's CustomScrollbar (inside its Table) would
 * render that object and fail. Each resolves here to its `exports.default`.
 */
const CJS_DEFAULTS = ['react-custom-scrollbars-2'];
const cjsDefaults = {
  name: 'cjs-defaults',
  setup(build) {
    const filter = new RegExp(`^(${CJS_DEFAULTS.map((p) => p.replace(/[-/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'cjs-default' ? undefined : { path: args.path, namespace: 'cjs-default' }
    );
    build.onLoad({ filter: /.*/, namespace: 'cjs-default' }, (args) => ({
      contents: `const m = require(${JSON.stringify(args.path)});
export default m && m.__esModule ? m.default : m;`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const result = await esbuild.build({
  entryPoints: [join(shellDir, 'src', 'main.tsx')],
  outfile: join(outDir, 'shell.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
  tsconfig: join(shellDir, 'tsconfig.json'),
  plugins: [runtimeInternal, pluginCompatCjs, noMonaco, noFonts, cjsDefaults],
  loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.png': 'empty' },
  logLevel: 'warning',
  metafile: true,
});

cpSync(join(shellDir, 'index.html'), join(outDir, 'index.html'));
cpSync(
  join(root, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons'),
  join(outDir, 'build', 'img', 'icons'),
  { recursive: true }
);

const unicons = join(outDir, 'build', 'img', 'icons', 'unicons');
const { availableIconsIndex } = await import(
  pathToFileURL(join(root, 'node_modules', '@grafana', 'data', 'dist', 'esm', 'types', 'icon.mjs')).href
);
const dot = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="3"/></svg>';
let placeholders = 0;
for (const name of Object.keys(availableIconsIndex)) {
  if (!name.startsWith('gf-') && !existsSync(join(unicons, `${name}.svg`))) {
    writeFileSync(join(unicons, `${name}.svg`), dot);
    placeholders++;
  }
}

const size = statSync(join(outDir, 'shell.js')).size;
const gzip = gzipSync(readFileSync(join(outDir, 'shell.js'))).length;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
log(`${dev ? 'development' : 'production'} bundle: shell.js ${mib(size)} (${mib(gzip)} gzip)`);
log(`icons: ${Object.keys(availableIconsIndex).length - placeholders} from @grafana/ui, ${placeholders} placeholders`);
log(
  `${Object.keys(result.metafile.inputs).length} modules in ${Math.round(performance.now() - started)} ms → ${outDir}`
);
