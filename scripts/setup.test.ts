/**
 * The README's test command checks the machine before anything else: a missing system program stops
 * it at once, named with the package that provides it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Evaluates `expression` with scripts/lib/setup.mjs imported as `m`, in a Node of its own (the
 * scripts are plain ES modules, which this Jest project does not load), and returns its JSON value.
 */
function setup(expression: string): unknown {
  const lib = JSON.stringify(join(__dirname, 'lib', 'setup.mjs'));
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import * as m from ${lib}; console.log(JSON.stringify(${expression}) ?? 'null')`],
    { encoding: 'utf8' }
  );
  if (r.status !== 0) {
    throw new Error(r.stderr);
  }
  return JSON.parse(r.stdout);
}

describe('the system programs a command needs', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'setup-'));
    writeFileSync(join(dir, 'present'), '#!/bin/sh\n');
    chmodSync(join(dir, 'present'), 0o755);
    writeFileSync(join(dir, 'not-executable'), '');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a program on PATH or by its absolute path, and only when it may run', () => {
    const find = (names: string[], path = dir) => setup(`m.findProgram(${JSON.stringify(names)}, { PATH: '${path}' })`);
    expect(find(['present'])).toBe(join(dir, 'present'));
    expect(find(['missing', 'present'])).toBe(join(dir, 'present'));
    expect(find([join(dir, 'present')], '')).toBe(join(dir, 'present'));
    expect(find(['not-executable'])).toBeNull();
    expect(find(['missing'])).toBeNull();
  });

  it('names each missing program, why it is needed, and one apt-get line for the packages', () => {
    const requirements = `[
      m.requirement({ programs: ['present'], why: 'is here', apt: 'here' }),
      m.requirement({ programs: ['/usr/bin/nothing-here'], why: 'the browser specs', apt: 'chromium' }),
      m.requirement({ programs: ['promtool-x'], why: 'checks the config', apt: 'prometheus' }),
      m.requirement({ programs: ['prometheus-x'], why: 'runs PromQL', apt: 'prometheus' }),
      m.requirement({ programs: ['go-x'], why: 'the host', source: 'Go 1.26 from https://go.dev/dl/' }),
      m.requirement({ programs: ['db-x'], why: 'skipped', apt: 'mariadb-server', skip: () => true }),
    ]`;
    expect(
      setup(`m.describeMissing('npm run test:all', m.missingRequirements(${requirements}, { PATH: '${dir}' }))`)
    ).toBe(
      'npm run test:all: missing nothing-here (the browser specs), promtool-x (checks the config), ' +
        'prometheus-x (runs PromQL), go-x (the host); install with: sudo apt-get install chromium prometheus; ' +
        'Go 1.26 from https://go.dev/dl/'
    );
    expect(setup(`m.describeMissing('npm run test:all', [])`)).toBeNull();
  });

  it("compares Node's version with package.json's engines", () => {
    const problem = (version: string) => setup(`m.nodeVersionProblem(m.ROOT, '${version}')`);
    expect(problem('20.19.0')).toBeNull();
    expect(problem('22.1.0')).toBeNull();
    expect(problem('20.18.3')).toMatch(/^Node 20\.18\.3 is older than package\.json's engines\.node/);
    expect(problem('18.20.0')).toMatch(/older/);
  });

  it('tells .ci/run which Debian packages to install: only those of missing programs', () => {
    const r = spawnSync(process.execPath, [join(__dirname, 'test-all.mjs'), '--missing-apt-packages'], {
      env: { ...process.env, CHROMIUM_PATH: join(dir, 'no-chromium'), PROMTOOL_PATH: join(dir, 'no-promtool') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    // This machine has the others (the test command needs them to run at all).
    expect(r.stdout).toBe('chromium\nprometheus\n');
  });

  it('npm run test:all stops at once, naming the missing package, before it installs or runs anything', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(__dirname, 'test-all.mjs')], {
      env: { ...process.env, CHROMIUM_PATH: join(dir, 'no-chromium') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^npm run test:all: missing no-chromium \(the browser specs\).*; install with: sudo apt-get install chromium$/
    );
    expect(r.stdout).toBe('');
    // It stopped in the preflight: no step ran (each prints a "===" line).
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
