// npm run bench:startup — start-up of the ledger backend next to a minimal Go SDK datasource,
// both launched by the same conformance host (go-plugin, as Grafana launches plugins), rounds
// interleaved in random order. Prints medians [min–max], ratios, idle memory and binary sizes.
//
//   node scripts/bench-startup.mjs [--rounds 20] [--idle-rounds 3] [--json out.json]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const host = join(root, 'tests', 'grafana-host', 'bin', 'grafana-host');
const node = join(root, 'dist', 'datasource', 'gpx_ledger_linux_amd64');
const go = join(root, 'tests', 'grafana-host', 'bin', 'gpx_gobench_linux_amd64');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

for (const file of [host, node, go]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build && npm run build:host`);
    process.exit(1);
  }
}

const rounds = arg('rounds', '20');
const idleRounds = arg('idle-rounds', '3');
const out = execFileSync(
  host,
  [
    'bench-startup',
    '--exe',
    node,
    '--exe',
    go,
    '--rounds',
    rounds,
    '--warmup',
    '1',
    '--idle-rounds',
    idleRounds,
    '--idle-ms',
    '2000',
  ],
  {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  }
);
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

const byPath = Object.fromEntries(result.executables.map((e) => [e.path, e]));
const rows = [
  ['handshake (spawn → gRPC connected)', 'handshakeMs', 'ms', 1],
  ['RSS at handshake', 'rssAtHandshakeKiB', 'MiB', 1, 1024],
  ['first CheckHealth round trip', 'firstHealthMs', 'ms', 1],
  ['first QueryData round trip', 'firstQueryMs', 'ms', 1],
  ['idle RSS (2 s after start)', 'idleRssKiB', 'MiB', 1, 1024],
  ['  of which anonymous', 'idleRssAnonKiB', 'MiB', 1, 1024],
  ['stop (Shutdown → exit)', 'stopMs', 'ms', 1],
];

const col = (exe, key, scale = 1) =>
  stats(exe.runs.map((r) => (typeof r[key] === 'number' ? r[key] / scale : undefined)));
const nodeExe = byPath[node];
const goExe = byPath[go];
const lines = [];
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
const size = (p) => statSync(p).size;
const gz = (p) => gzipSync(readFileSync(p), { level: 6 }).length;
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
lines.push(`| binary size | ${mb(size(node))} | ${mb(size(go))} | ${(size(node) / size(go)).toFixed(2)}× |`);
lines.push(`| binary size, gzip -6 | ${mb(gz(node))} | ${mb(gz(go))} | ${(gz(node) / gz(go)).toFixed(2)}× |`);
lines.push('');
lines.push(
  'Reference, measured when the backend was designed on the same kind of machine: best Node SEA 4.9× the Go handshake, 55 MiB idle RSS.'
);
console.log(lines.join('\n'));
