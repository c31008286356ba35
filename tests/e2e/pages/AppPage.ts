/**
 * What every page object shares: opening a URL of Grafana's (the shell serves the same ones), the
 * page title, Grafana's panels by title, and reading a panel's data.
 *
 * Reading a panel differs by project. In the shell, a stand-in panel renders each frame it received
 * (after field config and overrides) as a table of raw values, which is read from the DOM. In
 * Grafana, the real visualization draws the numbers (formatted, on canvas for charts), so the spec
 * checks that the panel is there and reads the frames the page received for the panel's query
 * from `/api/ds/query`.
 */
import type { Locator, Page } from '@playwright/test';
import { selectors } from '@grafana/e2e-selectors';
import { APP_PLUGIN_ID } from '../../../src/shared/ids';
import type { Target } from '../options';
import { Frame } from './frame';
import type { QueryLog } from './queryLog';

/** The shell's own test ids (tests/shell/README.md). */
export const SHELL = {
  pageTitle: 'data-testid shell page title',
  error: 'data-testid shell error',
  frames: '[data-testid^="data-testid shell frame "]',
  viz: '[data-testid^="data-testid shell viz "]',
  saveAndTest: 'data-testid shell save and test',
  health: (outcome: 'ok' | 'error') => `data-testid shell health ${outcome}`,
  saveError: 'data-testid shell save error',
  run: 'data-testid shell run',
  preview: 'data-testid shell preview',
} as const;

export const APP_URL = `/a/${APP_PLUGIN_ID}`;

/** URL parameters of a page: the time range (`from`, `to`) and variables (`var-<name>`, repeated for several). */
export type PageParams = Record<string, string | number | string[] | undefined>;

export function withParams(path: string, params: PageParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      search.append(key, String(v));
    }
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Reads the stand-in tables under `root` (shell only). */
export async function readStandInFrames(root: Locator): Promise<Frame[]> {
  const tables = await root.locator(SHELL.frames).evaluateAll((nodes) =>
    nodes.map((table) => ({
      refId: table.getAttribute('data-refid') ?? undefined,
      fields: [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
      rows: [...table.querySelectorAll('tr')]
        .filter((tr) => tr.querySelector('td'))
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    }))
  );
  return tables.map((t) => new Frame(t.refId, t.fields, t.rows));
}

export class AppPage {
  constructor(
    readonly page: Page,
    readonly target: Target,
    readonly queries?: QueryLog
  ) {}

  /** The page's title: the shell's page chrome, or Grafana's page header. */
  title(): Locator {
    return this.target === 'shell' ? this.page.getByTestId(SHELL.pageTitle) : this.page.locator('h1').first();
  }

  /** A failure of the shell itself (plugin not loaded, a page that threw). */
  shellError(): Locator {
    return this.page.getByTestId(SHELL.error);
  }

  /** A Grafana panel by its title (the panel chrome's `data-testid Panel header <title>`). */
  panel(title: string): Locator {
    return this.page.getByTestId(selectors.components.Panels.Panel.title(title));
  }

  /**
   * What a panel draws for a person: in the shell, @grafana/ui's visualization (BigValue, TimeSeries
   * with its legend, BarGauge) without the hidden frames; in Grafana, the panel.
   */
  visualization(title: string): Locator {
    const panel = this.panel(title);
    return this.target === 'shell' ? panel.locator(SHELL.viz) : panel;
  }

  /**
   * The frames a panel shows for query `refId`. Throws while they are not there yet: call it inside
   * `expect(…).toPass()` or `expect.poll`, which retry.
   */
  async panelFrames(title: string, refId: string): Promise<Frame[]> {
    const panel = this.panel(title);
    if (!(await panel.isVisible())) {
      throw new Error(`no panel "${title}" on the page`);
    }
    if (this.target === 'grafana') {
      if (!this.queries) {
        throw new Error('reading panels in Grafana needs the query log');
      }
      return this.queries.frames(refId);
    }
    const frames = (await readStandInFrames(panel)).filter((f) => f.refId === undefined || f.refId === refId);
    if (frames.length === 0) {
      throw new Error(`panel "${title}" shows no frame of ${refId} yet`);
    }
    return frames;
  }

  /** The one frame of a panel. */
  async panelFrame(title: string, refId: string): Promise<Frame> {
    const frames = await this.panelFrames(title, refId);
    if (frames.length !== 1) {
      throw new Error(`panel "${title}" shows ${frames.length} frames of ${refId}, expected one`);
    }
    return frames[0]!;
  }

  /** Picks a relative range in the time picker by its label and `from` (e.g. "Last 24 hours", `now-24h`). */
  async chooseTimeRange(label: string, from: string): Promise<void> {
    await this.page.getByTestId(selectors.components.TimePicker.openButton).click();
    const option = this.page
      .getByTestId(`data-testid TimePicker time range option ${from} to now`)
      .or(this.page.getByText(label, { exact: true }));
    await option.first().click();
  }

  /**
   * Sets a multi-value variable (Scenes' picker above the page) to exactly `values`: the current
   * choice is cleared, each value picked from the menu, and the picker closed, which applies it.
   */
  async chooseVariable(label: string, values: string[]): Promise<void> {
    const input = this.page.getByLabel(label, { exact: true });
    await input.click();
    for (const value of values) {
      await input.fill(value);
      await this.page.getByTestId(selectors.pages.Dashboard.SubMenu.submenuItemValueDropDownOptionTexts(value)).click();
    }
    // "All" was selected: a picked value replaces it (Scenes drops All when others follow it).
    await this.page.keyboard.press('Escape');
    await input.blur();
  }
}
