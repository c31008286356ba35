// npm run test:all — every test layer, in the order a failure is cheapest to find:
// generated code is fresh, types and lint pass, unit tests, then the build (frontend bundle and
// backend single executable), the conformance host and the browser shell, then integration tests
// through the host, then the browser specs in Chromium against the host and the shell.
// Ends with one summary line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, '.build', 'jest-results.json');
const browserResults = join(root, '.build', 'playwright-results.json');
mkdirSync(dirname(results), { recursive: true });

function run(title, command, args, options = {}) {
  process.stdout.write(`\n=== ${title}: ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return r.status === 0;
}

const steps = [
  ['generated protobuf codecs are up to date', 'node', ['scripts/generate-proto.mjs', '--check']],
  ['generated price catalog is up to date', 'node', ['scripts/generate-prices.mjs', '--check']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['go vet (conformance host)', 'go', ['vet', './...'], { cwd: join(root, 'tests', 'grafana-host') }],
  ['go test (conformance host)', 'go', ['test', './...'], { cwd: join(root, 'tests', 'grafana-host') }],
  ['build frontend and backend', 'npm', ['run', '--silent', 'build']],
  ['build conformance host', 'npm', ['run', '--silent', 'build:host']],
  ['build browser shell', 'npm', ['run', '--silent', 'build:shell']],
];

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
    const { stats } = JSON.parse(readFileSync(browserResults, 'utf8'));
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
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
