// npm run bench:bundle: what a browser downloads for the app (needs `npm run build`). Grafana loads
// dist/module.js for every page of Grafana that touches the plugin (nav, extensions), so it must stay
// small; the app shell, each page and the editors come in their own chunks, on demand.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      return jsFiles(path);
    }
    return e.name.endsWith('.js') ? [path] : [];
  });
}

let files;
try {
  files = jsFiles(dist);
} catch {
  console.error('dist/ not found: run `npm run build` first');
  process.exit(1);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const rows = files
  .map((path) => {
    const bytes = readFileSync(path);
    return { file: relative(dist, path), size: statSync(path).size, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.size - a.size);

const entry = rows.find((r) => r.file === 'module.js');
const total = rows.reduce((sum, r) => sum + r.size, 0);
const totalGzip = rows.reduce((sum, r) => sum + r.gzip, 0);
console.log('bundle (dist/, production build)');
console.log(`${'file'.padEnd(40)} ${'size'.padStart(12)} ${'gzip'.padStart(12)}`);
for (const r of rows) {
  console.log(`${r.file.padEnd(40)} ${kib(r.size).padStart(12)} ${kib(r.gzip).padStart(12)}`);
}
console.log(`${'all chunks'.padEnd(40)} ${kib(total).padStart(12)} ${kib(totalGzip).padStart(12)}`);
if (entry) {
  console.log(
    `module.js is ${kib(entry.size)} (${kib(entry.gzip)} gzip): ${((100 * entry.size) / total).toFixed(1)} % of what the app can load`
  );
}
