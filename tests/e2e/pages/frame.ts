/**
 * A data frame as a spec reads it: field (display) names and rows of cell text. In the shell it comes
 * from a stand-in panel's table (raw values: numbers unformatted, times as epoch ms, null empty); in
 * Grafana from the frames the page received from `/api/ds/query`.
 */
export class Frame {
  constructor(
    readonly refId: string | undefined,
    readonly fields: string[],
    readonly rows: string[][]
  ) {}

  has(field: string): boolean {
    return this.fields.includes(field);
  }

  private index(field: string): number {
    const i = this.fields.indexOf(field);
    if (i < 0) {
      throw new Error(`no field "${field}" in frame ${this.refId ?? ''} (fields: ${this.fields.join(', ')})`);
    }
    return i;
  }

  /** The cells of a field, as text; an empty string for null. */
  column(field: string): string[] {
    const i = this.index(field);
    return this.rows.map((r) => r[i] ?? '');
  }

  /** The cells of a field as numbers (an empty cell is 0, as a null sum is). */
  numbers(field: string): number[] {
    return this.column(field).map((text) => (text === '' ? 0 : Number(text)));
  }

  number(field: string, row = 0): number {
    const value = this.numbers(field)[row];
    if (value === undefined) {
      throw new Error(`frame ${this.refId ?? ''} has no row ${row}`);
    }
    return value;
  }

  /** Each row as an object keyed by field name. */
  records(): Array<Record<string, string>> {
    return this.rows.map((r) => Object.fromEntries(this.fields.map((f, i) => [f, r[i] ?? ''])));
  }
}

/** A frame of Grafana's JSON data frame format, as `/api/ds/query` returns it. */
export interface DataFrameJson {
  schema?: {
    refId?: string;
    meta?: { executedQueryString?: string; type?: string };
    fields?: Array<{
      name: string;
      labels?: Record<string, string>;
      config?: { displayNameFromDS?: string; displayName?: string };
    }>;
  };
  data?: { values?: unknown[][] };
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function frameFromJson(json: DataFrameJson, refId: string): Frame {
  const fields = json.schema?.fields ?? [];
  const values = json.data?.values ?? [];
  const length = Math.max(0, ...values.map((v) => v.length));
  const rows = Array.from({ length }, (_, row) => fields.map((_f, col) => text(values[col]?.[row])));
  const names = fields.map((f) => f.config?.displayNameFromDS ?? f.config?.displayName ?? f.name);
  return new Frame(json.schema?.refId ?? refId, names, rows);
}
