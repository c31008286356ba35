/**
 * The fixtures every browser spec uses, in both Playwright projects:
 *
 * - `shell`: the conformance host and the browser shell (tests/shell/README.md) started by
 *   shell/globalSetup.ts on a freshly seeded database. The signed-in user is the
 *   `grafana_test_user` cookie the host reads.
 * - `grafana`: a real Grafana (`npm run server`) with the plugin and the ledger datasource
 *   provisioned. Users come from @grafana/plugin-e2e's auth setup (createUser + login), run as the
 *   `auth*` projects in playwright.config.ts, which store each user's session in
 *   `playwright/.auth/<login>.json`; `asRole` loads that session into the test's browser context.
 *
 * Pages are opened by URL in both: the shell serves Grafana's own URLs (`/a/<app>/…`,
 * `/plugins/<app>`, `/connections/datasources/edit/<uid>`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { PROVISIONED_SERVICE } from '../../src/provisioning/provisioningFiles';
import { LedgerSql } from './ledgerSql';
import { AppConfigPage } from './pages/AppConfigPage';
import { SHELL } from './pages/AppPage';
import { AuditPage } from './pages/AuditPage';
import { CostPage } from './pages/CostPage';
import { DatasourceConfigPage } from './pages/DatasourceConfigPage';
import { HealthPage } from './pages/HealthPage';
import { QueryLog } from './pages/queryLog';
import { QueryEditorPage } from './pages/QueryEditorPage';
import { GRAFANA_USERS, type E2eOptions, type Role, type Target } from './options';
import { LEDGER_UID, SCRATCH_UID, readShellEnvironment } from './shell/environment';

export { expect };

export type { E2eOptions, Role, Target };

/** The seeded ledger as the specs see it: reference SQL, and what its datasources connect with. */
export interface Ledger {
  sql: LedgerSql;
  /** The datasource every page reads. */
  uid: string;
  /** The password the datasources' database user really has (to restore after a bad one). */
  password: string;
  /** The data's exclusive end (epoch ms): the seed's `end`, or after the demo stack's last row. */
  endMs: number;
}

interface WorkerFixtures {
  ledger: Ledger;
  /**
   * The uid of a copy of the ledger datasource that the health-check specs may break (a bad password,
   * a missing table) without disturbing the pages other workers test. The shell's setup provisions
   * it; in Grafana it is created through the API, signed in as admin, when missing.
   */
  scratchDatasource: string;
  /**
   * Prometheus and Jaeger behind the product's datasources, for the specs' own queries: in the shell
   * the ones its setup started (scraping and receiving the demo workload); in Grafana the demo
   * stack's, from PROMETHEUS_URL and JAEGER_URL.
   */
  observability: { service: string; prometheusUrl: string; jaegerUrl: string };
}

interface TestFixtures {
  /** Signs the test's browser context in with this org role (pages and API requests alike). */
  asRole: (role: Role) => Promise<void>;
  /** A full-page screenshot of the current page: test-results/screenshots/<name>.png. */
  capture: (name: string) => Promise<void>;
  /** Every `/api/ds/query` round trip of the page: ranges and frames by refId. */
  queries: QueryLog;
  costPage: CostPage;
  auditPage: AuditPage;
  healthPage: HealthPage;
  datasourceConfigPage: DatasourceConfigPage;
  queryEditorPage: QueryEditorPage;
  appConfigPage: AppConfigPage;
  /** Uncaught errors of the page; a test fails when one happens (or when the shell shows its error box). */
  pageErrors: Error[];
}

const DAY_MS = 86_400_000;

function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`The grafana project needs ${name}: ${what} (see tests/README.md)`);
  }
  return value;
}

async function signInShell(context: BrowserContext, baseURL: string, role: Role): Promise<void> {
  const login = role.toLowerCase();
  const user = { login, email: `${login}@example.com`, role };
  await context.clearCookies();
  await context.addCookies([
    { name: 'grafana_test_user', value: encodeURIComponent(JSON.stringify(user)), url: baseURL },
  ]);
}

async function signInGrafana(context: BrowserContext, role: Role): Promise<void> {
  const file = join(process.cwd(), 'playwright', '.auth', `${GRAFANA_USERS[role].user}.json`);
  const state = JSON.parse(readFileSync(file, 'utf8')) as { cookies: Parameters<BrowserContext['addCookies']>[0] };
  await context.clearCookies();
  await context.addCookies(state.cookies);
}

export const test = base.extend<TestFixtures, WorkerFixtures & E2eOptions>({
  target: ['shell', { option: true, scope: 'worker' }],

  baseURL: async ({ target, baseURL }, use) => {
    await use(target === 'shell' ? readShellEnvironment().url : baseURL);
  },

  observability: [
    async ({ target }, use) => {
      await use(
        target === 'shell'
          ? readShellEnvironment().observability
          : {
              service: PROVISIONED_SERVICE,
              // The stack does not publish Prometheus (nor MySQL): its address on the compose network.
              prometheusUrl: requireEnv(
                'PROMETHEUS_URL',
                "the demo stack's Prometheus, e.g. http://<its container's address>:9090"
              ),
              // The stack publishes Jaeger's UI and query API on 16686.
              jaegerUrl: process.env.JAEGER_URL || 'http://localhost:16686',
            }
      );
    },
    { scope: 'worker' },
  ],

  ledger: [
    async ({ target }, use) => {
      const env = target === 'shell' ? readShellEnvironment() : undefined;
      const sql = LedgerSql.connect(
        env?.ledger.url ??
          requireEnv('LEDGER_MYSQL_URL', 'a mysql:// URL of the database the provisioned ledger datasource reads')
      );
      try {
        // The demo stack was seeded on some earlier day: its data ends where its last row is.
        const [last] = env ? [] : await sql.rows('SELECT MAX(create_time) + 1 AS end FROM token_usage_log');
        await use({
          sql,
          uid: LEDGER_UID,
          password:
            env?.ledger.password ??
            requireEnv('LEDGER_DB_PASSWORD', "the ledger datasource's database password (docker-compose.yaml)"),
          endMs: env?.seed.endMs ?? Number(last?.end),
        });
      } finally {
        await sql.close();
      }
    },
    { scope: 'worker' },
  ],

  scratchDatasource: [
    async ({ target, ledger, playwright }, use) => {
      if (target === 'grafana') {
        const api = await playwright.request.newContext({
          baseURL: process.env.GRAFANA_URL || 'http://localhost:3000',
          storageState: join(process.cwd(), 'playwright', '.auth', `${GRAFANA_USERS.Admin.user}.json`),
        });
        try {
          if ((await api.get(`/api/datasources/uid/${SCRATCH_UID}`)).status() === 404) {
            const original = await api.get(`/api/datasources/uid/${ledger.uid}`);
            const { type, jsonData } = (await original.json()) as { type: string; jsonData: object };
            const created = await api.post('/api/datasources', {
              data: {
                name: 'LLM Ops Ledger scratch',
                uid: SCRATCH_UID,
                type,
                access: 'proxy',
                jsonData,
                secureJsonData: { password: ledger.password },
              },
            });
            expect(created.ok(), await created.text()).toBe(true);
          }
        } finally {
          await api.dispose();
        }
      }
      await use(SCRATCH_UID);
    },
    { scope: 'worker' },
  ],

  pageErrors: [
    async ({ page, target }, use) => {
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await use(errors);
      expect(
        errors.map((e) => e.stack ?? e.message),
        'uncaught errors in the page'
      ).toEqual([]);
      if (target === 'shell') {
        // The shell's own failure box: the plugin did not load, or a page threw while rendering.
        await expect(page.getByTestId(SHELL.error), 'the shell reported a failure').toHaveCount(0);
      }
    },
    { auto: true },
  ],

  asRole: async ({ context, target, baseURL }, use) => {
    await use((role) => (target === 'shell' ? signInShell(context, baseURL!, role) : signInGrafana(context, role)));
  },

  capture: async ({ page, target }, use) => {
    await use(async (name) => {
      const dir = target === 'shell' ? 'screenshots' : join('screenshots', 'grafana');
      await page.screenshot({ path: join('test-results', dir, `${name}.png`), fullPage: true });
    });
  },

  queries: async ({ page }, use) => {
    await use(new QueryLog(page));
  },

  costPage: async ({ page, target, queries }, use) => {
    await use(new CostPage(page, target, queries));
  },
  auditPage: async ({ page, target, queries }, use) => {
    await use(new AuditPage(page, target, queries));
  },
  healthPage: async ({ page, target, queries }, use) => {
    await use(new HealthPage(page, target, queries));
  },
  datasourceConfigPage: async ({ page, target }, use) => {
    await use(new DatasourceConfigPage(page, target));
  },
  queryEditorPage: async ({ page, target, queries }, use) => {
    await use(new QueryEditorPage(page, target, queries));
  },
  appConfigPage: async ({ page, target }, use) => {
    await use(new AppConfigPage(page, target));
  },
});

/** The seeded window's last `days` days, as an absolute range (both ends inclusive, in ms). */
export function lastDays(ledger: Pick<Ledger, 'endMs'>, days: number): { fromMs: number; toMs: number } {
  return { fromMs: ledger.endMs - days * DAY_MS, toMs: ledger.endMs - 1 };
}

export type { Page };
