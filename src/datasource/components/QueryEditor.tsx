import React, { useState, type ChangeEvent } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input } from '@grafana/ui';
import { PING_MAX_ROWS, PING_MESSAGE_MAX_LENGTH, type QueryType } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import type { DataSource } from '../datasource';
import type { LedgerDataQuery, LedgerOptions } from '../types';

export type LedgerQueryEditorProps = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions>;

const QUERY_TYPE_OPTIONS: Array<ComboboxOption<QueryType>> = [
  { label: 'Ping', value: 'ping', description: 'A few generated rows; checks the path to the backend without MySQL' },
];

/** The longest message the shared query schema accepts (QueryEditor.test.tsx checks that they agree). */
export const MESSAGE_MAX_LENGTH = PING_MESSAGE_MAX_LENGTH;

const LABEL_WIDTH = 14;

/** Parses the rows field: `undefined` means "use the default", `null` means the text is not a valid count. */
export function parseRows(text: string): number | undefined | null {
  if (text.trim() === '') {
    return undefined;
  }
  const rows = Number(text);
  return Number.isInteger(rows) && rows >= 1 && rows <= PING_MAX_ROWS ? rows : null;
}

export function QueryEditor({ query, onChange, onRunQuery }: LedgerQueryEditorProps) {
  // The text as typed, so that an invalid count stays visible (and flagged) instead of being replaced.
  const [rowsText, setRowsText] = useState(query.rows === undefined ? '' : String(query.rows));
  const rowsInvalid = parseRows(rowsText) === null;

  const onQueryTypeChange = (option: ComboboxOption<QueryType>) => {
    onChange({ ...query, queryType: option.value });
    onRunQuery();
  };

  const onRowsChange = (event: ChangeEvent<HTMLInputElement>) => {
    const text = event.target.value;
    setRowsText(text);
    const rows = parseRows(text);
    if (rows !== null) {
      onChange({ ...query, rows });
    }
  };

  const onMessageChange = (event: ChangeEvent<HTMLInputElement>) => {
    const message = event.target.value;
    onChange({ ...query, message: message === '' ? undefined : message });
  };

  const runIfValid = () => {
    if (!rowsInvalid) {
      onRunQuery();
    }
  };

  return (
    <div data-testid={testIds.queryEditor.container}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH} htmlFor="ledger-query-type">
          <Combobox
            id="ledger-query-type"
            width={20}
            options={QUERY_TYPE_OPTIONS}
            value={query.queryType ?? 'ping'}
            onChange={onQueryTypeChange}
            data-testid={testIds.queryEditor.queryType}
          />
        </InlineField>
        <InlineField
          label="Rows"
          labelWidth={LABEL_WIDTH}
          tooltip={`Number of rows, 1 to ${PING_MAX_ROWS}, spread over the time range`}
          invalid={rowsInvalid}
          error={`A whole number from 1 to ${PING_MAX_ROWS}`}
          htmlFor="ledger-rows"
        >
          <Input
            id="ledger-rows"
            type="number"
            min={1}
            max={PING_MAX_ROWS}
            step={1}
            width={12}
            placeholder="3"
            value={rowsText}
            onChange={onRowsChange}
            onBlur={runIfValid}
            data-testid={testIds.queryEditor.rows}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Message"
          labelWidth={LABEL_WIDTH}
          tooltip="Echoed in the message column; dashboard variables are replaced"
          grow
          htmlFor="ledger-message"
        >
          <Input
            id="ledger-message"
            maxLength={MESSAGE_MAX_LENGTH}
            placeholder="optional text, e.g. $tenant"
            value={query.message ?? ''}
            onChange={onMessageChange}
            onBlur={runIfValid}
            data-testid={testIds.queryEditor.message}
          />
        </InlineField>
      </InlineFieldRow>
    </div>
  );
}
