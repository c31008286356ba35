import React from 'react';
import { CoreApp, type QueryEditorProps } from '@grafana/data';
import { Alert, Combobox, type ComboboxOption, InlineField, InlineFieldRow } from '@grafana/ui';
import type { QueryType } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import type { DataSource } from '../datasource';
import { MENU_ORDER, QUERY_TYPE_INFO, withQueryType } from '../queryOptions';
import type { LedgerDataQuery, LedgerOptions } from '../types';
import { FilterOption, type FilterList } from './query/FilterOption';
import { TextOption } from './query/TextOption';
import { TYPE_OPTIONS } from './query/TypeOptions';
import { LABEL_WIDTH, queryUpdater, type OptionProps } from './query/update';

export type LedgerQueryEditorProps = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions>;

const QUERY_TYPE_OPTIONS: Array<ComboboxOption<QueryType>> = MENU_ORDER.map((type) => ({
  value: type,
  label: QUERY_TYPE_INFO[type].label,
  description: QUERY_TYPE_INFO[type].description,
}));

const FILTER_LISTS: FilterList[] = ['tenants', 'users', 'models', 'actions'];

/** The editor of a ledger query, in panels, Explore and alert rules; every query type. */
export function QueryEditor({ query, onChange, onRunQuery, datasource, range, app }: LedgerQueryEditorProps) {
  const type: QueryType = isQueryType(query.queryType) ? query.queryType : 'costTimeSeries';
  const fields = QUERY_TYPE_INFO[type].fields as readonly string[];
  const update = queryUpdater(query, onChange, onRunQuery);
  const props: OptionProps = { query, update, onRunQuery };
  const TypeOptions = TYPE_OPTIONS[type];
  const lists = FILTER_LISTS.filter((list) => fields.includes(list));

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
              onChange(withQueryType(query, option.value));
              onRunQuery();
            }}
            data-testid={testIds.queryEditor.queryType}
          />
        </InlineField>
      </InlineFieldRow>
      {lists.map((list) => (
        <InlineFieldRow key={list}>
          <FilterOption {...props} list={list} datasource={datasource} range={range} />
        </InlineFieldRow>
      ))}
      {fields.includes('text') && (
        <InlineFieldRow>
          <TextOption
            {...props}
            field="text"
            label="Details contain"
            tooltip="Only events whose details contain this text"
            placeholder="optional"
          />
        </InlineFieldRow>
      )}
      {/* Keyed by type: a number field's text belongs to the type it was typed for. */}
      <TypeOptions key={type} {...props} />
      <AlertingHint app={app} query={query} type={type} />
    </div>
  );
}

const ALERTING_APPS: Array<CoreApp | string | undefined> = [CoreApp.UnifiedAlerting, CoreApp.CloudAlerting];
/** Query types whose frames alerting turns into numbers: a series per group, or a number per row. */
const ALERTABLE: QueryType[] = ['costTimeSeries', 'costTotals', 'auditCounts', 'budget', 'spendSpikes'];

/** In an alert rule, says what makes a query alertable. */
function AlertingHint({ app, query, type }: { app?: CoreApp | string; query: LedgerDataQuery; type: QueryType }) {
  if (!ALERTING_APPS.includes(app)) {
    return null;
  }
  let text: string | undefined;
  if ((type === 'budget' || type === 'spendSpikes') && !query.forAlerting) {
    text = 'Turn on "For alert rules" to get one number per tenant: each becomes its own alert instance.';
  } else if (!ALERTABLE.includes(type)) {
    text = `${QUERY_TYPE_INFO[type].label} answers rows of text; alert on cost over time, cost totals, audit counts, budgets or spend spikes.`;
  } else if (FILTER_LISTS.some((list) => query[list]?.some((v) => v.includes('$')))) {
    text = 'Alert rules have no dashboard variables: filter by values, not by $variables.';
  }
  return text ? (
    <Alert severity="info" title="Alert rules" data-testid={testIds.queryEditor.alertingHint}>
      {text}
    </Alert>
  ) : null;
}

function isQueryType(value: unknown): value is QueryType {
  return typeof value === 'string' && value in QUERY_TYPE_INFO;
}
