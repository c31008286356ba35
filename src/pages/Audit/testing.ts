/** Helpers of the Audit Trail tests (not part of the plugin). */
import { from, map, type Observable } from 'rxjs';
import {
  LoadingState,
  MappingType,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type PanelData,
} from '@grafana/data';
import { setRunRequest } from '@grafana/runtime';
import { RuntimeDataSource, registerRuntimeDataSource } from '@grafana/scenes';
import { DATASOURCE_PLUGIN_ID } from '../../shared/ids';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { ledgerFrame } from '../common/testing/ledgerFrames';
import type { PageQuery } from '../common/ledgerData';
import type { AuditEventRow, PageInfo } from './auditFrame';

export const UID = 'ledger-uid';

/** An `auditEvents` frame as the backend answers it (the result contract's fields). */
export function eventsFrame(rows: AuditEventRow[], info: PageInfo, refId = 'events'): DataFrame {
  const f = RESULT_FRAMES.auditEvents.fields;
  const frame = ledgerFrame(
    refId,
    RESULT_FRAMES.auditEvents,
    [
      [f.time, rows.map((r) => r.time)],
      [f.id, rows.map((r) => r.id)],
      [f.user, rows.map((r) => r.user)],
      [f.tenant, rows.map((r) => r.tenant)],
      [f.action, rows.map((r) => r.action)],
      [f.details, rows.map((r) => r.details)],
    ],
    { preferredVisualisationType: 'table', custom: { ...info } }
  );
  // Names as the backend sends them: value mappings on the id columns.
  const names = (field: string, pairs: Array<[string | null, string | undefined]>) => {
    const options = Object.fromEntries(
      pairs.filter(([id, name]) => id !== null && name).map(([id, text]) => [id, { text }])
    );
    if (Object.keys(options).length > 0) {
      frame.fields.find((x) => x.name === field)!.config.mappings = [{ type: MappingType.ValueToText, options }];
    }
  };
  names(
    f.user.name,
    rows.map((r) => [r.user, r.userName])
  );
  names(
    f.tenant.name,
    rows.map((r) => [r.tenant, r.tenantName])
  );
  return frame;
}

/** `count` events, numbered from `first`, one minute apart from 2024-05-01T12:00Z backwards. */
export function someEvents(count: number, first = 1): AuditEventRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${first + i}`,
    time: Date.UTC(2024, 4, 1, 12, 0) - (first + i) * 60_000,
    user: `user-${first + i}`,
    tenant: 't1',
    action: 'USER_LOGIN_SUCCESS',
    details: JSON.stringify({ ip: '192.0.2.1' }),
  }));
}

type Answer = (query: PageQuery) => DataFrame | Error;

/**
 * The ledger datasource as the scenes' runners see it: it records every request and answers each
 * query with `answer` (an Error becomes the response's error, as a refused query does).
 */
export class FakeLedger extends RuntimeDataSource<PageQuery> {
  public requests: Array<DataQueryRequest<PageQuery>> = [];
  public answer: Answer = () => eventsFrame([], { page: 1, pageSize: 50, total: 0 });

  public constructor() {
    super(DATASOURCE_PLUGIN_ID, UID);
  }

  public query(request: DataQueryRequest<PageQuery>): Promise<DataQueryResponse> {
    this.requests.push(request);
    const answers = request.targets.map((q) => this.answer(q));
    const errors = answers.filter((a): a is Error => a instanceof Error);
    return Promise.resolve({
      data: answers.filter((a): a is DataFrame => !(a instanceof Error)),
      errors: errors.length > 0 ? errors.map((e) => ({ message: e.message })) : undefined,
    });
  }

  /** The queries of every request so far, first to last. */
  public get queries(): PageQuery[] {
    return this.requests.flatMap((r) => r.targets);
  }

  public reset() {
    this.requests = [];
  }
}

/**
 * Registers a FakeLedger under the test uid and lets the scenes' runners reach it as Grafana's
 * runRequest would. Call once per test file (the registry refuses a uid twice).
 */
export function installFakeLedger(): FakeLedger {
  const ledger = new FakeLedger();
  // The registry is typed for any query; this one reads only ledger queries, which is all the runners send it.
  registerRuntimeDataSource({ dataSource: ledger as unknown as RuntimeDataSource });
  setRunRequest((ds, request): Observable<PanelData> =>
    from(Promise.resolve(ds.query(request) as Promise<DataQueryResponse>)).pipe(
      map((response) => ({
        state: response.errors?.length ? LoadingState.Error : LoadingState.Done,
        series: response.data as DataFrame[],
        errors: response.errors,
        timeRange: request.range,
        request,
      }))
    )
  );
  return ledger;
}
