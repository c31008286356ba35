/**
 * setRunRequest: Grafana's runRequest (public/app/features/query/state/runRequest.ts) without
 * expressions, live streams and the query inspector. One request per runner; Loading first, then
 * one PanelData per response packet (merged by packet key), Done or Error. A packet's error marks
 * the whole result as Error but keeps every frame that came back, so the other queries of the
 * runner still show: DataSourceWithBackend turns per-query errors of /api/ds/query into `errors`
 * next to the good frames. A request that throws becomes Error with a DataQueryError.
 *
 * Scenes' SceneQueryRunner computes `interval`/`intervalMs` from the range and maxDataPoints before
 * calling this; a caller that did not (the query editor page) gets them here the same way
 * (rangeUtil.calculateInterval, with the datasource's minimum interval).
 */
import { from, of, type Observable } from 'rxjs';
import { catchError, map, startWith } from 'rxjs/operators';
import {
  DataTopic,
  LoadingState,
  rangeUtil,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type PanelData,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';

/** The maxDataPoints Grafana's panel editor falls back to when a panel has no width yet. */
const DEFAULT_MAX_DATA_POINTS = 1000;

function withInterval(datasource: DataSourceApi, request: DataQueryRequest): void {
  request.maxDataPoints ??= DEFAULT_MAX_DATA_POINTS;
  if (request.interval && request.intervalMs) {
    return;
  }
  const { interval, intervalMs } = rangeUtil.calculateInterval(
    request.range,
    request.maxDataPoints,
    datasource.interval
  );
  request.interval = interval;
  request.intervalMs = intervalMs;
  request.scopedVars = {
    ...request.scopedVars,
    __interval: { text: interval, value: interval },
    __interval_ms: { text: String(intervalMs), value: intervalMs },
  };
}

/** Grafana's processResponsePacket: every packet so far, as one PanelData. */
function toPanelData(packets: Map<string, DataQueryResponse>, request: DataQueryRequest): PanelData {
  let state = LoadingState.Done;
  let error: DataQueryError | undefined;
  let errors: DataQueryError[] | undefined;
  const series: PanelData['series'] = [];
  const annotations: PanelData['series'] = [];
  for (const packet of packets.values()) {
    state = packet.state ?? state;
    if (packet.error || packet.errors?.length) {
      state = LoadingState.Error;
      error = packet.error;
      errors = packet.errors;
    }
    for (const frame of packet.data) {
      (frame.meta?.dataTopic === DataTopic.Annotations ? annotations : series).push(frame);
    }
  }
  return { state, series, annotations, error, errors, request, timeRange: request.range };
}

export function runRequest(
  datasource: DataSourceApi,
  request: DataQueryRequest,
  queryFunction?: (request: DataQueryRequest) => Observable<DataQueryResponse> | Promise<DataQueryResponse>
): Observable<PanelData> {
  withInterval(datasource, request);
  const loading: PanelData = { state: LoadingState.Loading, series: [], request, timeRange: request.range };
  if (request.targets.length === 0) {
    request.endTime = Date.now();
    return of({ ...loading, state: LoadingState.Done });
  }
  const packets = new Map<string, DataQueryResponse>();
  let last = loading;
  const query = queryFunction ?? ((r: DataQueryRequest) => datasource.query(r));
  return from(query(request)).pipe(
    map((packet: DataQueryResponse) => {
      if (!Array.isArray(packet.data)) {
        throw new Error(`Expected response data to be array, got ${typeof packet.data}.`);
      }
      request.endTime = Date.now();
      packets.set(packet.key || 'A', packet);
      last = toPanelData(packets, request);
      return last;
    }),
    catchError((err: unknown) => {
      return of<PanelData>({ ...last, state: LoadingState.Error, error: toDataQueryError(err as DataQueryError) });
    }),
    startWith(loading)
  );
}
