// The repository's Node command-line tools (tools/<name>/main.ts) run the same way: bundled by
// esbuild into one CommonJS file under .build/ (so they start without ts-node and run as they do in
// the demo stack's image), then started with the caller's arguments.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles `entry` (tools/<name>/main.ts unless given) and runs it with this process's arguments; exits
 * with its status.
 */
export async function runTool(name, entry = join('tools', name, 'main.ts')) {
  const outfile = join(root, '.build', `${name}.cjs`);
  try {
    mkdirSync(dirname(outfile), { recursive: true });
    await esbuild.build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
  } catch (err) {
    process.stderr.write(`[${name}] ${err.stack || err}\n`);
    process.exit(1);
  }
  const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
