/**
 * The Audit Trail: its events table (a component of the app, the same in the shell and in
 * Grafana), the filters above it, the CSV export, the event detail, and the "no access" page.
 */
import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { testIds } from '../../../src/shared/testIds';
import { APP_URL, AppPage, withParams, type PageParams } from './AppPage';

export const AUDIT_URL = `${APP_URL}/audit`;
export const SECURITY_URL = `${AUDIT_URL}/security`;

export function eventPath(id: string): string {
  return `${AUDIT_URL}/event/${encodeURIComponent(id)}`;
}

const ids = testIds.audit;

/** "1,234 events · page 2 of 25". */
export interface TableTotal {
  total: number;
  page: number;
  pages: number;
}

export interface Change {
  field: string;
  before: string;
  after: string;
}

/** The filter variables' labels on the page (src/pages/Audit/auditVariables.ts). */
export const FILTERS = { user: 'User', tenant: 'Tenant', action: 'Action', search: 'Details contain' } as const;

/** RFC 4180: quoted fields with doubled quotes, CRLF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export class AuditPage extends AppPage {
  /** The trust badge: whether the hash chains hold, and the trail's state (oldest event, purges). */
  trust(): Locator {
    return this.page.getByTestId(ids.trust);
  }

  trustState(): Locator {
    return this.page.getByTestId(ids.trustState);
  }

  async goto(params: PageParams = {}): Promise<void> {
    await this.page.goto(withParams(AUDIT_URL, params));
  }

  async gotoSecurity(params: PageParams = {}): Promise<void> {
    await this.page.goto(withParams(SECURITY_URL, params));
  }

  async gotoEvent(id: string): Promise<void> {
    await this.page.goto(eventPath(id));
  }

  events(): Locator {
    return this.page.getByTestId(ids.events);
  }

  noAccess(): Locator {
    return this.page.getByTestId(testIds.page.noAccess);
  }

  /** The table's count line; throws until it shows one. */
  async total(): Promise<TableTotal> {
    const text = (await this.page.getByTestId(ids.total).textContent()) ?? '';
    const match = /^([\d,]+) events · page ([\d,]+) of ([\d,]+)$/.exec(text.trim());
    if (!match) {
      throw new Error(`the table shows no count yet ("${text}")`);
    }
    const n = (s: string) => Number(s.replace(/,/g, ''));
    return { total: n(match[1]!), page: n(match[2]!), pages: n(match[3]!) };
  }

  /** The ids of the rows shown, top to bottom. */
  async rowIds(): Promise<string[]> {
    const prefix = ids.eventRow('');
    const testIdsShown = await this.events()
      .locator(`[data-testid^="${prefix}"]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid') ?? ''));
    return testIdsShown.map((id) => id.slice(prefix.length));
  }

  /** The text filter ("Details contain"): typed, then applied with Enter. */
  async search(text: string): Promise<void> {
    const input = this.page.getByLabel(FILTERS.search, { exact: true });
    await input.fill(text);
    await input.press('Enter');
  }

  async openEvent(id: string): Promise<void> {
    await this.page.getByTestId(ids.eventLink(id)).click();
  }

  detail(): Locator {
    return this.page.getByTestId(ids.eventDetail);
  }

  /** The event detail's before/after table. */
  async changes(): Promise<Change[]> {
    const prefix = ids.changeRow('');
    return this.page
      .getByTestId(ids.changes)
      .locator(`[data-testid^="${prefix}"]`)
      .evaluateAll(
        (rows, p) =>
          rows.map((r) => {
            const cells = [...r.querySelectorAll('td')].map((td) => td.textContent ?? '');
            return {
              field: (r.getAttribute('data-testid') ?? '').slice(p.length),
              before: cells[1] ?? '',
              after: cells[2] ?? '',
            };
          }),
        prefix
      );
  }

  /** Clicks "Export CSV" and returns the downloaded file's name and rows (header first). */
  async exportCsv(): Promise<{ fileName: string; rows: string[][] }> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId(ids.exportCsv).click();
    const file = await download;
    const path = await file.path();
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    return { fileName: file.suggestedFilename(), rows: parseCsv(text) };
  }

  exportStatus(): Locator {
    return this.page.getByTestId(ids.exportStatus);
  }
}
