/**
 * Names on frames, pure: the rows of pkg/queries/names.ts become the text each id is shown as, and
 * a field of ids gets them as Grafana value mappings. The field keeps its ids, so links
 * (`${__value.raw}`), filters, exports and the number checks still see ids; tables, bar names and
 * legends show the mapped text. A frame without mappings shows ids, as before.
 */
import type { UserLabel } from '../../src/shared/datasourceSettings';
import type { Field } from '../frames';
import type { FieldConfig } from '../frames/frame';

/** A row of the names statement. */
export interface NameRow {
  id: string;
  name: string | null;
  email?: string | null;
}

/** The text shown for each id, for the ids that have one. */
export type Names = ReadonlyMap<string, string>;

export const NO_NAMES: Names = new Map();

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/** A tenant is shown by its name; a tenant without one keeps its id. */
export function tenantNames(rows: NameRow[], shown: (text: string) => string = (t) => t): Names {
  return new Map(rows.filter((r) => !blank(r.name)).map((r) => [String(r.id), shown(String(r.name).trim())]));
}

/** A user as the settings say: nickname, e-mail address, or `nickname <email>`; else the id stays. */
export function userNames(rows: NameRow[], label: UserLabel): Names {
  const out = new Map<string, string>();
  for (const r of rows) {
    const name = blank(r.name) ? undefined : String(r.name).trim();
    const email = blank(r.email) ? undefined : String(r.email).trim();
    const text =
      label === 'name'
        ? name
        : label === 'email'
          ? (email ?? name)
          : name && email
            ? `${name} <${email}>`
            : (name ?? email);
    if (text) {
      out.set(String(r.id), text);
    }
  }
  return out;
}

/**
 * Value mappings (Grafana's `{ type: 'value', options: { <id>: { text } } }`) for the ids of a
 * field that have a name; none when no id has one. Only the ids the field holds are listed.
 */
export function nameMappings(names: Names, ids: ReadonlyArray<string | null | undefined>): FieldConfig | undefined {
  const options: Record<string, { text: string }> = {};
  for (const id of ids) {
    const text = id === null || id === undefined ? undefined : names.get(id);
    if (text !== undefined) {
      options[id!] = { text };
    }
  }
  return Object.keys(options).length > 0 ? { mappings: [{ type: 'value', options }] } : undefined;
}

/** The text of an id: its name, else the id. */
export const nameOf = (names: Names, id: string): string => names.get(id) ?? id;

/** The field with the names of its ids as value mappings (a new field; the ids are kept). */
export function withNames(field: Field, names: Names): Field {
  const config = nameMappings(names, Array.from(field.values as ArrayLike<string | null>));
  return config ? { ...field, config: { ...field.config, ...config } } : field;
}
