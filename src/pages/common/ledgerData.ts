/**
 * How the app's pages get ledger data: one query runner per page holding every ledger query the
 * page shows (one `/api/ds/query` round trip, one QueryDataRequest for the backend), split per
 * panel by refId. Panels never own their own runner.
 *
 * The runner must sit in the scene graph once, as the `$data` of the page body (so that it finds
 * the page's time range and variables); panels reach it through a proxy, because a scene object
 * can have only one parent.
 */
import type { DataSourceRef } from '@grafana/schema';
import { DataProviderProxy, SceneDataTransformer, SceneQueryRunner, type SceneDataProvider } from '@grafana/scenes';
import { DATASOURCE_PLUGIN_ID } from '../../shared/ids';
import type { LedgerDataQuery } from '../../datasource/types';

export function ledgerRef(uid: string): DataSourceRef {
  return { type: DATASOURCE_PLUGIN_ID, uid };
}

/** A ledger query with its refId; the datasource is set once on the runner. */
export type PageQuery = LedgerDataQuery & { refId: string };

export interface RunnerOptions {
  /** Fixed points per time series; absent, they follow the panel's width. */
  maxDataPoints?: number;
  /** Grafana's min interval for the runner's time series, e.g. `1h`. */
  minInterval?: string;
}

export function ledgerRunner(uid: string, queries: PageQuery[], options: RunnerOptions = {}): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: ledgerRef(uid),
    queries,
    // Time series buckets follow the panel width, as in a dashboard. Such a runner waits for a panel
    // to report its width, so a runner that feeds no panel (a custom table) needs maxDataPoints.
    maxDataPointsFromWidth: options.maxDataPoints === undefined,
    maxDataPoints: options.maxDataPoints,
    minInterval: options.minInterval,
  });
}

/** A matcher for Grafana's `filterByRefId`: a plain refId, or an anchored regex for several. */
export function refIdPattern(refIds: string[]): string {
  return refIds.length === 1
    ? refIds[0]
    : `/^(${refIds.map((r) => r.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$/`;
}

/**
 * A panel's view of the shared runner. Activating it activates the runner too (activation is
 * reference-counted), so the runner queries as soon as any panel that needs it is shown.
 */
export class SharedData extends DataProviderProxy {
  public constructor(state: ConstructorParameters<typeof DataProviderProxy>[0]) {
    super(state);
    this.addActivationHandler(() => {
      const source = this.state.source.resolve();
      if (!source.parent) {
        throw new Error('a shared runner must be the $data of the page body before panels use it');
      }
      const deactivate = source.activate();
      // The proxy copied the runner's data when it was built and follows only later changes. A panel
      // activated after the runner answered (one below the fold, rendered when scrolled to) would
      // keep that first copy, empty, for good: start from what the runner has now.
      if (this.state.data !== source.state.data) {
        this.setState({ data: source.state.data });
      }
      return deactivate;
    });
  }
}

/** The frames of some of the runner's queries, for one panel. */
export function pick(runner: SceneDataProvider, ...refIds: string[]): SceneDataTransformer {
  return new SceneDataTransformer({
    $data: new SharedData({ source: runner.getRef() }),
    transformations: [{ id: 'filterByRefId', options: { include: refIdPattern(refIds) } }],
  });
}
