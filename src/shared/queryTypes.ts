/**
 * The query contract's names and limits, without the validation library: the frontend imports
 * these (and the types) so that zod stays out of the browser bundle; the backend validates with
 * the schemas in queryModel.ts, built from the same constants.
 */
export const QUERY_TYPES = ['ping', 'variableValues'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

/** `ping`: the most rows one query may ask for. */
export const PING_MAX_ROWS = 1000;
/** `ping`: the longest message. */
export const PING_MESSAGE_MAX_LENGTH = 200;

export const DEFAULT_QUERY = { queryType: 'ping', rows: 3 } as const;

/** `variableValues`: what a dashboard variable can list. `actions` come from the audit trail. */
export const VARIABLES = ['tenants', 'users', 'models', 'actions'] as const;
export type VariableName = (typeof VARIABLES)[number];
/** `variableValues`: the most values one query returns. */
export const VARIABLE_VALUES_MAX = 1000;
export const VARIABLE_SEARCH_MAX_LENGTH = 100;
