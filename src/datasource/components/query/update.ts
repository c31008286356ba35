import type { LedgerDataQuery } from '../../types';

/**
 * Applies changes to the query; an option set to `undefined` leaves the query (the backend's
 * default applies). `run` runs the query at once: choices and switches do, text and numbers run
 * when their field loses focus.
 */
export type UpdateQuery = (changes: Partial<LedgerDataQuery>, run?: boolean) => void;

export function queryUpdater(
  query: LedgerDataQuery,
  onChange: (query: LedgerDataQuery) => void,
  onRunQuery: () => void
): UpdateQuery {
  return (changes, run = false) => {
    const next: Record<string, unknown> = { ...query, ...changes };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) {
        delete next[key];
      }
    }
    onChange(next as LedgerDataQuery);
    if (run) {
      onRunQuery();
    }
  };
}

/** The props every option component takes. */
export interface OptionProps {
  query: LedgerDataQuery;
  update: UpdateQuery;
  /** Runs the query as it stands (on blur). */
  onRunQuery: () => void;
}

export const LABEL_WIDTH = 16;
