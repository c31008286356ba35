import React, { useEffect } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow } from '@grafana/ui';
import type { QueryType } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import type { DataSource } from '../datasource';
import { defaultQueryFor, MENU_ORDER, QUERY_TYPE_INFO, withQueryType } from '../queryOptions';
import type { LedgerDataQuery, LedgerOptions } from '../types';
import { AlertingHint } from './query/AlertingHint';
import { Filters } from './query/Filters';
import { TYPE_OPTIONS } from './query/TypeOptions';
import { LABEL_WIDTH, queryUpdater, type OptionProps } from './query/update';

export type LedgerQueryEditorProps = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions>;

const QUERY_TYPE_OPTIONS: Array<ComboboxOption<QueryType>> = MENU_ORDER.map((type) => ({
  value: type,
  label: QUERY_TYPE_INFO[type].label,
  description: QUERY_TYPE_INFO[type].description,
}));

/** The editor of a ledger query, in panels, Explore and alert rules; every query type. */
export function QueryEditor({ query, onChange, onRunQuery, datasource, range, app }: LedgerQueryEditorProps) {
  const known = isQueryType(query.queryType);
  const type: QueryType = known ? (query.queryType as QueryType) : (defaultQueryFor(app).queryType ?? 'costTimeSeries');

  // A query without a type the backend knows (written by hand, or by an older version) would fail:
  // store the type the editor shows.
  useEffect(() => {
    if (!known) {
      onChange(withQueryType(query, type, app));
    }
  }, [known, query, type, app, onChange]);

  const props: OptionProps = { query, update: queryUpdater(query, onChange, onRunQuery), onRunQuery };
  const TypeOptions = TYPE_OPTIONS[type];

  return (
    <div data-testid={testIds.queryEditor.container}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH} htmlFor="ledger-query-type">
          <Combobox
            id="ledger-query-type"
            width={24}
            options={QUERY_TYPE_OPTIONS}
            value={type}
            onChange={(option) => {
              onChange(withQueryType(query, option.value, app));
              onRunQuery();
            }}
            data-testid={testIds.queryEditor.queryType}
          />
        </InlineField>
      </InlineFieldRow>
      <Filters {...props} type={type} datasource={datasource} range={range} />
      {/* Keyed by type: a number field's text belongs to the type it was typed for. */}
      <TypeOptions key={type} {...props} />
      <AlertingHint app={app} query={query} type={type} />
    </div>
  );
}

function isQueryType(value: unknown): value is QueryType {
  return typeof value === 'string' && value in QUERY_TYPE_INFO;
}
