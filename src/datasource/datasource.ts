import type { CoreApp, DataSourceInstanceSettings, ScopedVars, TimeRange } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { RESOURCE_PATHS } from '../shared/resources';
import { VARIABLE_SEARCH_MAX_LENGTH, type VariableName } from '../shared/queryTypes';
import { ledgerAnnotations } from './annotations';
import { defaultQueryFor, queryDisplayText } from './queryOptions';
import { interpolateQuery } from './templating';
import type { LedgerDataQuery, LedgerOptions } from './types';
import { LedgerVariableSupport } from './variables';

/** How many values a filter's menu lists; typing narrows them down on the server. */
export const FILTER_MENU_VALUES = 100;

export class DataSource extends DataSourceWithBackend<LedgerDataQuery, LedgerOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<LedgerOptions>) {
    super(instanceSettings);
    this.annotations = ledgerAnnotations;
    this.variables = new LedgerVariableSupport(this);
  }

  /** A new panel or Explore pane shows spend by model; a new alert rule, each tenant's budget share. */
  getDefaultQuery(app: CoreApp): Partial<LedgerDataQuery> {
    return defaultQueryFor(app);
  }

  /** Hidden queries are not sent to the backend. */
  filterQuery(query: LedgerDataQuery): boolean {
    return !query.hide;
  }

  /**
   * Replaces dashboard variables before the query leaves the browser: a filter entry that is one
   * variable becomes all of its selected values, free text is interpolated (templating.ts).
   */
  applyTemplateVariables(query: LedgerDataQuery, scopedVars: ScopedVars): LedgerDataQuery {
    const templateSrv = getTemplateSrv();
    return interpolateQuery(query, (text, format) => templateSrv.replace(text, scopedVars, format));
  }

  /** What query history and the inspector show for a query. */
  getQueryDisplayText(query: LedgerDataQuery): string {
    return queryDisplayText(query);
  }

  /**
   * The tenants, users, models or audit actions seen in the range (the last 7 days without one)
   * that contain `search`, for the editors' menus.
   */
  async listValues(variable: VariableName, search = '', range?: TimeRange): Promise<string[]> {
    const params: Record<string, string | number> = { limit: FILTER_MENU_VALUES };
    const trimmed = search.trim().slice(0, VARIABLE_SEARCH_MAX_LENGTH);
    if (trimmed !== '') {
      params.search = trimmed;
    }
    if (range) {
      params.from = range.from.valueOf();
      params.to = range.to.valueOf();
    }
    const body = await this.getResource<{ values: Array<{ text: string; value: string }> }>(
      `${RESOURCE_PATHS.variables}/${variable}`,
      params,
      // A menu that fails to fill is not worth an error toast: the editor says it under the field.
      { showErrorAlert: false }
    );
    return body.values.map((v) => v.value);
  }

  /** The dashboard's variables as `$name`, offered in the filters beside the ledger's values. */
  dashboardVariables(): string[] {
    return getTemplateSrv()
      .getVariables()
      .map((v) => `$${v.name}`);
  }
}
