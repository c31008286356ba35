// npm run package — the release archive Grafana installs:
//   artifacts/llmops-observability-app-<version>.zip        one top folder, the plugin id, holding dist/
//   artifacts/llmops-observability-app-<version>.zip.md5    `md5sum -c` format
//   artifacts/llmops-observability-app-<version>.zip.sha256 `sha256sum -c` format
//   artifacts/release-notes.md                              CHANGELOG.md's "## Unreleased" section
//
// It builds first: the frontend, then the backend for linux/amd64 and linux/arm64
// (`scripts/build-backend.mjs --arm64`). `--no-build` packages the dist/ that is there (for CI steps
// that built already) and fails if anything the archive needs, the arm64 executable included, is
// missing.
//
// Grafana's installer keeps the mode bits stored in the zip, so they are written explicitly:
// executables 0755, other files 0644, directories 0755. The archive is reproducible: entries sorted,
// every mtime the same (SOURCE_DATE_EPOCH, else the last commit's time), no owner ids.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

// The zip's DOS timestamps are local time: UTC, so the archive is the same bytes in every time zone.
process.env.TZ = 'UTC';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const artifacts = join(root, 'artifacts');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const PLATFORMS = ['linux_amd64', 'linux_arm64'];

class PackageError extends Error {}

function log(message) {
  process.stdout.write(`[package] ${message}\n`);
}

function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function run(command, args) {
  log(`${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function readJson(file) {
  if (!existsSync(file)) {
    throw new PackageError(`${relative(root, file)} is missing: run npm run package (without --no-build)`);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The plugin id, and every file the archive cannot do without; throws naming what is missing or stale. */
function checkDist() {
  const app = readJson(join(dist, 'plugin.json'));
  if (app.id !== pkg.name) {
    throw new PackageError(`dist/plugin.json has id ${app.id}, expected ${pkg.name}`);
  }
  const problems = [];
  const required = ['module.js', 'README.md', 'LICENSE', 'CHANGELOG.md'];
  for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
    if (basename(file) !== 'plugin.json') {
      continue;
    }
    const folder = dirname(file);
    const json = readJson(join(dist, file));
    if (json.info?.version !== pkg.version) {
      problems.push(
        `${join('dist', file)}: version ${json.info?.version}, package.json says ${pkg.version} (stale build?)`
      );
    }
    required.push(join(folder, 'module.js'));
    if (json.backend && json.executable) {
      for (const platform of PLATFORMS) {
        const exe = join(folder, `${json.executable}_${platform}`);
        required.push(exe);
        if (existsSync(join(dist, exe)) && (statSync(join(dist, exe)).mode & 0o111) === 0) {
          problems.push(`dist/${exe} is not executable`);
        }
      }
    }
  }
  for (const file of new Set(required)) {
    if (!existsSync(join(dist, file))) {
      const hint = file.endsWith('_linux_arm64')
        ? ' (build it with npm run build:backend:arm64, or run npm run package without --no-build)'
        : '';
      problems.push(`dist/${file} is missing${hint}`);
    }
  }
  if (problems.length > 0) {
    throw new PackageError(`dist/ cannot be packaged:\n  ${problems.join('\n  ')}`);
  }
  return app.id;
}

/** dist/'s directories and files, sorted by archive path (byte order), with the mode each gets. */
function listEntries(id) {
  const entries = [{ path: `${id}/`, dir: true, mode: 0o40755 }];
  const walk = (dir, prefix) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const path = `${prefix}${name}`;
      const st = lstatSync(full);
      if (st.isDirectory()) {
        entries.push({ path: `${path}/`, dir: true, mode: 0o40755 });
        walk(full, `${path}/`);
      } else if (st.isFile()) {
        const executable = (st.mode & 0o111) !== 0;
        entries.push({ path, file: full, size: st.size, executable, mode: executable ? 0o100755 : 0o100644 });
      } else {
        // Grafana's installer refuses symlinks that leave the plugin and anything but files and folders.
        throw new PackageError(`dist/${relative(dist, full)} is neither a file nor a folder: not packaged`);
      }
    }
  };
  walk(dist, `${id}/`);
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every entry's mtime: SOURCE_DATE_EPOCH, else the last commit's time, else now (not reproducible). */
function archiveTime() {
  if (process.env.SOURCE_DATE_EPOCH) {
    const seconds = Number(process.env.SOURCE_DATE_EPOCH);
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new PackageError(`SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH} is not a number of seconds`);
    }
    return { date: new Date(seconds * 1000), from: 'SOURCE_DATE_EPOCH' };
  }
  try {
    const seconds = Number(
      execFileSync('git', ['log', '-1', '--format=%ct'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim()
    );
    if (seconds > 0) {
      return { date: new Date(seconds * 1000), from: 'the last commit' };
    }
  } catch {
    // not a git checkout
  }
  log('no SOURCE_DATE_EPOCH and no git history: entries get the current time (the archive is not reproducible)');
  return { date: new Date(), from: 'now' };
}

/** Writes the zip (to a temporary name, renamed when complete) and returns its md5 and sha256. */
async function writeZip(entries, target, mtime) {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.dir) {
      zip.addEmptyDirectory(entry.path, { mtime, mode: entry.mode });
    } else {
      // Source maps and scripts deflate well; executables too (about 60 %), at level 6 a few seconds.
      zip.addFile(entry.file, entry.path, { mtime, mode: entry.mode, compress: true });
    }
  }
  zip.end();
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const hash = new Transform({
    transform(chunk, _encoding, callback) {
      md5.update(chunk);
      sha256.update(chunk);
      callback(null, chunk);
    },
  });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  await pipeline(zip.outputStream, hash, createWriteStream(partial));
  renameSync(partial, target);
  return { md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}

/** The body of CHANGELOG.md's "## Unreleased" section, up to the next "## " heading. */
function unreleasedNotes() {
  const lines = readFileSync(join(root, 'CHANGELOG.md'), 'utf8').split(/\r?\n/);
  const start = lines.findIndex((line) => /^## +Unreleased\s*$/i.test(line));
  if (start < 0) {
    throw new PackageError('CHANGELOG.md has no "## Unreleased" section: write the release notes there first');
  }
  let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  if (end < 0) {
    end = lines.length;
  }
  const body = lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
  if (body === '') {
    throw new PackageError('CHANGELOG.md\'s "## Unreleased" section is empty: write the release notes there first');
  }
  return body;
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--no-build');
  if (unknown.length > 0) {
    throw new PackageError(`unknown argument ${unknown.join(' ')} (usage: node scripts/package.mjs [--no-build])`);
  }
  // The notes first: a missing section fails in a second, not after the build.
  const notes = unreleasedNotes();
  const started = Date.now();
  if (args.includes('--no-build')) {
    log('--no-build: packaging the dist/ that is there');
  } else {
    run('npm', ['run', '--silent', 'build:frontend']);
    run(process.execPath, [join('scripts', 'build-backend.mjs'), '--arm64']);
  }
  const built = Date.now();
  const id = checkDist();
  const entries = listEntries(id);
  const { date, from } = archiveTime();

  mkdirSync(artifacts, { recursive: true });
  const name = `${id}-${pkg.version}.zip`;
  const archive = join(artifacts, name);
  const sums = await writeZip(entries, archive, date);
  writeFileSync(`${archive}.md5`, `${sums.md5}  ${name}\n`);
  writeFileSync(`${archive}.sha256`, `${sums.sha256}  ${name}\n`);
  writeFileSync(join(artifacts, 'release-notes.md'), `## ${pkg.version}\n\n${notes}\n`);

  const files = entries.filter((e) => !e.dir);
  const unpacked = files.reduce((sum, e) => sum + e.size, 0);
  const size = statSync(archive).size;
  log(
    `${files.length} files in ${entries.length - files.length} folders (${mib(unpacked)} unpacked), ` +
      `mtime ${date.toISOString()} (${from}); ${files
        .filter((e) => e.executable)
        .map((e) => e.path)
        .join(', ')} 0755`
  );
  log(`build ${((built - started) / 1000).toFixed(1)} s, archive ${((Date.now() - built) / 1000).toFixed(1)} s`);
  log(`archive ${relative(root, archive)}: ${size} bytes (${mib(size)})`);
  log(`md5     ${sums.md5}`);
  log(`sha256  ${sums.sha256}`);
  log(`release notes ${relative(root, join(artifacts, 'release-notes.md'))}`);
}

main().catch((err) => {
  process.stderr.write(`[package] ${err instanceof PackageError ? err.message : err.stack || err}\n`);
  process.exit(1);
});
