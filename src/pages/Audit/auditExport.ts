/**
 * The CSV export wired to Grafana: the table's query with the page's variables written in, sent
 * page by page through the ledger datasource (so the backend applies the same access checks and
 * masking as for the table), then saved as a file.
 */
import { from, lastValueFrom } from 'rxjs';
import type { DataQueryRequest, DataQueryResponse, TimeRange } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { DataSourceRef } from '@grafana/schema';
import { sceneGraph, type SceneObject } from '@grafana/scenes';
import { interpolateQuery } from '../../datasource/templating';
import { APP_PLUGIN_ID } from '../../shared/ids';
import type { PageQuery } from '../common/ledgerData';
import { csvFileName, fetchAllRows, toCsv, type FetchedPage } from './auditCsv';
import { errorOf, eventsOf, frameOf, pageInfoOf } from './auditFrame';
import { exportPageQuery } from './auditQueries';

export interface ExportResult {
  fileName: string;
  rows: number;
  total: number;
  capped: boolean;
}

/** The query with the variables of `scene`'s page replaced by their values, as the table sent it. */
export function interpolatedQuery(scene: SceneObject, query: PageQuery): PageQuery {
  return interpolateQuery(query, (text, format) => sceneGraph.interpolate(scene, text, undefined, format));
}

function request(query: PageQuery, range: TimeRange, page: number): DataQueryRequest<PageQuery> {
  return {
    requestId: `audit-export-${page}`,
    app: APP_PLUGIN_ID,
    range,
    interval: '1m',
    intervalMs: 60_000,
    scopedVars: {},
    targets: [exportPageQuery(query, page)],
    timezone: 'utc',
    startTime: Date.now(),
    // The export's pages are not what a user would look for in the query inspector.
    hideFromInspector: true,
  };
}

function pageOf(response: DataQueryResponse, refId: string): FetchedPage {
  const error = errorOf(response.errors);
  if (error !== undefined) {
    throw new Error(error);
  }
  const frame = frameOf(response.data, refId);
  const info = pageInfoOf(frame);
  if (!frame || !info) {
    throw new Error('the ledger answered without the events');
  }
  return { rows: eventsOf(frame), total: info.total };
}

/** Fetches every event the table's filters match in the page's time range, page by page. */
export async function fetchExportRows(
  scene: SceneObject,
  ref: DataSourceRef,
  query: PageQuery,
  options: { cap?: number; signal?: AbortSignal } = {}
) {
  // The range is resolved once: `now` moving between pages would shift events from page to page.
  const range = sceneGraph.getTimeRange(scene).state.value;
  const concrete = interpolatedQuery(scene, query);
  const ds = await getDataSourceSrv().get(ref);
  const fetchPage = async (page: number) =>
    pageOf(await lastValueFrom(from(ds.query(request(concrete, range, page) as DataQueryRequest))), query.refId);
  return { range, ...(await fetchAllRows(fetchPage, options)) };
}

/** Saves text as a download; a byte order mark makes spreadsheets read the file as UTF-8 (names like "Ilić"). */
export function saveCsvFile(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked on the next tick: some browsers read the object URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export async function exportAuditCsv(
  scene: SceneObject,
  ref: DataSourceRef,
  query: PageQuery,
  options: { cap?: number; signal?: AbortSignal; save?: (fileName: string, csv: string) => void } = {}
): Promise<ExportResult> {
  const { range, rows, total, capped } = await fetchExportRows(scene, ref, query, options);
  const fileName = csvFileName(range.from.valueOf(), range.to.valueOf());
  (options.save ?? saveCsvFile)(fileName, toCsv(rows));
  return { fileName, rows: rows.length, total, capped };
}
