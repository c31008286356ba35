import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { LedgerJsonData } from '../shared/datasourceSettings';
import type { LedgerQuery } from '../shared/queryModel';

/** The shared query model as Grafana sees it: every query also carries Grafana's own fields (refId…). */
export type LedgerDataQuery = DataQuery & LedgerQuery;

/** The shared settings plus the fields Grafana keeps in every datasource's jsonData. */
export interface LedgerOptions extends DataSourceJsonData, LedgerJsonData {}
