// npm run test:all — every test layer, on a fresh clone too, in the order a failure is cheapest to find:
// 1. preflight: the system programs the tests need; when one is missing it stops at once, naming the
//    Debian package (or download) that provides it;
// 2. set-up: node_modules from package-lock.json (`npm ci`, only when they are missing or stale);
// 3. generated code is fresh (protobuf codecs, price catalog), typecheck, lint;
// 4. the Go test programs: go vet and go test of the conformance host; the GitHub workflows linted by
//    actionlint and the compose file loaded by Compose's own loader (tests/tools); go vet and go test
//    of the test collector (tests/tools/otelcol: its components are the demo config's);
// 5. the builds: the release archive (`npm run package`: frontend, backend for linux/amd64 and
//    linux/arm64, zip and sums), the conformance host, the browser shell, the test collector and
//    Jaeger (`npm run build:test-tools`: Go modules from the proxy, cached in GOMODCACHE);
// 6. unit and integration tests in one Jest run (integration through the host, the archive installed);
// 7. the browser specs in Chromium against the host and the shell.
// Ends with one summary line: "tests: N passed, N failed". A browser spec that passed only when
// retried (Playwright's "flaky") is named and counted as failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  describeMissing,
  ensureNodeModules,
  missingRequirements,
  nodeVersionProblem,
  requirement,
  ROOT as root,
} from './lib/setup.mjs';

/** What the tests run besides Node and npm. */
const REQUIREMENTS = [
  requirement({
    programs: ['go'],
    why: 'the conformance host and test tools',
    source: 'Go 1.26 from https://go.dev/dl/',
  }),
  requirement({ programs: ['strip'], why: 'strips node before the backend is injected', apt: 'binutils' }),
  requirement({
    programs: ['mariadbd'],
    why: 'the throwaway database, unless MYSQL_URL is set',
    apt: 'mariadb-server',
    skip: (env) => Boolean(env.MYSQL_URL),
  }),
  requirement({
    programs: ['mariadb-install-db', 'mysql_install_db'],
    why: 'creates its data directory',
    apt: 'mariadb-server',
    skip: (env) => Boolean(env.MYSQL_URL),
  }),
  requirement({
    programs: [process.env.CHROMIUM_PATH || '/usr/bin/chromium'],
    why: 'the browser specs',
    apt: 'chromium',
  }),
  requirement({
    programs: [process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus'],
    why: "runs the dashboards' PromQL",
    apt: 'prometheus',
  }),
  requirement({
    programs: [process.env.PROMTOOL_PATH ?? '/usr/bin/promtool'],
    why: 'checks the Prometheus config',
    apt: 'prometheus',
  }),
  // linux/arm64: the package build takes its V8 code cache under emulation and strips it, and the
  // package test starts it.
  requirement({
    programs: ['/usr/bin/qemu-aarch64-static'],
    why: 'runs the arm64 executable',
    apt: 'qemu-user-static',
  }),
  requirement({
    programs: ['/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1'],
    why: 'the arm64 C library',
    apt: 'libc6-arm64-cross',
    file: true,
  }),
  requirement({
    programs: ['/usr/aarch64-linux-gnu/lib/libstdc++.so.6'],
    why: 'the arm64 C++ library',
    apt: 'libstdc++6-arm64-cross',
    file: true,
  }),
  requirement({
    programs: ['aarch64-linux-gnu-strip'],
    why: 'strips the arm64 executable',
    apt: 'binutils-aarch64-linux-gnu',
  }),
];

// `--missing-apt-packages`: only print the Debian packages to install, one a line (.ci/run installs them).
if (process.argv.includes('--missing-apt-packages')) {
  const missing = missingRequirements(REQUIREMENTS).filter((r) => r.apt);
  process.stdout.write([...new Set(missing.map((r) => r.apt))].map((pkg) => `${pkg}\n`).join(''));
  process.exit(0);
}

const preflight = nodeVersionProblem() ?? describeMissing('npm run test:all', missingRequirements(REQUIREMENTS));
if (preflight) {
  console.error(preflight);
  process.exit(1);
}
ensureNodeModules(root);

const results = join(root, '.build', 'jest-results.json');
const browserResults = join(root, '.build', 'playwright-results.json');
mkdirSync(dirname(results), { recursive: true });

function run(title, command, args, options = {}) {
  process.stdout.write(`\n=== ${title}: ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
  });
  return r.status === 0;
}

const tools = join(root, 'tests', 'tools');
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(workflowsDir, f));
const steps = [
  [
    'generated protocol code (codecs, types, service table) is up to date',
    'node',
    ['scripts/generate-proto.mjs', '--check'],
  ],
  ['generated price catalog is up to date', 'node', ['scripts/generate-prices.mjs', '--check']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['go vet (conformance host)', 'go', ['vet', './...'], { cwd: join(root, 'tests', 'grafana-host') }],
  ['go test (conformance host)', 'go', ['test', './...'], { cwd: join(root, 'tests', 'grafana-host') }],
  ['go vet (test tools)', 'go', ['vet', './...'], { cwd: tools }],
  ['go test (actionlint on the workflows, and on broken ones)', 'go', ['test', './...'], { cwd: tools }],
  ['actionlint (GitHub workflows)', 'go', ['tool', 'actionlint', '-no-color', ...workflows], { cwd: tools }],
  ['go vet (compose check)', 'go', ['vet', './...'], { cwd: join(tools, 'compose') }],
  [
    "go test (docker-compose.yaml through Compose's own loader)",
    'go',
    ['test', './...'],
    { cwd: join(tools, 'compose') },
  ],
  // The flags of scripts/build-test-tools.mjs, so vet and the build share Go's build cache.
  [
    'go vet (test collector)',
    'go',
    ['vet', '-trimpath', './...'],
    { cwd: join(tools, 'otelcol'), env: { CGO_ENABLED: '0' } },
  ],
  [
    "go test (the test collector's components are the demo config's)",
    'go',
    ['test', '-trimpath', './...'],
    { cwd: join(tools, 'otelcol'), env: { CGO_ENABLED: '0' } },
  ],
  ['release archive: frontend, backend for amd64 and arm64, zip', 'npm', ['run', '--silent', 'package']],
  ['build conformance host', 'npm', ['run', '--silent', 'build:host']],
  ['build browser shell', 'npm', ['run', '--silent', 'build:shell']],
  ['build test collector (OpenTelemetry 0.161.0) and Jaeger v1.75.0', 'npm', ['run', '--silent', 'build:test-tools']],
];

/** The titles of the specs Playwright's JSON report marks flaky. */
function flakyTitles(report) {
  const titles = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'flaky') {
          titles.push([...path, spec.title].filter(Boolean).join(' › '));
        }
      }
    }
    for (const child of suite.suites ?? []) {
      walk(child, [...path, child.title]);
    }
  };
  for (const suite of report.suites ?? []) {
    walk(suite, [suite.title]);
  }
  return titles;
}

let failedSteps = 0;
for (const [title, command, args, options] of steps) {
  if (!run(title, command, args, options)) {
    console.error(`\n${title} failed`);
    failedSteps++;
    break;
  }
}

let passed = 0;
let failed = 0;
if (failedSteps === 0) {
  // One Jest run for the unit and integration projects; the integration tests run one at a time
  // since each starts its own host and plugin processes.
  const ok = run('unit and integration tests', 'npx', [
    'jest',
    '--ci',
    '--runInBand',
    '--json',
    `--outputFile=${results}`,
  ]);
  try {
    const summary = JSON.parse(readFileSync(results, 'utf8'));
    passed = summary.numPassedTests;
    failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  } catch {
    failed++;
  }
  if (!ok && failed === 0) {
    failed++;
  }

  // The browser specs: Playwright's `shell` project (Debian's Chromium, the host and the shell).
  process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = browserResults;
  const browserOk = run('browser specs', 'npx', ['playwright', 'test', '--project', 'shell', '--reporter=list,json']);
  try {
    const report = JSON.parse(readFileSync(browserResults, 'utf8'));
    const { stats } = report;
    passed += stats.expected;
    failed += stats.unexpected;
    // A spec that needed a retry to pass is a fault of the spec or the product, not a pass.
    if (stats.flaky > 0) {
      console.error(`browser specs: ${stats.flaky} flaky (passed only when retried):`);
      for (const title of flakyTitles(report)) {
        console.error(`  ${title}`);
      }
      failed += stats.flaky;
    }
    if (stats.skipped > 0) {
      console.error(`browser specs: ${stats.skipped} skipped`);
      failed += stats.skipped;
    }
    if (!browserOk && stats.unexpected === 0) {
      failed++;
    }
  } catch {
    failed++;
  }
}
console.log(`\ntests: ${passed} passed, ${failed + failedSteps} failed`);

process.exit(failed + failedSteps === 0 ? 0 : 1);
