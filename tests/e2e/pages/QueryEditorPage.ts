/**
 * The ledger datasource's query editor on a runner, with a preview of what the query returns: the
 * shell's query editor page (`/test/query-editor/<uid>`), or Grafana's Explore with the datasource.
 */
import { expect, type Locator } from '@playwright/test';
import { selectors } from '@grafana/e2e-selectors';
import { testIds } from '../../../src/shared/testIds';
import { AppPage, SHELL, readStandInFrames, withParams, type PageParams } from './AppPage';
import type { Frame } from './frame';

const ids = testIds.queryEditor;

export function queryEditorPath(uid: string): string {
  return `/test/query-editor/${encodeURIComponent(uid)}`;
}

/** Explore with one query of the datasource (Grafana's `panes` URL state). */
export function explorePath(uid: string, params: PageParams): string {
  const panes = {
    a: {
      datasource: uid,
      queries: [{ refId: 'A', datasource: { uid, type: 'llmops-ledger-datasource' } }],
      range: { from: String(params.from ?? 'now-7d'), to: String(params.to ?? 'now') },
    },
  };
  return withParams('/explore', { schemaVersion: 1, orgId: 1, panes: JSON.stringify(panes) });
}

export class QueryEditorPage extends AppPage {
  async goto(uid: string, params: PageParams = {}): Promise<void> {
    await this.page.goto(this.target === 'shell' ? withParams(queryEditorPath(uid), params) : explorePath(uid, params));
    await this.editor().waitFor();
  }

  editor(): Locator {
    return this.page.getByTestId(ids.container);
  }

  queryType(): Locator {
    return this.page.getByTestId(ids.queryType);
  }

  /** Picks a query type in the menu by its label ("Cost breakdown"). */
  async chooseQueryType(label: string): Promise<void> {
    // Typing the label leaves one option in the (virtualized) menu, so the click cannot land on a row
    // that moves while the menu settles; the combobox then shows the chosen type.
    await expect(async () => {
      await this.queryType().click();
      await this.queryType().fill(label);
      await this.page.getByRole('option', { name: new RegExp(`^${label}`) }).click({ timeout: 5_000 });
      await expect(this.queryType()).toHaveValue(label, { timeout: 2_000 });
    }).toPass();
  }

  /** A choice option (buttons): `field` as in the query model, `label` the button's text. */
  async choose(field: string, label: string): Promise<void> {
    await this.page.getByTestId(ids.option(field)).getByRole('radio', { name: label, exact: true }).check();
  }

  /** A number or text option: typed, then left (which runs the query). */
  async type(field: string, value: string | number): Promise<void> {
    const input = this.page.getByTestId(ids.option(field));
    await input.fill(String(value));
    await input.blur();
  }

  /** An on/off option. */
  async toggle(field: 'forAlerting' | 'asAnnotations'): Promise<void> {
    // The switch's checkbox is drawn over by its styled label: check it directly.
    await this.page.getByTestId(ids.option(field)).check({ force: true });
  }

  /** Runs the query: the shell's Run button, or Explore's. */
  async run(): Promise<void> {
    await this.page
      .getByTestId(this.target === 'shell' ? SHELL.run : selectors.components.RefreshPicker.runButtonV2)
      .click();
  }

  preview(): Locator {
    return this.page.getByTestId(SHELL.preview);
  }

  /** The frames of the last run; throws while there are none. */
  async previewFrames(): Promise<Frame[]> {
    if (this.target === 'grafana') {
      return this.queries!.frames('A');
    }
    const frames = await readStandInFrames(this.preview());
    if (frames.length === 0) {
      throw new Error('the preview shows no frame yet');
    }
    return frames;
  }
}
