/** The app's configuration page (Grafana's plugin page with the app's config tab). */
import type { Locator } from '@playwright/test';
import { APP_PLUGIN_ID } from '../../../src/shared/ids';
import { testIds } from '../../../src/shared/testIds';
import { AppPage } from './AppPage';

export const APP_CONFIG_URL = `/plugins/${APP_PLUGIN_ID}`;

const ids = testIds.appConfig;

export class AppConfigPage extends AppPage {
  async goto(): Promise<void> {
    await this.page.goto(APP_CONFIG_URL);
    await this.container().waitFor();
  }

  container(): Locator {
    return this.page.getByTestId(ids.container);
  }

  status(): Locator {
    return this.page.getByTestId(ids.status);
  }

  readOnly(): Locator {
    return this.page.getByTestId(ids.readOnly);
  }

  save(): Locator {
    return this.page.getByTestId(ids.save);
  }

  serviceName(): Locator {
    return this.page.getByTestId(ids.serviceName);
  }
}
