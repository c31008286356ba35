/**
 * The single executable's entry point. It runs the backend bundle through vm.Script with a V8 code
 * cache that was made *after* a real start-up and warm-up, so it holds the compiled code of grpc-js,
 * the services and the encoders, not just the top-level function that Node's own `useCodeCache`
 * covers. That saves most of the JavaScript compile time at start-up and on the first calls.
 *
 * The bundle and its cache are appended to the executable (see ./payload.ts), not SEA assets: read
 * through a buffer, they leave no pages of the executable resident (~2 MiB less RSS, measured with
 * `npm run bench:startup -- --candidates`). `--payload asset` in the build puts them back as assets.
 *
 * The build makes the cache with the same binary: it runs it once with `--write-code-cache <file>`
 * (Grafana never passes arguments), and V8 rejects a cache made by another V8 or with other flags.
 * A missing or rejected cache only costs speed.
 */
import { writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { type Payload, readPayload, release } from './payload';

export interface SeaInfo {
  codeCache: 'accepted' | 'rejected' | 'none';
  /** Called by the backend once the handshake is printed. */
  started(): void;
  /** Called by the backend when its warm-up is done. */
  warmedUp(): void;
}

/**
 * What scripts/build-backend.mjs chose for the runtime, beside the SEA config's `execArgv`: V8 flags
 * that can be set once Node runs, and environment variables read later (UV_THREADPOOL_SIZE when
 * libuv's pool first starts). They are set before the backend compiles, in the build's code-cache
 * run too, so the cache is made under the same flags.
 */
declare const __LEDGER_RUNTIME__:
  { v8Flags: string; env: Record<string, string>; payload: 'trailer' | 'asset' } | undefined;
const runtime = typeof __LEDGER_RUNTIME__ === 'object' ? __LEDGER_RUNTIME__ : undefined;
for (const [name, value] of Object.entries(runtime?.env ?? {})) {
  // Grafana's environment wins, as it would for a plain `node`.
  process.env[name] ??= value;
}
if (runtime?.v8Flags) {
  // Required only here: node:v8 is not loaded by Node's own start-up.
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(runtime.v8Flags);
}

/**
 * A SEA asset without a copy: the bytes stay in the executable's mapped blob, so they cost no heap
 * and are read straight from the page cache. They must never be written to.
 */
function rawAsset(key: string): Buffer | undefined {
  try {
    return Buffer.from((require('node:sea') as typeof import('node:sea')).getRawAsset(key) as ArrayBuffer);
  } catch {
    return undefined;
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const cacheOut = argValue('--write-code-cache');
// `started`: only what start-up ran (a smaller cache, read at every start); `warmed`: also what the
// warm-up ran, so the first query compiles nothing.
const cacheAt = argValue('--code-cache-at') ?? 'warmed';

/**
 * The built-in modules the backend required, in the order it first did, recorded in the build's
 * code-cache run only: the build passes those required before the handshake back as
 * __LEDGER_PRELOAD__ (see the end of this file).
 */
const required: string[] = [];

function writeBuiltins(): void {
  writeFileSync(`${cacheOut}.builtins.json`, JSON.stringify(required));
}

interface Compiled {
  script: Script;
  codeCache: SeaInfo['codeCache'];
}

/** Compiles the backend with its code cache (the cache is not needed afterwards). */
function compile({ source, cache }: Pick<Payload, 'source' | 'cache'>): Compiled {
  const script = new Script(source, { filename: 'gpx_ledger.js', cachedData: cache });
  return { script, codeCache: cache ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none' };
}

/** Runs the compiled backend. */
function run({ script, codeCache }: Compiled): void {
  const writeCache = (point: string): void => {
    if (cacheOut && point === cacheAt) {
      writeFileSync(cacheOut, script.createCachedData());
      // SIGTERM runs the plugin's normal shutdown, which removes its socket directory.
      process.kill(process.pid, 'SIGTERM');
    }
  };
  const info: SeaInfo = {
    codeCache,
    started: () => {
      if (cacheOut) {
        writeBuiltins();
      }
      writeCache('started');
    },
    warmedUp: () => writeCache('warmed'),
  };
  (globalThis as { __ledgerSea?: SeaInfo }).__ledgerSea = info;
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, bundleRequire, mod, process.execPath, dirname(process.execPath));
}

/**
 * The `require` the bundle gets. The bundle carries all of its code, so it needs only Node's
 * built-in modules; a dependency's optional `require('x')` inside a try block (mysql2 tries
 * `cardinal` for coloured debug output when its first pool is made) must fail quietly, as a missing
 * package does in plain Node. Node's SEA `require` throws too, but first prints "(node:…) Warning:
 * Currently the require() provided to the main script embedded into single-executable applications
 * only supports loading built-in modules" on stderr, a line Grafana shows at error level.
 */
function bundleRequire(id: string): unknown {
  if (isBuiltin(id)) {
    if (cacheOut && !required.includes(id)) {
      required.push(id);
    }
    return require(id);
  }
  throw Object.assign(new Error(`Cannot find module '${id}' (the single executable carries its code)`), {
    code: 'MODULE_NOT_FOUND',
  });
}

/**
 * The built-in modules the backend requires before its handshake, in its order (recorded by the
 * build's code-cache run). The loader requires them while the thread pool reads the payload, so the
 * two overlap, and the backend then finds them loaded. Only the modules the backend itself requires,
 * in its own order: requiring one of Node's internals (`_tls_wrap`, say) before the module that
 * loads it can break Node's own initialisation. Only when started as Grafana starts plugins, without
 * arguments: a subcommand (`rollup`) loads what it needs itself.
 */
declare const __LEDGER_PRELOAD__: string[] | undefined;
const preload = typeof __LEDGER_PRELOAD__ === 'object' && process.argv.length <= 2 ? __LEDGER_PRELOAD__ : [];

if (runtime?.payload === 'asset') {
  // The bundle is ASCII, already wrapped as a CommonJS function by the build.
  run(compile({ source: rawAsset('app.js')!.toString('latin1'), cache: rawAsset('app.cache') }));
} else {
  readPayload((err, payload) => {
    if (err) {
      throw err;
    }
    const compiled = compile(payload!);
    release(payload!);
    run(compiled);
  });
  for (const id of preload) {
    require(id);
  }
}
