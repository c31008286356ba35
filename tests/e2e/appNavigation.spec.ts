import { expect, test } from '@grafana/plugin-e2e';
import { ROUTES } from '../../src/constants';
import { APP_PLUGIN_ID } from '../../src/shared/ids';
import { testIds } from '../../src/shared/testIds';

test.describe('app navigation', () => {
  test('the LLM Cost page opens by default and lists the models without a price', async ({ gotoAppPage, page }) => {
    await gotoAppPage({ pluginId: APP_PLUGIN_ID, path: `/${ROUTES.Cost}` });

    await expect(page.getByTestId(testIds.cost.unpriced).or(page.getByTestId(testIds.cost.allPriced))).toBeVisible();
  });

  test('the configuration page shows that the app is enabled', async ({ gotoAppConfigPage, page }) => {
    await gotoAppConfigPage({ pluginId: APP_PLUGIN_ID });

    await expect(page.getByTestId(testIds.appConfig.status)).toHaveText('The app is enabled.');
  });
});
