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
import { dirname } from 'node:path';
import { getAsset } from 'node:sea';
import { Script } from 'node:vm';

export interface SeaInfo {
  codeCache: 'accepted' | 'rejected' | 'none';
}

/** Time after start at which the cache is written: after the warm-up (250 ms) has run. */
const WRITE_CACHE_AFTER_MS = 1500;

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
const info: SeaInfo = { codeCache: cache ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none' };
(globalThis as { __ledgerSea?: SeaInfo }).__ledgerSea = info;

const cacheOut = process.argv.indexOf('--write-code-cache');
if (cacheOut > 0 && process.argv[cacheOut + 1]) {
  setTimeout(() => {
    writeFileSync(process.argv[cacheOut + 1], script.createCachedData());
    // SIGTERM runs the plugin's normal shutdown, which removes its socket directory.
    process.kill(process.pid, 'SIGTERM');
  }, WRITE_CACHE_AFTER_MS);
}

const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, process.execPath, dirname(process.execPath));
