// npm run bench:ledger [-- --rows N | --big]: bundles tests/bench/ledgerBench.ts with esbuild and runs
// it (it needs the built plugin and conformance host: npm run build && npm run build:host).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, '.build', 'bench-ledger.cjs');
await esbuild.build({
  entryPoints: [join(root, 'tests', 'bench', 'ledgerBench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--max-old-space-size=4096', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
