/**
 * The app's configuration page: what each role sees, and a setting saved there that the Service
 * Health page then uses (health.spec.ts has the page itself).
 */
import type { Locator, Page } from '@playwright/test';
import { APP_PLUGIN_ID } from '../../src/shared/ids';
import { expect, test } from './fixtures';
import { SERVICE_HEALTH_URL } from './pages/HealthPage';

/**
 * Saving posts the settings, then remounts the page (Grafana's locationService.reload). Wait for the
 * post itself: the input shows the typed value before the post has landed, so asserting on the input
 * alone races the save.
 */
async function saveAndReload(page: Page, save: Locator): Promise<void> {
  const posted = page.waitForResponse(
    (r) => r.url().endsWith(`/api/plugins/${APP_PLUGIN_ID}/settings`) && r.request().method() === 'POST'
  );
  await save.click();
  expect((await posted).ok()).toBe(true);
}

test.describe('app configuration', () => {
  test('as Admin: the app is enabled, and a saved setting is what the pages use', async ({
    appConfigPage,
    page,
    capture,
  }) => {
    await appConfigPage.goto();
    await expect(appConfigPage.status()).toHaveText('The app is enabled.');
    await expect(appConfigPage.readOnly()).toHaveCount(0);
    await capture('app-config');

    const original = await appConfigPage.serviceName().inputValue();
    const renamed = 'ragflow-e2e';
    await appConfigPage.serviceName().fill(renamed);
    try {
      await saveAndReload(page, appConfigPage.save());
      await expect(appConfigPage.serviceName()).toHaveValue(renamed);
      const settings = await page.request.get(`/api/plugins/${APP_PLUGIN_ID}/settings`);
      expect(((await settings.json()) as { jsonData?: { serviceName?: string } }).jsonData?.serviceName).toBe(renamed);

      await page.goto(SERVICE_HEALTH_URL);
      await expect(page.getByText(`Requests, errors, latency, resources, logs and traces of ${renamed}`)).toBeVisible();
    } finally {
      await appConfigPage.goto();
      await appConfigPage.serviceName().fill(original);
      await saveAndReload(page, appConfigPage.save());
      await expect(appConfigPage.serviceName()).toHaveValue(original);
    }
  });

  test('as Viewer: the settings are read-only', async ({ asRole, appConfigPage }) => {
    await asRole('Viewer');
    await appConfigPage.goto();
    await expect(appConfigPage.readOnly()).toBeVisible();
    await expect(appConfigPage.save()).toHaveCount(0);
    await expect(appConfigPage.serviceName()).toBeDisabled();
  });
});
