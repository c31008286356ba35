/**
 * The ledger datasource's settings page (its ConfigEditor) with "Save & test": the shell's own page
 * at Grafana's URL, or Grafana's datasource page.
 */
import type { Locator, Response } from '@playwright/test';
import { selectors } from '@grafana/e2e-selectors';
import { testIds } from '../../../src/shared/testIds';
import { AppPage, SHELL } from './AppPage';

const ids = testIds.datasourceConfig;

export interface HealthOutcome {
  ok: boolean;
  message: string;
}

export function datasourcePath(uid: string): string {
  return `/connections/datasources/edit/${encodeURIComponent(uid)}`;
}

export class DatasourceConfigPage extends AppPage {
  private uid = '';

  async goto(uid: string): Promise<void> {
    this.uid = uid;
    await this.page.goto(datasourcePath(uid));
    await this.editor().waitFor();
  }

  editor(): Locator {
    return this.page.getByTestId(ids.container);
  }

  field(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Types a new password, resetting the stored one first (a stored secret shows as "configured"). */
  async setPassword(password: string): Promise<void> {
    const input = this.field(ids.password);
    const row = this.page
      .locator('div')
      .filter({ has: input })
      .filter({ has: this.page.getByRole('button', { name: 'Reset' }) })
      .last();
    if (await row.isVisible()) {
      await row.getByRole('button', { name: 'Reset' }).click();
    }
    await this.field(ids.password).fill(password);
  }

  /** Clicks "Save & test" and returns what the health check said. */
  async saveAndTest(): Promise<HealthOutcome> {
    const health = this.page.waitForResponse(
      (r: Response) =>
        r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/datasources/uid/${this.uid}/health`
    );
    if (this.target === 'shell') {
      await this.page.getByTestId(SHELL.saveAndTest).click();
      await health;
      const outcome = this.page.getByTestId(SHELL.health('ok')).or(this.page.getByTestId(SHELL.health('error')));
      await outcome.waitFor();
      const ok = await this.page.getByTestId(SHELL.health('ok')).isVisible();
      return { ok, message: ((await outcome.textContent()) ?? '').trim() };
    }
    await this.page.getByTestId(selectors.pages.DataSource.saveAndTest).click();
    await health;
    const alert = this.page.getByTestId(selectors.pages.DataSource.alert);
    await alert.waitFor();
    // Grafana's Alert: role "alert" for errors, "status" otherwise.
    const ok = (await alert.getAttribute('role')) !== 'alert';
    return { ok, message: ((await alert.textContent()) ?? '').trim() };
  }
}
