// npm run bench:startup — start-up of the ledger backend next to a minimal Go SDK datasource,
// both launched by the same conformance host (go-plugin, as Grafana launches plugins), rounds
// interleaved in random order. Prints medians [min–max], ratios, idle memory and binary sizes.
//
//   node scripts/bench-startup.mjs [--rounds 20] [--idle-rounds 3] [--idle-ms 2000] [--json out.json]
//
// With --candidates it first builds the executable each way listed in scripts/lib/startupCandidates.mjs
// (Node version, Node/V8 options) into .build/candidates/<name>/, then measures them all, the built
// dist/ executable and the Go reference in the same interleaved rounds, and prints one row each:
//
//   node scripts/bench-startup.mjs --candidates [name,name…] [--no-build] [--rounds 20] …
//
// --no-build reuses candidates already built; --list prints the candidates; --also <executable>
// (repeatable) adds another executable, e.g. a copy of an earlier build, as a row.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CANDIDATES, buildArgs, describe } from './lib/startupCandidates.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const host = join(root, 'tests', 'grafana-host', 'bin', 'grafana-host');
const node = join(root, 'dist', 'datasource', 'gpx_ledger_linux_amd64');
const go = join(root, 'tests', 'grafana-host', 'bin', 'gpx_gobench_linux_amd64');
const candidatesDir = join(root, '.build', 'candidates');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

if (flag('list')) {
  for (const c of CANDIDATES) {
    console.log(`${c.name.padEnd(16)} Node ${c.node.padEnd(8)} ${describe(c)}`);
  }
  process.exit(0);
}

for (const file of [host, node, go]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build && npm run build:host`);
    process.exit(1);
  }
}

/** The candidates asked for with --candidates [a,b,…] (all when no list follows), or []. */
function selectedCandidates() {
  const i = process.argv.indexOf('--candidates');
  if (i < 0) {
    return [];
  }
  const list = process.argv[i + 1];
  if (!list || list.startsWith('--')) {
    return CANDIDATES;
  }
  return list.split(',').map((name) => {
    const c = CANDIDATES.find((x) => x.name === name);
    if (!c) {
      console.error(`no candidate ${name}; there are: ${CANDIDATES.map((x) => x.name).join(', ')}`);
      process.exit(1);
    }
    return c;
  });
}

/** Builds a candidate (unless --no-build finds it built) and returns its executable. */
function buildCandidate(candidate) {
  const dir = join(candidatesDir, candidate.name);
  const exe = join(dir, 'gpx_ledger_linux_amd64');
  if (flag('no-build') && existsSync(exe)) {
    return exe;
  }
  console.error(`building ${candidate.name}: Node ${candidate.node}, ${describe(candidate)}`);
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [join(root, 'scripts', 'build-backend.mjs'), ...buildArgs(candidate, dir)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The host names the plugin after the plugin.json beside the executable, as Grafana would.
  copyFileSync(join(root, 'src', 'datasource', 'plugin.json'), join(dir, 'plugin.json'));
  return exe;
}

const candidates = selectedCandidates().map((c) => ({ ...c, exe: buildCandidate(c) }));
const rounds = arg('rounds', '20');
const idleRounds = arg('idle-rounds', '3');
const idleMs = arg('idle-ms', '2000');
const also = process.argv.flatMap((a, i) => (a === '--also' ? [process.argv[i + 1]] : []));
for (const file of also) {
  if (!existsSync(file)) {
    console.error(`${file} is missing`);
    process.exit(1);
  }
}
const exes = [node, ...candidates.map((c) => c.exe), ...also, go];
let out;
try {
  out = execFileSync(
    host,
    [
      'bench-startup',
      ...exes.flatMap((exe) => ['--exe', exe]),
      '--rounds',
      rounds,
      '--warmup',
      '1',
      '--idle-rounds',
      idleRounds,
      '--idle-ms',
      idleMs,
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    }
  );
} catch (err) {
  // The host logs every launch on stderr; its last lines say which executable failed and why.
  console.error(
    String(err.stderr ?? '')
      .trim()
      .split('\n')
      .slice(-25)
      .join('\n')
  );
  console.error(`grafana-host bench-startup failed (exit ${err.status})`);
  process.exit(1);
}
const result = JSON.parse(out);
if (arg('json')) {
  writeFileSync(arg('json'), JSON.stringify(result, null, 2));
}

const stats = (values) => {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) {
    return null;
  }
  const mid = Math.floor(v.length / 2);
  return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1], n: v.length };
};
const fmt = (s, unit = '', digits = 1) =>
  s ? `${s.median.toFixed(digits)}${unit} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]` : 'n/a';
const col = (exe, key, scale = 1) =>
  stats(exe.runs.map((r) => (typeof r[key] === 'number' ? r[key] / scale : undefined)));
const size = (p) => statSync(p).size;
const gz = (p) => gzipSync(readFileSync(p), { level: 6 }).length;
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const idleLabel = `idle RSS (${(Number(idleMs) / 1000).toFixed(idleMs % 1000 ? 1 : 0)} s after start)`;

const byPath = Object.fromEntries(result.executables.map((e) => [e.path, e]));
const nodeExe = byPath[node];
const goExe = byPath[go];
const lines = [];

if (candidates.length === 0 && also.length === 0) {
  const rows = [
    ['handshake (spawn → gRPC connected)', 'handshakeMs', 'ms', 1],
    ['RSS at handshake', 'rssAtHandshakeKiB', 'MiB', 1, 1024],
    ['first CheckHealth round trip', 'firstHealthMs', 'ms', 1],
    ['first QueryData round trip', 'firstQueryMs', 'ms', 1],
    [idleLabel, 'idleRssKiB', 'MiB', 1, 1024],
    ['  of which anonymous', 'idleRssAnonKiB', 'MiB', 1, 1024],
    ['stop (Shutdown → exit)', 'stopMs', 'ms', 1],
  ];
  lines.push(
    `Start-up: ledger backend (Node SEA) vs minimal Go SDK datasource, ${result.rounds} interleaved rounds, median [min–max]`
  );
  lines.push('');
  lines.push(`| figure | Node SEA | Go SDK | Node ÷ Go |`);
  lines.push(`|---|---|---|---|`);
  for (const [label, key, unit, digits, scale] of rows) {
    const n = col(nodeExe, key, scale);
    const g = col(goExe, key, scale);
    const ratio = n && g && g.median > 0 ? `${(n.median / g.median).toFixed(2)}×` : 'n/a';
    lines.push(`| ${label} | ${fmt(n, ` ${unit}`, digits)} | ${fmt(g, ` ${unit}`, digits)} | ${ratio} |`);
  }
  lines.push(`| binary size | ${mb(size(node))} | ${mb(size(go))} | ${(size(node) / size(go)).toFixed(2)}× |`);
  lines.push(`| binary size, gzip -6 | ${mb(gz(node))} | ${mb(gz(go))} | ${(gz(node) / gz(go)).toFixed(2)}× |`);
  lines.push('');
  lines.push(
    'Goal: handshake ≤ 4× the Go SDK reference, idle RSS ≤ 50 MiB. `npm run bench:startup -- --candidates` compares Node versions and flags.'
  );
} else {
  const goHandshake = col(goExe, 'handshakeMs');
  const row = (label, nodeVersion, options, exe) => {
    const h = col(exe, 'handshakeMs');
    const ratio = h && goHandshake ? `${(h.median / goHandshake.median).toFixed(2)}×` : 'n/a';
    const idle = col(exe, 'idleRssKiB', 1024);
    const anon = col(exe, 'idleRssAnonKiB', 1024);
    const atHandshake = col(exe, 'rssAtHandshakeKiB', 1024);
    const query = col(exe, 'firstQueryMs');
    return `| ${label} | ${nodeVersion} | ${options} | ${fmt(h, '', 1)} | ${ratio} | ${idle ? idle.median.toFixed(1) : 'n/a'} (${anon ? anon.median.toFixed(1) : 'n/a'}) | ${atHandshake ? atHandshake.median.toFixed(1) : 'n/a'} | ${query ? query.median.toFixed(1) : 'n/a'} | ${mb(size(exe.path))} |`;
  };
  lines.push(
    `Start-up candidates, ${result.rounds} interleaved rounds (idle RSS from the first ${idleRounds}), median [min–max]`
  );
  lines.push('');
  lines.push(
    `| candidate | Node | options | handshake ms | ÷ Go | ${idleLabel}, MiB (anonymous) | RSS at handshake, MiB | first QueryData ms | size |`
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  lines.push(row(`${relative(root, node)} (npm run build)`, 'built', '', nodeExe));
  for (const c of candidates) {
    lines.push(row(c.name, c.node, describe(c), byPath[c.exe]));
  }
  for (const file of also) {
    lines.push(row(file, '', '', byPath[file]));
  }
  lines.push(row('Go SDK reference', '—', '', goExe));
  lines.push('');
  lines.push('Goal: handshake ≤ 4× the Go SDK reference, idle RSS ≤ 50 MiB.');
}
console.log(lines.join('\n'));
