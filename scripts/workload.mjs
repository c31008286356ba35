// npm run workload -- [--mysql-url mysql://user:pass@host:port/db] [--metrics-port 9100] [--otlp-url URL] [--rps 2]
// Bundles the demo workload (tools/workload/main.ts) with esbuild into .build/workload.cjs and runs
// it with the given arguments (`--help` lists them all).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, '.build', 'workload.cjs');

async function main() {
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'tools', 'workload', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

main().catch((err) => {
  process.stderr.write(`[workload] ${err.stack || err}\n`);
  process.exit(1);
});
