/**
 * A minimal AMD loader in place of SystemJS 6 and its AMD extra, which Grafana uses to load plugin
 * modules (public/app/features/plugins/loader/systemjs.ts) but which is not among our packages.
 * It does what create-plugin's AMD output needs and nothing more:
 *
 * - `module.js` is loaded by a script tag and calls the global `define(deps, factory)`;
 * - each dependency is a shared module (sharedModules.ts), unwrapped like SystemJS's AMD extra does
 *   (`ns.__useDefault ? ns.default : ns`), or `module` (whose `uri` is the script's URL, from which
 *   the plugin's `grafana-public-path` sets webpack's public path, so its lazy chunks load from the
 *   plugin's folder), `exports` or `require`;
 * - the module's value is what the factory returns (or `module.exports`), as SystemJS's
 *   `System.import` hook in Grafana returns it once `__useDefault` is unwrapped. For a plugin with
 *   top-level await that value is a promise of the exports, which `importAmd` resolves.
 *
 * Lazy chunks are not AMD: webpack loads them itself with script tags (with SRI and crossorigin).
 */
import { sharedModules, type SharedModule } from './sharedModules';

type Factory = (...deps: unknown[]) => unknown;
interface Definition {
  deps: string[];
  factory: unknown;
}

/** define() calls by the URL of the script that made them (read when its load event fires). */
const definitions = new Map<string, Definition>();
const modules = new Map<string, Promise<unknown>>();

function define(...args: unknown[]): void {
  // define(factory), define(deps, factory) and define(id, deps, factory): the id is ignored, as
  // Grafana's loader names modules by URL.
  const rest = typeof args[0] === 'string' ? args.slice(1) : args;
  const [deps, factory] = Array.isArray(rest[0]) ? [rest[0] as string[], rest[1]] : [[], rest[0]];
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) {
    throw new Error('define() was called outside a module script that the shell loads');
  }
  definitions.set(script.src, { deps, factory });
}

/**
 * Installs the global `define`. Deliberately without `define.amd`: UMD code inside the shell's own
 * bundle that initialises later would otherwise register itself here instead of exporting (the AMD
 * collision Grafana guards against with preventAMDLoaderCollision). Webpack's AMD output does not
 * look at `define.amd`.
 */
export function installDefine(): void {
  (window as unknown as { define: typeof define }).define = define;
}

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.crossOrigin = 'anonymous';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Failed to load ${url}`));
    document.head.appendChild(script);
  });
}

function sharedModule(name: string, from: string): unknown {
  const ns: SharedModule | undefined = sharedModules[name];
  if (!ns) {
    throw new Error(`${from} asks for "${name}", which the shell does not share (see sharedModules.ts)`);
  }
  return ns.__useDefault ? ns.default : ns;
}

async function instantiate(url: string): Promise<unknown> {
  await loadScript(url);
  const definition = definitions.get(url);
  definitions.delete(url);
  if (!definition) {
    throw new Error(`${url} did not call define() (a script error above, or not an AMD module)`);
  }
  const exports = {};
  const module = { id: url, uri: url, exports };
  const deps = await Promise.all(
    definition.deps.map((name) => {
      switch (name) {
        case 'module':
          return module;
        case 'exports':
          return exports;
        case 'require':
          return () => {
            throw new Error(`${url}: AMD require() is not supported (nor is it by SystemJS)`);
          };
        default:
          return name.startsWith('.') ? importAmd(new URL(name, url).href) : sharedModule(name, url);
      }
    })
  );
  const { factory } = definition;
  const value = typeof factory === 'function' ? (factory as Factory).apply(exports, deps) : factory;
  return value !== undefined ? value : module.exports;
}

/** Loads an AMD module by URL (once per URL) and resolves with its value, awaited. */
export function importAmd(path: string): Promise<unknown> {
  const url = new URL(path, document.baseURI).href;
  let loaded = modules.get(url);
  if (!loaded) {
    loaded = instantiate(url);
    modules.set(url, loaded);
  }
  return loaded;
}
