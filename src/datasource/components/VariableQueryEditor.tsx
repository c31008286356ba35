import React, { useEffect } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Text } from '@grafana/ui';
import { ALL_VALUE } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import type { DataSource } from '../datasource';
import type { LedgerDataQuery, LedgerOptions } from '../types';
import { toVariableQuery } from '../storedQueries';
import { VariableValuesOptions } from './query/VariableValuesOptions';
import { queryUpdater } from './query/update';

type Props = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions, LedgerDataQuery>;

const noop = () => {};

/** The editor of a query variable: which list, the text its values contain, how many. */
export function VariableQueryEditor({ query, onChange, onRunQuery = noop }: Props) {
  // A dashboard may store a string or an older shape; the editor always writes the query model.
  let current: LedgerDataQuery;
  try {
    current = toVariableQuery(query, query?.refId);
  } catch {
    current = toVariableQuery(undefined, 'variable');
  }
  // Scenes run no query for a variable whose query is empty: store the list the editor shows, so
  // that a variable saved without a change still lists it.
  const stored = query as Partial<LedgerDataQuery> | string | undefined;
  const needsModel = typeof stored !== 'object' || stored === null || stored.queryType !== 'variableValues';
  useEffect(() => {
    if (needsModel) {
      onChange(current);
    }
    // Once, for what the dashboard stored; later changes come from the fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needsModel]);
  return (
    <div data-testid={testIds.variableEditor.container}>
      <VariableValuesOptions
        query={current}
        update={queryUpdater(current, onChange, onRunQuery)}
        onRunQuery={onRunQuery}
      />
      {/* Without it, All sends every value: slower, and cut off past the filter's limit. */}
      <div data-testid={testIds.variableEditor.allHint}>
        <Text variant="bodySmall" color="secondary">
          With &quot;Include All option&quot;, set the custom all value to <code>{ALL_VALUE}</code>: then All filters
          nothing instead of listing every value.
        </Text>
      </div>
    </div>
  );
}
