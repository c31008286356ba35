// Builds the ledger backend into Node single executables that Grafana can start:
//   dist/datasource/gpx_ledger_linux_amd64 (always, from the Node running this script on linux/x64)
//   dist/datasource/gpx_ledger_linux_arm64 (only when NODE_ARM64_BINARY names a linux/arm64 `node`)
//
// Steps (shared/research/sea-startup.md): esbuild bundles pkg/main.ts into one minified CommonJS
// file; Node turns it into a SEA blob with a V8 code cache; the blob is injected with postject
// into a copy of `node` that was stripped first (stripping after injection breaks the binary).
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

async function bundle() {
  const outfile = join(work, 'main.cjs');
  const result = await esbuild.build({
    entryPoints: [join(root, 'pkg', 'main.ts')],
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
  writeFileSync(join(work, 'meta.json'), JSON.stringify(result.metafile));
  log(`bundle ${mib(statSync(outfile).size)} -> ${outfile}`);
  return outfile;
}

function seaBlob(mainFile, useCodeCache) {
  const blob = join(work, useCodeCache ? 'sea-cc.blob' : 'sea.blob');
  const config = join(work, useCodeCache ? 'sea-config-cc.json' : 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: mainFile,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache,
      useSnapshot: false,
    })
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  return blob;
}

function singleExecutable(nodeBinary, blob, goArch) {
  const target = join(outDir, `${executable}_linux_${goArch}`);
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
  execFileSync(process.execPath, [postject, tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  rmSync(target, { force: true });
  copyFileSync(tmp, target);
  // Grafana's installer forces 0755 only for known suffixes; set it ourselves for every copy.
  chmodSync(target, 0o755);
  rmSync(tmp, { force: true });
  log(`${mib(statSync(target).size)} -> ${target}`);
}

async function main() {
  mkdirSync(work, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const mainFile = await bundle();

  if (platform !== 'linux' || !GO_ARCH[arch]) {
    throw new Error(`building the backend needs Node on linux x64 or arm64, not ${platform}/${arch}`);
  }
  // The code cache is V8-version and architecture specific: only for the Node running this build.
  singleExecutable(process.execPath, seaBlob(mainFile, true), GO_ARCH[arch]);

  const other = arch === 'x64' ? 'arm64' : 'amd64';
  const otherNode = process.env[`NODE_${other.toUpperCase()}_BINARY`];
  if (otherNode && existsSync(otherNode)) {
    singleExecutable(otherNode, seaBlob(mainFile, false), other);
  } else {
    log(`linux/${other} skipped: set NODE_${other.toUpperCase()}_BINARY to a Node ${process.version} binary for it`);
  }
}

main().catch((err) => {
  process.stderr.write(`[build:backend] ${err.stack || err}\n`);
  process.exit(1);
});
