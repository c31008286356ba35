// npm run screenshots: the catalog's screenshots (src/img/screenshot-*.png, listed in src/plugin.json
// `info.screenshots`). Renders the Cost, Audit Trail and Service Health pages in the browser shell
// (tests/shell/README.md) on the specs' seeded data, in Debian's Chromium (CHROMIUM_PATH), at
// 1440×900. Needs the builds the specs need: npm run build && npm run build:host && npm run build:shell.
//
// Also a module: scripts/bench-bundle.mjs starts the same environment and browser through
// startShell() and launchChromium(), and waits for a page's panels with panelsRendered().
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const APP_URL = '/a/llmops-observability-app';
export const VIEWPORT = { width: 1440, height: 900 };

/**
 * A bundle has one `__dirname` (its own folder); the modules bundled here find the repository from
 * theirs, at different depths. Each file's `__dirname` becomes the folder it was read from.
 */
const sourceDirname = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))), loader: 'ts' };
    });
  },
};

/**
 * Starts the specs' environment (tests/e2e/shell/globalSetup.ts: a throwaway MariaDB seeded with
 * the demo generator, the demo workload with Prometheus and Jaeger, the conformance host serving the
 * shell), its TypeScript bundled with esbuild. Returns `{ url, startedAt, stop() }`.
 */
export async function startShell() {
  const outfile = join(root, '.build', 'e2e', 'scripts', 'shell-environment.cjs');
  await esbuild.build({
    plugins: [sourceDirname],
    entryPoints: [join(root, 'tests', 'e2e', 'shell', 'globalSetup.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  const { startShellEnvironment, stopShellEnvironment } = createRequire(import.meta.url)(outfile);
  const { environment, shell, seconds } = await startShellEnvironment();
  process.stdout.write(`shell at ${environment.url} (seeded in ${seconds} s)\n`);
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      await stopShellEnvironment(shell);
    }
  };
  return { url: environment.url, startedAt: Date.now(), stop };
}

/** Debian's Chromium, as the specs' `shell` project launches it (playwright.config.ts). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/**
 * Resolves when every panel on the page has drawn its data: each Grafana panel (`data-testid Panel
 * header …`) holds the shell's panel (`data-testid shell panel …`) and none is loading, and that
 * stays so for `quietMs` (a panel that appears later, or a query that runs again, resets it).
 * Returns the page's clock (ms since navigation start) when the last panel finished, and the count.
 */
export async function panelsRendered(page, { quietMs = 1000, timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let since = 0;
  for (;;) {
    const now = await page.evaluate(() => {
      const headers = [...document.querySelectorAll('[data-testid^="data-testid Panel header "]')];
      const done = headers.filter((h) => {
        const viz = h.querySelector('[data-testid^="data-testid shell panel "]');
        const state = viz?.getAttribute('data-state');
        return viz && state !== 'Loading' && state !== 'NotStarted';
      });
      const w = window;
      if (headers.length > 0 && done.length === headers.length) {
        w.__panelsDoneAt ??= performance.now();
      } else {
        w.__panelsDoneAt = undefined;
      }
      return { panels: headers.length, done: done.length, at: w.__panelsDoneAt };
    });
    if (now.at !== undefined && last?.at === now.at && last.panels === now.panels) {
      if (Date.now() - since >= quietMs) {
        return { panels: now.panels, ms: now.at };
      }
    } else {
      since = Date.now();
    }
    last = now;
    if (Date.now() > deadline) {
      throw new Error(`panels not rendered after ${timeoutMs} ms: ${now.done} of ${now.panels} done`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The catalog's pages: file name, what plugin.json calls it, the path, and what shows it is drawn. */
export const SHOTS = [
  { file: 'screenshot-cost.png', name: 'LLM Cost', path: `${APP_URL}/cost` },
  { file: 'screenshot-audit.png', name: 'Audit Trail', path: `${APP_URL}/audit` },
  // The last 5 minutes, once the demo workload has run for a minute: a screen of real series.
  {
    file: 'screenshot-service-health.png',
    name: 'Service Health',
    path: `${APP_URL}/service-health?from=now-5m&to=now`,
    trafficMs: 60_000,
  },
];

async function main() {
  const outDir = join(root, 'src', 'img');
  mkdirSync(outDir, { recursive: true });
  const shell = await startShell();
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT, baseURL: shell.url });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    for (const shot of SHOTS) {
      const waited = Date.now() - shell.startedAt;
      if (shot.trafficMs && waited < shot.trafficMs) {
        await new Promise((r) => setTimeout(r, shot.trafficMs - waited));
      }
      await page.goto(shot.path);
      await page.getByTestId('data-testid shell page title').waitFor();
      await panelsRendered(page);
      await page.waitForLoadState('networkidle');
      // The viewport, not the full page: the catalog shows a screen's worth.
      const path = join(outDir, shot.file);
      await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
      process.stdout.write(`${relative(root, path)}: ${shot.name}\n`);
    }
    if (errors.length > 0) {
      throw new Error(`errors in the page:\n${errors.map((e) => e.stack ?? e.message).join('\n')}`);
    }
  } finally {
    await browser?.close();
    await shell.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
