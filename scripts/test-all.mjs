// npm run test:all — every test layer, in the order a failure is cheapest to find:
// generated code is fresh, types and lint pass, unit tests, then the build (frontend bundle and
// backend single executable) and the conformance host, then integration tests through the host.
// Ends with one summary line: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, '.build', 'jest-results.json');
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
  ['build frontend and backend', 'npm', ['run', '--silent', 'build']],
  ['build conformance host', 'npm', ['run', '--silent', 'build:host']],
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
}
console.log(`\ntests: ${passed} passed, ${failed + failedSteps} failed`);
process.exit(failed + failedSteps === 0 ? 0 : 1);
