/**
 * Dashboard variables from the ledger: a query variable lists the tenants, users, models or audit
 * actions seen in the dashboard's time range (`variableValues`, answered as Grafana's text/value
 * frame), with the ledger's own editor.
 */
import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { type Observable, throwError } from 'rxjs';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { toVariableQuery } from './storedQueries';
import type { LedgerDataQuery } from './types';

export class LedgerVariableSupport extends CustomVariableSupport<DataSource, LedgerDataQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  /** Runs the variable's query through the backend like a panel's (variables in `search` replaced). */
  query(request: DataQueryRequest<LedgerDataQuery>): Observable<DataQueryResponse> {
    let targets: LedgerDataQuery[];
    try {
      targets = request.targets.map((target, i) => toVariableQuery(target, `variable-${i}`));
    } catch (error) {
      return throwError(() => error);
    }
    return this.datasource.query({ ...request, targets });
  }
}
