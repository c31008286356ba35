// What the README's two commands (`npm run server`, `npm run test:all`) check and set up before they
// start, so that each works on a fresh clone: the system programs they need, named with the Debian
// package that provides them, and node_modules installed from package-lock.json. Node built-ins only:
// this runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where Debian puts daemons such as mariadbd, often not in a user's PATH. */
const SBIN = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` found as an executable: an absolute path as it is, a name in PATH and sbin. */
export function findProgram(names, env = process.env) {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const name of names) {
    if (isAbsolute(name)) {
      if (isExecutable(name)) {
        return name;
      }
      continue;
    }
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) {
        return file;
      }
    }
  }
  return undefined;
}

/**
 * A program a command needs: `programs` are alternatives (any one will do; an absolute path is taken
 * as it is), or files that must exist with `file: true` (a library); `apt` is the Debian package that
 * provides it, or `source` says where else to get it; `skip` says when it is not needed (e.g.
 * MYSQL_URL points at another server).
 */
export function requirement({ programs, why, apt, source, file = false, skip = () => false }) {
  return { programs, why, apt, source, file, skip };
}

/** The requirements that are not met: a program not found, or (`file: true`) a file that does not exist. */
export function missingRequirements(requirements, env = process.env) {
  return requirements.filter(
    (r) => !r.skip(env) && (r.file ? !r.programs.some((p) => existsSync(p)) : !findProgram(r.programs, env))
  );
}

/** One line naming what is missing and how to get it, or undefined when nothing is. */
export function describeMissing(command, missing) {
  if (missing.length === 0) {
    return undefined;
  }
  const what = missing.map((r) => `${r.programs[0].replace(/^.*\//, '')} (${r.why})`).join(', ');
  const apt = [...new Set(missing.filter((r) => r.apt).map((r) => r.apt))];
  const how = [
    ...(apt.length > 0 ? [`sudo apt-get install ${apt.join(' ')}`] : []),
    ...missing.filter((r) => !r.apt).map((r) => r.source),
  ].join('; ');
  return `${command}: missing ${what}; install with: ${how}`;
}

/** Node's own version, against package.json's engines.node lower bound (">=20.19"). */
export function nodeVersionProblem(root = ROOT, version = process.versions.node) {
  const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const min = /^>=\s*(\d+)(?:\.(\d+))?/.exec(wanted);
  if (!min) {
    return undefined;
  }
  const [major, minor] = version.split('.').map(Number);
  const [minMajor, minMinor] = [Number(min[1]), Number(min[2] ?? 0)];
  if (major > minMajor || (major === minMajor && minor >= minMinor)) {
    return undefined;
  }
  return `Node ${version} is older than package.json's engines.node (${wanted}): install a newer Node (https://nodejs.org/)`;
}

const LOCK_STAMP = join('node_modules', '.llmops-package-lock.sha256');

function lockDigest(root) {
  return createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

/**
 * Installs node_modules with `npm ci` unless they were installed from this very package-lock.json
 * (a digest kept in node_modules); returns true when it ran.
 */
export function ensureNodeModules(root = ROOT, log = (line) => process.stdout.write(`${line}\n`)) {
  const digest = lockDigest(root);
  const stamp = join(root, LOCK_STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) {
    return false;
  }
  log('setup: installing node_modules from package-lock.json (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error(`npm ci failed (exit ${r.status ?? r.signal})`);
  }
  writeFileSync(stamp, `${digest}\n`);
  return true;
}
