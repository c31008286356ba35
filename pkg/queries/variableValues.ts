/**
 * `variableValues`: the distinct tenants, users, models or audit actions in the time range, for
 * dashboard variables (multi-value pickers), sorted, at most `limit`.
 */
import { VARIABLE_VALUES_MAX, type VariableName } from '../../src/shared/queryTypes';
import type { LedgerSettings } from '../settings';
import {
  containsPattern,
  quoteIdentifier,
  tableName,
  tenantPin,
  timeFilter,
  where,
  type LedgerTable,
  type Statement,
  type TimeRange,
} from './sql';

export interface VariableValuesInput {
  variable: VariableName;
  search?: string;
  limit?: number;
  range: TimeRange;
}

export interface VariableValuesPlan {
  statement: Statement;
  table: LedgerTable;
  /** The most values returned; the statement asks for one more to tell whether there were more. */
  limit: number;
}

function source(s: LedgerSettings, variable: VariableName): { table: LedgerTable; column: string } {
  switch (variable) {
    case 'tenants':
      return { table: 'usage', column: s.usageColumns.tenantId };
    case 'users':
      return { table: 'usage', column: s.usageColumns.userId };
    case 'models':
      return { table: 'usage', column: s.usageColumns.model };
    case 'actions':
      return { table: 'audit', column: s.auditColumns.action };
  }
}

export function variableValuesPlan(s: LedgerSettings, input: VariableValuesInput): VariableValuesPlan {
  const { table, column } = source(s, input.variable);
  const col = quoteIdentifier(column);
  const limit = Math.min(input.limit ?? VARIABLE_VALUES_MAX, VARIABLE_VALUES_MAX, s.maxRows);
  const filter = where([
    timeFilter(s, table, input.range),
    { sql: `${col} IS NOT NULL`, params: [] },
    tenantPin(s, table),
    input.search ? { sql: `${col} LIKE ? ESCAPE '!'`, params: [containsPattern(input.search)] } : null,
  ]);
  return {
    table,
    limit,
    statement: {
      sql: `SELECT DISTINCT ${col} AS value FROM ${tableName(s, table)}${filter.sql} ORDER BY value LIMIT ?`,
      params: [...filter.params, limit + 1],
    },
  };
}
