// Builds the ledger backend into Node single executables that Grafana can start:
//   dist/datasource/gpx_ledger_linux_amd64 (always, from the Node running this script on linux/x64)
//   dist/datasource/gpx_ledger_linux_arm64 (only when NODE_ARM64_BINARY names a linux/arm64 `node`)
//
// Steps (see shared/research/sea-startup.md for the measurements behind them):
// 1. esbuild bundles pkg/main.ts (the backend) and pkg/sea/loader.ts (the SEA entry) into minified
//    CommonJS files;
// 2. the backend bundle goes into the executable as a SEA asset, run by the loader through
//    vm.Script; the executable is a copy of `node`, stripped *before* postject injects the blob
//    (stripping after injection breaks it);
// 3. that first executable is run once with `--write-code-cache`: after start-up and warm-up it
//    writes V8's code cache, which then covers every function that ran, not only the top level;
// 4. the final executable carries the bundle and that cache.
// A cross-built executable (another architecture) cannot be run here, so it has no cache.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.build', 'backend');
const outDir = join(root, 'dist', 'datasource');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pluginJson = JSON.parse(readFileSync(join(root, 'src', 'datasource', 'plugin.json'), 'utf8'));
const executable = pluginJson.executable;
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const GO_ARCH = { x64: 'amd64', arm64: 'arm64' };

function log(message) {
  process.stdout.write(`[build:backend] ${message}\n`);
}

function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function bundle(entry, name) {
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
    define: { __PLUGIN_VERSION__: JSON.stringify(pkg.version) },
    logLevel: 'warning',
    metafile: true,
  });
  writeFileSync(join(work, `${name}.meta.json`), JSON.stringify(result.metafile));
  log(`bundle ${mib(statSync(outfile).size)} -> ${outfile}`);
  return outfile;
}

/** A SEA blob: the loader as main script (with Node's own code cache when native) plus assets. */
function seaBlob(name, loaderFile, assets, native) {
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
      assets,
    })
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  return blob;
}

/** Runs a freshly built executable once so that it writes its post-warm-up V8 code cache. */
function writeCodeCache(binary) {
  const cacheFile = join(work, 'app.cache');
  rmSync(cacheFile, { force: true });
  execFileSync(binary, ['--write-code-cache', cacheFile], {
    env: { grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2', GF_PLUGIN_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 30000,
  });
  if (!existsSync(cacheFile)) {
    throw new Error(`${binary} did not write its code cache`);
  }
  log(`code cache ${mib(statSync(cacheFile).size)} from a warmed-up run`);
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
  const appFile = await bundle(join('pkg', 'main.ts'), 'app.cjs');
  const loaderFile = await bundle(join('pkg', 'sea', 'loader.ts'), 'loader.cjs');

  // Native architecture: build, run once for the code cache, build again with it.
  const native = GO_ARCH[arch];
  const firstPass = join(work, `first-pass-${native}`);
  singleExecutable(process.execPath, seaBlob('first-pass', loaderFile, { 'app.js': appFile }, true), native, firstPass);
  const cacheFile = writeCodeCache(firstPass);
  rmSync(firstPass, { force: true });
  singleExecutable(process.execPath, seaBlob('final', loaderFile, { 'app.js': appFile, 'app.cache': cacheFile }, true), native);

  // The other architecture, when its `node` is at hand: no V8 cache (it is architecture-specific).
  const other = arch === 'x64' ? 'arm64' : 'amd64';
  const otherNode = process.env[`NODE_${other.toUpperCase()}_BINARY`];
  if (otherNode && existsSync(otherNode)) {
    singleExecutable(otherNode, seaBlob(`final-${other}`, loaderFile, { 'app.js': appFile }, false), other);
  } else {
    log(`linux/${other} skipped: set NODE_${other.toUpperCase()}_BINARY to a Node ${process.version} binary for it`);
  }
}

main().catch((err) => {
  process.stderr.write(`[build:backend] ${err.stack || err}\n`);
  process.exit(1);
});
