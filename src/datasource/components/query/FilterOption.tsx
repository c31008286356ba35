import React, { useCallback, useState } from 'react';
import type { TimeRange } from '@grafana/data';
import { InlineField, MultiCombobox, type ComboboxOption } from '@grafana/ui';
import { FILTER_VALUES_MAX, type VariableName } from '../../../shared/queryTypes';
import { testIds } from '../../../shared/testIds';
import type { DataSource } from '../../datasource';
import { LABEL_WIDTH, type OptionProps } from './update';

export type FilterList = Extract<VariableName, 'tenants' | 'users' | 'models' | 'actions'>;

const LABELS: Record<FilterList, { label: string; one: string }> = {
  tenants: { label: 'Tenants', one: 'tenant' },
  users: { label: 'Users', one: 'user' },
  models: { label: 'Models', one: 'model' },
  actions: { label: 'Actions', one: 'action' },
};

interface Props extends Omit<OptionProps, 'onRunQuery'> {
  list: FilterList;
  datasource: Pick<DataSource, 'listValues' | 'dashboardVariables'>;
  range?: TimeRange;
}

/**
 * A filter list: values the ledger saw in the range, the dashboard's variables (`$tenant` stands
 * for all of its selected values), or anything typed. Empty, it filters nothing.
 */
export function FilterOption({ query, update, list, datasource, range }: Props) {
  const [loadError, setLoadError] = useState<string>();
  const { label, one } = LABELS[list];

  const options = useCallback(
    async (input: string): Promise<Array<ComboboxOption<string>>> => {
      const variables = datasource
        .dashboardVariables()
        .filter((name) => name.includes(input))
        .map((name) => ({ value: name, label: name, description: 'Dashboard variable: all of its selected values' }));
      try {
        const values = await datasource.listValues(list, input, range);
        setLoadError(undefined);
        return [...variables, ...values.map((value) => ({ value, label: value }))];
      } catch (error) {
        setLoadError(messageOf(error));
        return variables;
      }
    },
    [datasource, list, range]
  );

  const selected = query[list] ?? [];
  return (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={`Only these ${list} (at most ${FILTER_VALUES_MAX}); empty means all. Dashboard variables are replaced.`}
      grow
      data-testid={testIds.queryEditor.filter(list)}
    >
      <MultiCombobox<string>
        options={options}
        value={selected}
        createCustomValue
        customValueDescription={
          loadError ? `Could not list ${list} (${loadError}); use this ${one}` : `Use this ${one}`
        }
        isClearable
        placeholder={`All ${list}`}
        noOptionsMessage={
          loadError ? `Could not list ${list} (${loadError}); type a ${one}` : `No ${list} in this range`
        }
        onChange={(chosen) => {
          const values = chosen.map((o) => o.value);
          update({ [list]: values.length > 0 ? values : undefined }, true);
        }}
      />
    </InlineField>
  );
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { data?: { message?: string }; message?: string; statusText?: string };
    return e.data?.message ?? e.message ?? e.statusText ?? 'unknown error';
  }
  return String(error);
}
