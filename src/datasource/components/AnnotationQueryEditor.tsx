import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineFieldRow } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { toAnnotationQuery } from '../storedQueries';
import type { DataSource } from '../datasource';
import type { LedgerDataQuery, LedgerOptions } from '../types';
import { FilterOption } from './query/FilterOption';
import { TextOption } from './query/TextOption';
import { AuditEventsOptions } from './query/TypeOptions';
import { queryUpdater, type OptionProps } from './query/update';

type Props = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions>;

/** Which audit events become annotations: the audit trail's filters, and how many at most. */
export function AnnotationQueryEditor({ query, onChange, onRunQuery, datasource, range }: Props) {
  const current = toAnnotationQuery(query);
  const props: OptionProps = { query: current, update: queryUpdater(current, onChange, onRunQuery), onRunQuery };
  return (
    <div data-testid={testIds.annotationEditor.container}>
      {(['actions', 'users', 'tenants'] as const).map((list) => (
        <InlineFieldRow key={list}>
          <FilterOption {...props} list={list} datasource={datasource} range={range} />
        </InlineFieldRow>
      ))}
      <InlineFieldRow>
        <TextOption
          {...props}
          field="text"
          label="Details contain"
          tooltip="Only events whose details contain this text"
        />
      </InlineFieldRow>
      <AuditEventsOptions {...props} forAnnotations />
    </div>
  );
}
