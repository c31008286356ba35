/**
 * The single executable's entry point. It runs the backend bundle (a SEA asset) through vm.Script
 * with a V8 code cache that was made *after* a real start-up and warm-up, so it holds the compiled
 * code of grpc-js, the services and the encoders, not just the top-level function that Node's own
 * `useCodeCache` covers. That saves most of the JavaScript compile time at start-up and on the
 * first calls.
 *
 * The build makes the cache with the same binary: it runs it once with `--write-code-cache <file>`
 * (Grafana never passes arguments), and V8 rejects a cache made by another V8 or with other flags.
 * A missing or rejected cache only costs speed.
 */
import { writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { getAsset } from 'node:sea';
import { Script } from 'node:vm';

export interface SeaInfo {
  codeCache: 'accepted' | 'rejected' | 'none';
  /** Called by the backend once the handshake is printed. */
  started(): void;
  /** Called by the backend when its warm-up is done. */
  warmedUp(): void;
}

function asset(key: string): ArrayBuffer | undefined {
  try {
    return getAsset(key);
  } catch {
    return undefined;
  }
}

const source = getAsset('app.js', 'utf8');
const cache = asset('app.cache');
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: 'gpx_ledger.js',
  cachedData: cache ? Buffer.from(cache) : undefined,
});
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const cacheOut = argValue('--write-code-cache');
// `started`: only what start-up ran (a smaller cache, read at every start); `warmed`: also what the
// warm-up ran, so the first query compiles nothing.
const cacheAt = argValue('--code-cache-at') ?? 'warmed';

function writeCache(point: string): void {
  if (cacheOut && point === cacheAt) {
    writeFileSync(cacheOut, script.createCachedData());
    // SIGTERM runs the plugin's normal shutdown, which removes its socket directory.
    process.kill(process.pid, 'SIGTERM');
  }
}

const info: SeaInfo = {
  codeCache: cache ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none',
  started: () => writeCache('started'),
  warmedUp: () => writeCache('warmed'),
};
(globalThis as { __ledgerSea?: SeaInfo }).__ledgerSea = info;

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
    return require(id);
  }
  throw Object.assign(new Error(`Cannot find module '${id}' (the single executable carries its code)`), {
    code: 'MODULE_NOT_FOUND',
  });
}

const mod = { exports: {} };
script.runInThisContext()(mod.exports, bundleRequire, mod, process.execPath, dirname(process.execPath));
