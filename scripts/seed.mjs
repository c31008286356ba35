// npm run seed -- --rows N --seed S [--url mysql://user:pass@host:port/db] [--end 2026-11-01] [--days 90] [--schema]
// Bundles the demo-data generator (tools/seed/main.ts) with esbuild into .build/seed.cjs and runs
// it with the given arguments (`--help` lists them all).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, '.build', 'seed.cjs');

async function main() {
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'tools', 'seed', 'main.ts')],
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
  process.stderr.write(`[seed] ${err.stack || err}\n`);
  process.exit(1);
});
