import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { testIds } from '../../shared/testIds';
import { toAnnotationQuery } from '../storedQueries';
import type { DataSource } from '../datasource';
import type { LedgerDataQuery, LedgerOptions } from '../types';
import { AnnotationLimitOption } from './query/AuditEventsOptions';
import { Filters } from './query/Filters';
import { queryUpdater, type OptionProps } from './query/update';

type Props = QueryEditorProps<DataSource, LedgerDataQuery, LedgerOptions>;

/** Which audit events become annotations: the audit trail's filters, and how many at most. */
export function AnnotationQueryEditor({ query, onChange, onRunQuery, datasource, range }: Props) {
  // Grafana merges the datasource's default (a cost query) into a new annotation's target: every
  // change writes the audit annotation query instead.
  const current = toAnnotationQuery(query);
  const props: OptionProps = { query: current, update: queryUpdater(current, onChange, onRunQuery), onRunQuery };
  return (
    <div data-testid={testIds.annotationEditor.container}>
      <Filters {...props} type="auditEvents" datasource={datasource} range={range} />
      <AnnotationLimitOption {...props} />
    </div>
  );
}
