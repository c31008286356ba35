/**
 * Audit events on any dashboard's time axis: an annotation query is an `auditEvents` query with
 * `asAnnotations`, whose frame has the fields Grafana maps by name (time, title, text, tags), so
 * the standard mapping applies. The audit trail's role rules hold (the backend enforces them):
 * without the audit role the annotation query fails; without the personal-data role, e-mail
 * addresses and token-like secrets are masked (user ids are pseudonymous and stay).
 */
import type { AnnotationQuery, AnnotationSupport } from '@grafana/data';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { toAnnotationQuery } from './storedQueries';
import type { LedgerDataQuery } from './types';

export const ledgerAnnotations: AnnotationSupport<LedgerDataQuery> = {
  getDefaultQuery: () => ({ queryType: 'auditEvents', asAnnotations: true }),
  prepareQuery: (anno: AnnotationQuery<LedgerDataQuery>) => toAnnotationQuery(anno.target),
  QueryEditor: AnnotationQueryEditor,
};
