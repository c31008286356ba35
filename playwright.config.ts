import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { dirname } from 'node:path';
import { GRAFANA_USERS, type E2eOptions } from './tests/e2e/options';
import { runsShellProject } from './tests/e2e/shell/projects';

// The login step that @grafana/plugin-e2e ships: creates the configured user (unless it is the
// admin) and stores its session in playwright/.auth/<user>.json.
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

const shell = runsShellProject();

/**
 * Browser specs (tests/e2e/*.spec.ts), in two projects; see tests/README.md.
 *
 * - `shell` (`npm run e2e:shell`): our machines. Debian's Chromium, the conformance host and the
 *   browser shell in place of Grafana, on a database seeded by the global setup. Not a default
 *   project: select it with `--project shell`.
 * - `grafana` (`npm run e2e`): the same specs against a real Grafana (`npm run server`), signed in
 *   by @grafana/plugin-e2e's auth projects; plus the Grafana-only specs in tests/e2e/grafana/.
 *
 * https://playwright.dev/docs/test-configuration
 */
export default defineConfig<PluginOptions & E2eOptions>({
  testDir: './tests/e2e',
  outputDir: 'test-results/',
  forbidOnly: !!process.env.CI,
  // The shell's environment (database, host) is started once for the run, when the run selects it.
  globalSetup: './tests/e2e/shell/globalSetup.ts',
  globalTeardown: './tests/e2e/shell/globalTeardown.ts',
  // The shell runs on CI machines with two cores: Chromium, the host, the plugin and MariaDB share them.
  workers: shell ? 2 : undefined,
  fullyParallel: !shell,
  reporter: shell ? 'list' : 'html',
  expect: { timeout: 10_000, toPass: { timeout: 20_000 } },
  use: {
    baseURL: process.env.GRAFANA_URL || 'http://localhost:3000',
    trace: 'on-first-retry',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'shell',
      default: false,
      testIgnore: ['grafana/**'],
      retries: 0,
      timeout: 60_000,
      use: {
        target: 'shell',
        browserName: 'chromium',
        actionTimeout: 15_000,
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
          ],
        },
      },
    },
    // Grafana: sign in as admin, editor and viewer (plugin-e2e's createUser + login), then run.
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'auth-editor',
      testDir: pluginE2eAuth,
      testMatch: [/.*\.js/],
      use: { user: GRAFANA_USERS.Editor },
    },
    {
      name: 'auth-viewer',
      testDir: pluginE2eAuth,
      testMatch: [/.*\.js/],
      use: { user: GRAFANA_USERS.Viewer },
    },
    {
      name: 'grafana',
      retries: process.env.CI ? 2 : 0,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        target: 'grafana',
        storageState: 'playwright/.auth/admin.json',
      },
      dependencies: ['auth', 'auth-editor', 'auth-viewer'],
    },
  ],
});
