import React from 'react';
import type { TimeRange } from '@grafana/data';
import { InlineFieldRow } from '@grafana/ui';
import type { QueryType } from '../../../shared/queryTypes';
import type { DataSource } from '../../datasource';
import { QUERY_TYPE_INFO } from '../../queryOptions';
import { FilterOption, type FilterList } from './FilterOption';
import { TextOption } from './TextOption';
import type { OptionProps } from './update';

/** Usage queries filter by tenants, users and models; audit queries by actions, users and tenants. */
const FILTER_LISTS: FilterList[] = ['tenants', 'users', 'models', 'actions'];

interface Props extends OptionProps {
  type: QueryType;
  datasource: Pick<DataSource, 'listValues' | 'dashboardVariables'>;
  range?: TimeRange;
}

/**
 * The filters a query type takes, in one place so that panels and annotations offer the audit
 * trail's filters the same way.
 */
export function Filters({ type, datasource, range, ...props }: Props) {
  const fields = QUERY_TYPE_INFO[type].fields as readonly string[];
  return (
    <>
      {FILTER_LISTS.filter((list) => fields.includes(list)).map((list) => (
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
            tooltip="Only events whose details contain this text; dashboard variables are replaced"
            placeholder="optional"
          />
        </InlineFieldRow>
      )}
    </>
  );
}
