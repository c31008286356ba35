import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { testIds } from '../../shared/testIds';
import type { DataSource } from '../datasource';
import type { LedgerDataQuery, LedgerOptions } from '../types';
import { toVariableQuery } from '../storedQueries';
import { TYPE_OPTIONS } from './query/TypeOptions';
import { queryUpdater } from './query/update';

type Props = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions, LedgerDataQuery>;

/**
 * The editor of a query variable: which list, the text its values contain, how many. For a
 * multi-value variable with "Include All", a custom all value of `*` makes All filter nothing
 * instead of listing every value.
 */
export function VariableQueryEditor({ query, onChange, onRunQuery }: Props) {
  // A dashboard may store a string or an older shape; the editor always writes the query model.
  let current: LedgerDataQuery;
  try {
    current = toVariableQuery(query, query?.refId);
  } catch {
    current = toVariableQuery(undefined, 'variable');
  }
  const update = queryUpdater(current, onChange, onRunQuery ?? (() => {}));
  const Options = TYPE_OPTIONS.variableValues;
  return (
    <div data-testid={testIds.variableEditor.container}>
      <Options query={current} update={update} onRunQuery={onRunQuery ?? (() => {})} />
    </div>
  );
}
