/**
 * The rollup tables (schema/mysql/003_rollups.sql): their names and grains, shared by the refresh job
 * that writes them and the statements that read them.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The layout of the rollup tables; bumped when 003_rollups.sql changes what a row means. */
export const ROLLUP_SCHEMA_VERSION = 1;

export const STATE_TABLE = 'token_usage_rollup_state';

export type Grain = 'hour' | 'day' | 'hourUser' | 'dayUser';

export interface GrainInfo {
  table: string;
  /** The bucket column: whole hours or days since 1970-01-01 UTC. */
  index: 'hour_index' | 'day_index';
  ms: number;
  /** Whether the table is keyed by user too. */
  user: boolean;
}

export const GRAINS: Record<Grain, GrainInfo> = {
  hour: { table: 'token_usage_rollup_hour', index: 'hour_index', ms: HOUR_MS, user: false },
  day: { table: 'token_usage_rollup_day', index: 'day_index', ms: DAY_MS, user: false },
  hourUser: { table: 'token_usage_rollup_hour_user', index: 'hour_index', ms: HOUR_MS, user: true },
  dayUser: { table: 'token_usage_rollup_day_user', index: 'day_index', ms: DAY_MS, user: true },
};

/** The key columns of a rollup table, each stored as '' with a `_null` flag when the ledger has NULL. */
export const KEY_COLUMNS = {
  tenant: { value: 'tenant_id', isNull: 'tenant_null' },
  user: { value: 'user_id', isNull: 'user_null' },
  model: { value: 'model_name', isNull: 'model_null' },
} as const;

/** The measures of every rollup row, in table order; the raw statements compute the same names. */
export const MEASURES = [
  'requests',
  'input_tokens',
  'output_tokens',
  'stored_cost',
  'null_requests',
  'null_input',
  'null_output',
  'null_first',
  'null_last',
] as const;

/** Each day table and the hour table it is summed from. */
export const DAY_OF: Record<'hour' | 'hourUser', 'day' | 'dayUser'> = { hour: 'day', hourUser: 'dayUser' };
