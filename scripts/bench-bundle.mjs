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

// The first view of the LLM Cost page, in the browser shell (tests/shell/) on the specs' seeded data:
// the plugin's JavaScript the browser fetches for it (the app's module.js, the lazy chunks that view
// loads, and the ledger datasource's module.js and chunks: everything under /public/plugins/; not
// the shell's shell.js, which stands in for Grafana's own bundle), and the time from navigation to
// the last panel drawn. Needs `npm run build:host && npm run build:shell`; `--no-page` skips it.
if (!process.argv.includes('--no-page')) {
  const { startShell, launchChromium, panelsRendered, APP_URL, VIEWPORT } = await import('./screenshots.mjs');
  const GOAL = 600 * 1024;
  const shell = await startShell();
  let browser;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, baseURL: shell.url });
    const page = await context.newPage();
    const scripts = [];
    page.on('response', async (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/public/plugins/') && url.pathname.endsWith('.js')) {
        const body = await response.body().catch(() => Buffer.alloc(0));
        const sizes = await response
          .request()
          .sizes()
          .catch(() => undefined);
        scripts.push({
          file: url.pathname.replace('/public/plugins/', ''),
          size: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          transfer: sizes?.responseBodySize ?? body.length,
        });
      }
    });
    await page.goto(`${APP_URL}/cost`);
    const { panels, ms } = await panelsRendered(page);
    const total = scripts.reduce((s, r) => s + r.size, 0);
    const gzip = scripts.reduce((s, r) => s + r.gzip, 0);
    const transfer = scripts.reduce((s, r) => s + r.transfer, 0);
    console.log('');
    console.log('first view of the LLM Cost page (browser shell, 1440×900, cold cache)');
    console.log(`${'plugin JS fetched'.padEnd(40)} ${'size'.padStart(12)} ${'gzip'.padStart(12)}`);
    for (const r of scripts.sort((a, b) => b.size - a.size)) {
      console.log(`${r.file.padEnd(40)} ${kib(r.size).padStart(12)} ${kib(r.gzip).padStart(12)}`);
    }
    console.log(
      `${`${scripts.length} files`.padEnd(40)} ${kib(total).padStart(12)} ${kib(gzip).padStart(12)}  (${kib(transfer)} over the wire: the host does not compress)`
    );
    console.log(
      `JavaScript downloaded: ${kib(total)} of the 600 KiB goal (${((100 * total) / GOAL).toFixed(1)} %; ${(total / GOAL).toFixed(2)}×)`
    );
    console.log(`last of ${panels} panels rendered ${(ms / 1000).toFixed(2)} s after navigation started`);
  } finally {
    await browser?.close();
    await shell.stop();
  }
}
