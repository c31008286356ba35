/**
 * The release archive (`npm run package`: artifacts/llmops-observability-app-<version>.zip) as a
 * Grafana server gets it: its sums are right, `grafana-host install` extracts it as Grafana's
 * installer does (one top folder, mode bits from the zip), the installed folder is one Grafana loads
 * (plugin.json files, modules, logos, executables for linux/amd64 and linux/arm64), and the
 * installed amd64 executable starts through the conformance host and answers a query and the health
 * check; the installed arm64 executable is started the same way under emulation, with Debian's
 * qemu-user-static and arm64 libraries (`npm run test:all` names them when they are missing).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { checkPluginFolder } from '../plugin-json/pluginJson';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import {
  DS_UID,
  HOST_BINARY,
  PLUGIN_ID,
  provisioningYaml,
  queryOne,
  ROOT,
  startHost,
  userHeaders,
  type Host,
} from './host';

const version: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const APP_ID = 'llmops-observability-app';
const ARCHIVE = join(ROOT, 'artifacts', `${APP_ID}-${version}.zip`);
const EXECUTABLE = 'gpx_ledger';
/** ELF e_machine values. */
const EM_X86_64 = 0x3e;
const EM_AARCH64 = 0xb7;
const QEMU = '/usr/bin/qemu-aarch64-static';
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';

async function digest(algorithm: 'md5' | 'sha256', file: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk);
  }
  return hash.digest('hex');
}

/** Every path below `dir`, relative, folders with a trailing slash, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => relative(dir, join(e.parentPath, e.name)) + (e.isDirectory() ? '/' : ''))
    .sort();
}

/** ELF class, byte order and e_machine of an executable. */
function elfHeader(file: string): { magic: string; elfClass: number; littleEndian: boolean; machine: number } {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  const littleEndian = header[5] === 1;
  return {
    magic: header.subarray(0, 4).toString('latin1'),
    elfClass: header[4],
    littleEndian,
    machine: littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18),
  };
}

describe('the release archive', () => {
  let work: string;
  let plugins: string;
  let installed: { event: string; id: string; dir: string; files: number };
  let db: TestDatabase;

  beforeAll(async () => {
    if (!existsSync(ARCHIVE)) {
      throw new Error(`${ARCHIVE} is missing: run npm run package first (it builds dist/ and writes the archive)`);
    }
    if (!existsSync(HOST_BINARY)) {
      throw new Error(`${HOST_BINARY} is missing: run npm run build:host first`);
    }
    work = mkdtempSync(join(tmpdir(), 'ledger-package-'));
    plugins = join(work, 'plugins');
    mkdirSync(plugins);
    const run = spawnSync(HOST_BINARY, ['install', '--archive', ARCHIVE, '--plugins', plugins], { encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(`grafana-host install exited ${run.status}: ${run.stderr}`);
    }
    installed = JSON.parse(run.stdout);
    db = await startDatabase();
    const conn = await db.connect();
    await applySchema(conn);
    await conn.end();
  });

  afterAll(async () => {
    await db?.stop();
    if (work) {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('comes with .md5 and .sha256 files that match it, in the format md5sum -c and sha256sum -c read', async () => {
    for (const algorithm of ['md5', 'sha256'] as const) {
      const sumFile = `${ARCHIVE}.${algorithm}`;
      expect(existsSync(sumFile)).toBe(true);
      expect(readFileSync(sumFile, 'utf8')).toBe(`${await digest(algorithm, ARCHIVE)}  ${basename(ARCHIVE)}\n`);
    }
  });

  it('installs into one folder named by the app id, holding everything in dist/', () => {
    const dir = join(plugins, APP_ID);
    expect(installed).toEqual({ event: 'installed', id: APP_ID, dir, files: expect.any(Number) });
    expect(readdirSync(plugins)).toEqual([APP_ID]);
    const paths = tree(dir);
    expect(paths.filter((p) => !p.endsWith('/'))).toHaveLength(installed.files);
    // The same names as dist/ (built by the same `npm run package`); a difference means the
    // archive is older than dist/.
    expect(paths).toEqual(tree(join(ROOT, 'dist')));
    for (const file of ['module.js', 'plugin.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'img/logo.svg']) {
      expect(paths).toContain(file);
    }
    for (const file of ['plugin.json', 'module.js', `${EXECUTABLE}_linux_amd64`, `${EXECUTABLE}_linux_arm64`]) {
      expect(paths).toContain(`datasource/${file}`);
    }
  });

  it('is a plugin folder Grafana loads, for linux/amd64 and linux/arm64', () => {
    expect(checkPluginFolder(installed.dir, { platforms: ['linux_amd64', 'linux_arm64'] })).toEqual([]);
  });

  it("keeps the archive's modes: executables and folders 0755, other files 0644", () => {
    const modes = Object.fromEntries(
      tree(installed.dir).map((p) => [p, (statSync(join(installed.dir, p)).mode & 0o777).toString(8)])
    );
    const expected = Object.fromEntries(
      Object.keys(modes).map((p) => [p, p.endsWith('/') || basename(p).startsWith(`${EXECUTABLE}_`) ? '755' : '644'])
    );
    expect(modes).toEqual(expected);
  });

  it.each([
    ['linux_amd64', EM_X86_64],
    ['linux_arm64', EM_AARCH64],
  ])('holds the %s executable, runnable, built for that machine', (platform, machine) => {
    const file = join(installed.dir, 'datasource', `${EXECUTABLE}_${platform}`);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(elfHeader(file)).toEqual({ magic: '\x7fELF', elfClass: 2, littleEndian: true, machine });
  });

  it("carries package.json's version in both plugin.json files", () => {
    for (const file of ['plugin.json', 'datasource/plugin.json']) {
      expect(JSON.parse(readFileSync(join(installed.dir, file), 'utf8')).info.version).toBe(version);
    }
  });

  /** Starts the host on `pluginsDir`, checks the listening event, a ping query and the health check. */
  async function startAndQuery(pluginsDir: string, executable: string): Promise<Host> {
    const host = await startHost({ pluginsDir, yaml: provisioningYaml('installed from the archive', db) });
    try {
      expect(host.listening.plugins).toEqual([{ id: PLUGIN_ID, pid: host.pluginPid, executable }]);
      const ping = await queryOne(host, DS_UID, { queryType: 'ping', rows: 2, message: 'installed' });
      expect(ping.status).toBe(200);
      expect(ping.frames).toHaveLength(1);
      expect(ping.frames[0].schema.name).toBe('ping');
      expect(ping.frames[0].data.values[2]).toEqual(['installed 0', 'installed 1']);
      const res = await fetch(`${host.url}/api/datasources/uid/${DS_UID}/health`, { headers: userHeaders('Admin') });
      const health = (await res.json()) as { status: string; message: string };
      expect({ http: res.status, status: health.status }).toEqual({ http: 200, status: 'OK' });
      expect(health.message).toMatch(/^Connected to MySQL /);
      return host;
    } catch (err) {
      host.cleanup();
      throw new Error(`${err instanceof Error ? err.message : err}\nhost logs:\n${host.logs()}`);
    }
  }

  async function stop(host: Host) {
    try {
      const stopped = await host.stop();
      expect(stopped.plugins).toEqual([expect.objectContaining({ id: PLUGIN_ID, graceful: true })]);
    } finally {
      host.cleanup();
    }
  }

  it('starts the installed amd64 executable through the host: a ping query and the health check', async () => {
    const executable = join(installed.dir, 'datasource', `${EXECUTABLE}_linux_amd64`);
    const host = await startAndQuery(plugins, executable);
    try {
      // The running process is that file, not dist/'s.
      expect(readlinkSync(`/proc/${host.pluginPid}/exe`)).toBe(executable);
    } finally {
      await stop(host);
    }
  });

  it('starts the installed arm64 executable under qemu-user through the host: a ping query and the health check', async () => {
    // Debian's qemu-user-static and libc6-arm64-cross (the preflight of npm run test:all names them).
    expect({
      qemu: existsSync(QEMU),
      sysroot: existsSync(join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1')),
    }).toEqual({ qemu: true, sysroot: true });
    // The host starts <plugin.json dir>/gpx_ledger_linux_amd64 on this machine, so a copy of the
    // datasource's plugin.json sits next to a script of that name that runs the installed arm64
    // executable under emulation (exec: the plugin's pid is qemu's).
    const armPlugins = join(work, 'arm64-plugins', 'llmops-ledger-datasource');
    mkdirSync(armPlugins, { recursive: true });
    copyFileSync(join(installed.dir, 'datasource', 'plugin.json'), join(armPlugins, 'plugin.json'));
    const arm64 = join(installed.dir, 'datasource', `${EXECUTABLE}_linux_arm64`);
    const wrapper = join(armPlugins, `${EXECUTABLE}_linux_amd64`);
    writeFileSync(wrapper, `#!/bin/sh\nexec ${QEMU} -L ${ARM64_SYSROOT} '${arm64}' "$@"\n`, { mode: 0o755 });
    const host = await startAndQuery(join(work, 'arm64-plugins'), wrapper);
    try {
      const cmdline = readFileSync(`/proc/${host.pluginPid}/cmdline`, 'utf8').split('\0');
      expect(cmdline.slice(0, 4)).toEqual([QEMU, '-L', ARM64_SYSROOT, arm64]);
    } finally {
      await stop(host);
    }
  }, 180000);
});
