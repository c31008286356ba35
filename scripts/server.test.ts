/**
 * `npm run server` checks Docker before it installs or builds anything: on a machine without a
 * running engine or without Compose v2 it says so in one line and exits non-zero. The checks run
 * against a stand-in `docker` on PATH that answers as each kind of machine would.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, 'server.mjs');

/** A `docker` that prints `composeVersion` for `docker compose version --short` and answers `docker info` when `engine`. */
function fakeDocker(dir: string, composeVersion: string | null, engine: boolean): void {
  const file = join(dir, 'docker');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'case "$1" in',
      composeVersion === null
        ? '  compose) echo "docker: unknown command: docker compose" >&2; exit 1 ;;'
        : `  compose) echo "${composeVersion}" ;;`,
      engine
        ? '  info) echo "28.2.2" ;;'
        : '  info) echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock" >&2; exit 1 ;;',
      '  *) exit 2 ;;',
      'esac',
      '',
    ].join('\n')
  );
  chmodSync(file, 0o755);
}

function check(setup: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'server-check-'));
  try {
    setup(dir);
    const r = spawnSync(process.execPath, [SCRIPT, '--check'], { env: { PATH: dir }, encoding: 'utf8' });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run server checks Docker first', () => {
  it.each<[string, (dir: string) => void, RegExp]>([
    ['no docker at all', () => undefined, /docker is not installed: get it from https:\/\/docs\.docker\.com\//],
    [
      'the docker client without Compose and without an engine (unknown flag: --build)',
      (dir) => fakeDocker(dir, null, false),
      /Docker Compose v2 is missing .*compose\/install.*; and the Docker engine is not running/,
    ],
    ['Compose older than 2.24.4', (dir) => fakeDocker(dir, '2.20.2', true), /Docker Compose 2\.20\.2 is too old/],
    [
      'Compose v2 but no running engine',
      (dir) => fakeDocker(dir, 'v2.29.1', false),
      /^npm run server: the Docker engine is not running/,
    ],
  ])('%s: one line naming what is missing, exit 1', (_name, setup, message) => {
    const { status, out } = check(setup);
    expect(status).toBe(1);
    expect(out).toMatch(message);
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('passes with Compose 2.24.4 or later and a running engine', () => {
    expect(check((dir) => fakeDocker(dir, '2.24.4', true))).toEqual({
      status: 0,
      out: 'npm run server: Docker and Compose are ready\n',
    });
  });
});
