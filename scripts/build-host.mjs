#!/usr/bin/env node
// Builds the Go conformance host (tests/grafana-host) and the Go SDK baseline
// datasource used by `grafana-host bench-startup`. Test-only; never shipped.
// Outputs go to tests/grafana-host/bin/ (gitignored). No dependencies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const moduleDir = path.join(root, 'tests', 'grafana-host');
const binDir = path.join(moduleDir, 'bin');

function go(args, env = {}) {
  return execFileSync('go', args, {
    cwd: moduleDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
}

try {
  // Name the baseline like Grafana expects: <executable>_<GOOS>_<GOARCH>.
  const [goos, goarch] = go(['env', 'GOOS', 'GOARCH']).trim().split(/\s+/);
  const exe = goos === 'windows' ? '.exe' : '';
  const targets = [
    { pkg: './cmd/grafana-host', out: `bin/grafana-host${exe}` },
    { pkg: './cmd/go-datasource', out: `bin/gpx_gobench_${goos}_${goarch}${exe}` },
  ];
  mkdirSync(binDir, { recursive: true });
  for (const t of targets) {
    // CGO off and symbols stripped (-w -s), as Grafana's plugin build (mage) does, so the
    // baseline's size is what a shipped Go plugin weighs; -trimpath for reproducible paths.
    go(['build', '-trimpath', '-ldflags', '-w -s', '-o', t.out, t.pkg], { CGO_ENABLED: '0' });
    const file = path.join(moduleDir, t.out);
    const size = statSync(file).size;
    console.log(`built ${path.relative(root, file)} (${t.pkg}, ${(size / 1048576).toFixed(1)} MiB)`);
  }
} catch (err) {
  console.error(`build-host: ${err.message}`);
  process.exit(1);
}
