import {
  NewSceneObjectAddedEvent,
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  SceneQueryRunner,
  VariableDependencyConfig,
  sceneGraph,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { AUDIT_SORT_COLUMNS, SORT_DIRECTIONS, type AuditSortColumn } from '../../shared/queryTypes';
import { ledgerRef, ledgerRunner, type PageQuery } from '../common/ledgerData';
import { exportAuditCsv, type ExportResult } from './auditExport';
import { pageInfoOf, frameOf } from './auditFrame';
import {
  DEFAULT_SORT,
  EVENTS_PAGE_SIZE,
  EVENTS_URL_KEYS,
  REF_IDS,
  auditEventsQuery,
  defaultDirection,
  type AuditFilterQuery,
  type SortDirection,
} from './auditQueries';
import { AuditEventsRenderer } from './AuditEventsView';

export interface AuditEventsSceneState extends SceneObjectState {
  datasourceUid: string;
  /** The page's filters, as variables; a change of their values goes back to page 1. */
  filters: AuditFilterQuery;
  page: number;
  pageSize: number;
  sort: AuditSortColumn;
  direction: SortDirection;
  /** Whether the viewer may see personal data; otherwise the table says that e-mails are masked. */
  pii: boolean;
  exporting?: boolean;
  exportResult?: ExportResult;
  exportError?: string;
}

type Options = Pick<AuditEventsSceneState, 'datasourceUid' | 'filters' | 'pii'> & Partial<AuditEventsSceneState>;

/**
 * The events table: one page of the filtered events, paged and sorted by the ledger. Page, sort
 * column and direction are its state, kept in the URL (`page`, `sort`, `dir`), and written into its
 * own runner's query. The table has a runner of its own, apart from the page's other ledger queries,
 * because a runner re-runs all of its queries: a click on "next page" would recount the events per
 * action as well.
 */
export class AuditEventsScene extends SceneObjectBase<AuditEventsSceneState> {
  static Component = AuditEventsRenderer;

  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: Object.values(EVENTS_URL_KEYS) });

  protected _variableDependency = new VariableDependencyConfig(this, {
    statePaths: ['filters'],
    onReferencedVariableValueChanged: () => this.backToFirstPage(),
  });

  private _exportAbort?: AbortController;

  public constructor(options: Options) {
    const state = {
      page: 1,
      pageSize: EVENTS_PAGE_SIZE,
      ...DEFAULT_SORT,
      ...options,
    };
    super({
      ...state,
      $data:
        state.$data ??
        ledgerRunner(state.datasourceUid, [auditEventsQuery(state.filters, state)], {
          // The table is not a panel: nothing reports a width, and the ledger ignores this for events.
          maxDataPoints: state.pageSize,
        }),
    });
    this.addActivationHandler(() => this.onActivate());
  }

  private onActivate() {
    // The page body is loaded after URL sync started, so its URL state is not applied yet: ask for it
    // before the runner activates (it activates after this handler), so the first query is right.
    this.publishEvent(new NewSceneObjectAddedEvent(this), true);

    const timeRange = sceneGraph.getTimeRange(this);
    this._subs.add(
      timeRange.subscribeToState((next, prev) => {
        // A refresh re-evaluates `now` but keeps the range: stay on the page.
        if (next.from !== prev.from || next.to !== prev.to) {
          this.backToFirstPage();
        }
      })
    );
    this._subs.add(this.runner.subscribeToState((next) => this.stayWithinPages(next.data?.series)));
    return () => this._exportAbort?.abort();
  }

  public get runner(): SceneQueryRunner {
    const data = this.state.$data;
    if (!(data instanceof SceneQueryRunner)) {
      throw new Error('the audit events table needs its own query runner');
    }
    return data;
  }

  /** The table's query as it is sent, before the datasource replaces the variables. */
  public eventsQuery(): PageQuery {
    return auditEventsQuery(this.state.filters, this.state);
  }

  /** A click on a column header: the same column flips the direction, another sorts by it. */
  public sortBy(column: AuditSortColumn) {
    const { sort, direction } = this.state;
    const next = column === sort ? (direction === 'asc' ? 'desc' : 'asc') : defaultDirection(column);
    this._urlSync.performBrowserHistoryAction(() => this.setState({ sort: column, direction: next, page: 1 }));
    this.applyQuery(true);
  }

  public goToPage(page: number) {
    if (page === this.state.page || page < 1) {
      return;
    }
    this._urlSync.performBrowserHistoryAction(() => this.setState({ page }));
    this.applyQuery(true);
  }

  /**
   * Filters or the time range changed: the runner re-runs by itself (it depends on the same
   * variables and time range, and is told after this object), so only the page is reset here.
   */
  public backToFirstPage() {
    if (this.state.page !== 1) {
      this.setState({ page: 1 });
      this.applyQuery(false);
    }
  }

  public getUrlState(): SceneObjectUrlValues {
    const { page, sort, direction } = this.state;
    return {
      [EVENTS_URL_KEYS.page]: String(page),
      [EVENTS_URL_KEYS.sort]: sort,
      [EVENTS_URL_KEYS.direction]: direction,
    };
  }

  public updateFromUrl(values: SceneObjectUrlValues) {
    const update: Partial<AuditEventsSceneState> = {};
    if (EVENTS_URL_KEYS.sort in values) {
      const sort = values[EVENTS_URL_KEYS.sort];
      update.sort = AUDIT_SORT_COLUMNS.find((c) => c === sort) ?? DEFAULT_SORT.sort;
    }
    if (EVENTS_URL_KEYS.direction in values) {
      const dir = values[EVENTS_URL_KEYS.direction];
      update.direction = SORT_DIRECTIONS.find((d) => d === dir) ?? defaultDirection(update.sort ?? this.state.sort);
    }
    if (EVENTS_URL_KEYS.page in values) {
      const page = Number(values[EVENTS_URL_KEYS.page]);
      update.page = Number.isInteger(page) && page >= 1 ? page : 1;
    }
    const changed = (Object.keys(update) as Array<keyof typeof update>).some((k) => update[k] !== this.state[k]);
    if (changed) {
      this.setState(update);
      this.applyQuery(true);
    }
  }

  /** Writes page and sort into the runner's query; runs it unless the runner will on its own. */
  private applyQuery(run: boolean) {
    const runner = this.runner;
    const queries = [this.eventsQuery()];
    if (!runner.isActive) {
      // An inactive runner (the URL changed the page while the tab was away) runs on activation only
      // when it has no data or its time range or variables changed: drop the data of the other page.
      runner.setState({ queries, data: undefined });
      return;
    }
    runner.setState({ queries });
    if (run) {
      runner.runQueries();
    }
  }

  /** A page past the last (an old link, fewer events since) moves to the last page. */
  private stayWithinPages(series: Parameters<typeof frameOf>[0]) {
    const info = pageInfoOf(frameOf(series, REF_IDS.events));
    if (!info || info.page !== this.state.page || info.pageSize < 1) {
      return;
    }
    const last = Math.max(1, Math.ceil(info.total / info.pageSize));
    if (this.state.page > last) {
      this.setState({ page: last });
      this.applyQuery(true);
    }
  }

  /** Downloads every event the filters match in the range, in the table's order, as CSV. */
  public async exportCsv(save?: (fileName: string, csv: string) => void) {
    if (this.state.exporting) {
      return;
    }
    this._exportAbort = new AbortController();
    const { signal } = this._exportAbort;
    this.setState({ exporting: true, exportResult: undefined, exportError: undefined });
    try {
      const result = await exportAuditCsv(this, ledgerRef(this.state.datasourceUid), this.eventsQuery(), {
        signal,
        save,
      });
      this.setState({ exporting: false, exportResult: result });
    } catch (e) {
      // Leaving the page aborts the export: that is not an error to show when the user comes back.
      const exportError = signal.aborted ? undefined : e instanceof Error ? e.message : String(e);
      this.setState({ exporting: false, exportError });
    }
  }
}
