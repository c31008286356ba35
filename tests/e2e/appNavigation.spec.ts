import { expect, test } from '@grafana/plugin-e2e';
import { ROUTES } from '../../src/constants';
import { APP_PLUGIN_ID } from '../../src/shared/ids';
import { testIds } from '../../src/shared/testIds';

test.describe('app navigation', () => {
  test('the overview page says that the app is installed and names the pages to come', async ({
    gotoAppPage,
    page,
  }) => {
    await gotoAppPage({ pluginId: APP_PLUGIN_ID, path: `/${ROUTES.Overview}` });

    await expect(page.getByTestId(testIds.appOverview.installed)).toBeVisible();
    await expect(page.getByTestId(testIds.appOverview.upcomingPages)).toContainText('LLM Cost');
  });

  test('the configuration page shows that the app is enabled', async ({ gotoAppConfigPage, page }) => {
    await gotoAppConfigPage({ pluginId: APP_PLUGIN_ID });

    await expect(page.getByTestId(testIds.appConfig.status)).toHaveText('The app is enabled.');
  });
});
