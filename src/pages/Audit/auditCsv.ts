/**
 * The CSV export of the audit trail, without Grafana: the file's text (RFC 4180), its name, and
 * the loop that fetches every page of the filtered events. auditExport.ts connects the loop to the
 * datasource and the browser.
 */
import type { AuditEventRow } from './auditFrame';

/** The most events one export holds: 50 ledger round trips of 1,000 events, a file of tens of MB. */
export const CSV_MAX_ROWS = 50_000;

export const CSV_COLUMNS = ['time', 'user', 'tenant', 'action', 'details'] as const;

/** RFC 4180 line break. */
const CRLF = '\r\n';

/**
 * What a spreadsheet reads as the start of a formula (OWASP's CSV injection list): `=`, `+`, `-`,
 * `@`, a tab or a carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field: quoted when it holds a comma, a quote or a line break, its quotes doubled. Null is empty.
 * The audit trail holds text users chose (knowledge base names, e-mail addresses, details): a field
 * that a spreadsheet would run as a formula gets a leading `'` and quotes, as OWASP advises, so
 * Excel, LibreOffice and Google Sheets show it as text. The apostrophe is visible in a text editor.
 */
export function csvField(value: string | null): string {
  if (value === null) {
    return '';
  }
  if (FORMULA_START.test(value)) {
    return `"'${value.replace(/"/g, '""')}"`;
  }
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The header and one line per event; time in ISO 8601, UTC. Ends with a line break. */
export function toCsv(rows: AuditEventRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [new Date(row.time).toISOString(), row.user, row.tenant, row.action, row.details].map(csvField).join(',')
    );
  }
  return lines.join(CRLF) + CRLF;
}

/** `audit-2024-05-01T00-00-00Z_2024-05-02T00-00-00Z.csv`: the range, UTC, without the colons file systems refuse. */
export function csvFileName(fromMs: number, toMs: number): string {
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/:/g, '-');
  return `audit-${stamp(fromMs)}_${stamp(toMs)}.csv`;
}

export interface FetchedPage {
  rows: AuditEventRow[];
  /** Every event that matches the filters, from the ledger's answer. */
  total: number;
}

export type FetchPage = (page: number) => Promise<FetchedPage>;

export interface FetchedRows {
  rows: AuditEventRow[];
  total: number;
  /** True when the cap stopped the export before `total`. */
  capped: boolean;
}

/**
 * Fetches pages 1, 2, … until every matching event is in, a page comes back empty, or `cap` rows
 * are in. The ledger's answer says how many events match, so no page is fetched past the last.
 */
export async function fetchAllRows(
  fetchPage: FetchPage,
  { cap = CSV_MAX_ROWS, signal }: { cap?: number; signal?: AbortSignal } = {}
): Promise<FetchedRows> {
  const rows: AuditEventRow[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    if (signal?.aborted) {
      throw new Error('the export was cancelled');
    }
    const result = await fetchPage(page);
    total = result.total;
    for (const row of result.rows) {
      rows.push(row);
    }
    if (rows.length >= cap) {
      rows.length = cap;
      break;
    }
    if (result.rows.length === 0 || rows.length >= total) {
      break;
    }
  }
  return { rows, total, capped: rows.length < total && rows.length === cap };
}
