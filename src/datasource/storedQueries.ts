/**
 * The queries a dashboard stores outside its panels, read into the query model: an annotation's
 * target and a query variable's query. The editors and the datasource's supports both use these,
 * so they live apart from either (no import cycle).
 */
import { VARIABLES, type VariableName } from '../shared/queryTypes';
import { withQueryType } from './queryOptions';
import type { LedgerDataQuery } from './types';

export const ANNOTATION_REF_ID = 'Anno';

/** The query an annotation runs, from what the dashboard stored (whatever its type was). */
export function toAnnotationQuery(target: Partial<LedgerDataQuery> | undefined): LedgerDataQuery {
  const query = { refId: ANNOTATION_REF_ID, ...target } as LedgerDataQuery;
  return { ...withQueryType(query, 'auditEvents'), asAnnotations: true };
}

/**
 * A variable's query: the query model, or a plain string naming the list (`tenants`, `model`…),
 * for hand-written dashboards. A new variable stores an empty string: it lists the default (tenants),
 * as its editor shows. Throws on a string that names no list.
 */
export function toVariableQuery(stored: unknown, refId = 'variable'): LedgerDataQuery {
  if (typeof stored === 'string' && stored.trim() !== '') {
    const name = variableName(stored);
    if (name === undefined) {
      throw new Error(`unknown list "${stored}"; expected one of ${VARIABLES.join(', ')}`);
    }
    return { refId, queryType: 'variableValues', variable: name };
  }
  // Without a type, the fields are taken as a variable's (`{ variable: 'users' }` lists users).
  const query = {
    refId,
    queryType: 'variableValues',
    ...(typeof stored === 'object' ? (stored as Partial<LedgerDataQuery>) : {}),
  } as LedgerDataQuery;
  return withQueryType(query, 'variableValues');
}

/** `tenants`, `Tenant`, ` models ` → the list's name; undefined if it names none. */
function variableName(text: string): VariableName | undefined {
  const word = text.trim().toLowerCase();
  return VARIABLES.find((name) => name === word || name === `${word}s`);
}
