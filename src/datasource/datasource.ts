import type { CoreApp, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { DEFAULT_QUERY } from '../shared/queryTypes';
import type { LedgerDataQuery, LedgerOptions } from './types';

export class DataSource extends DataSourceWithBackend<LedgerDataQuery, LedgerOptions> {
  getDefaultQuery(_app: CoreApp): Partial<LedgerDataQuery> {
    // The shared model types `datasource` as unknown (the backend ignores it) where Grafana has a
    // DataSourceRef; the defaults never set it, so the cast is safe.
    return { ...DEFAULT_QUERY } as Partial<LedgerDataQuery>;
  }

  /** Hidden queries are not sent to the backend. */
  filterQuery(query: LedgerDataQuery): boolean {
    return !query.hide;
  }

  /** Replaces dashboard variables in the free-text fields before the query leaves the browser. */
  applyTemplateVariables(query: LedgerDataQuery, scopedVars: ScopedVars): LedgerDataQuery {
    if (query.message === undefined) {
      return query;
    }
    return { ...query, message: getTemplateSrv().replace(query.message, scopedVars) };
  }
}
