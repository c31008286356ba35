#!/usr/bin/env node
// Builds the test-only Go programs that tests/integration/collector.test.ts runs, into .build/tools/
// (gitignored; never shipped):
// - otelcol: the demo stack's OpenTelemetry collector (tests/tools/otelcol: the components
//   deploy/otel-collector/config.yaml uses, at the release docker-compose.yaml pins, 0.161.0);
// - jaeger: Jaeger v1.75.0's all-in-one `jaeger` (tests/tools/jaeger: a `tool` of that module).
// The first build downloads the modules from the Go module proxy into the default GOMODCACHE and
// compiles them (minutes); later builds come from Go's build cache (seconds).
// `--print-dir`: print the output folder and exit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_BIN = path.join(root, '.build', 'tools');

const targets = [
  { name: 'otelcol', module: path.join(root, 'tests', 'tools', 'otelcol'), pkg: '.' },
  {
    name: 'jaeger',
    module: path.join(root, 'tests', 'tools', 'jaeger'),
    pkg: 'github.com/jaegertracing/jaeger/cmd/jaeger',
  },
];

if (process.argv.includes('--print-dir')) {
  console.log(TOOLS_BIN);
  process.exit(0);
}

mkdirSync(TOOLS_BIN, { recursive: true });
try {
  for (const t of targets) {
    const started = Date.now();
    const out = path.join(TOOLS_BIN, t.name);
    // -trimpath for reproducible paths; CGO off: both are pure Go.
    execFileSync('go', ['build', '-trimpath', '-o', out, t.pkg], {
      cwd: t.module,
      env: { ...process.env, CGO_ENABLED: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const size = statSync(out).size;
    console.log(
      `built ${path.relative(root, out)} (${(size / 1048576).toFixed(1)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`
    );
  }
} catch (err) {
  console.error(`build-test-tools: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
