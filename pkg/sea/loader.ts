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
  /** Called by the backend when its warm-up is done: the moment to take the code cache. */
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
const cacheOutIndex = process.argv.indexOf('--write-code-cache');
const cacheOut = cacheOutIndex > 0 ? process.argv[cacheOutIndex + 1] : undefined;
const info: SeaInfo = {
  codeCache: cache ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'none',
  warmedUp() {
    if (cacheOut) {
      writeFileSync(cacheOut, script.createCachedData());
      // SIGTERM runs the plugin's normal shutdown, which removes its socket directory.
      process.kill(process.pid, 'SIGTERM');
    }
  },
};
(globalThis as { __ledgerSea?: SeaInfo }).__ledgerSea = info;

const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, process.execPath, dirname(process.execPath));
