import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { LedgerJsonData } from '../shared/datasourceSettings';
import type { LedgerQuery } from '../shared/queryModel';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type FieldOf<T, K extends PropertyKey> = T extends { [P in K]?: infer V } ? V : never;

/**
 * The query as the editor holds it: Grafana's own fields (refId, datasource…) and every option of
 * every query type, all optional, as Grafana stores queries flat. The backend validates the one
 * `queryType` it gets against its exact schema (src/shared/queryModel.ts).
 */
export type LedgerQueryFields = {
  [K in Exclude<KeysOfUnion<LedgerQuery>, Exclude<keyof DataQuery, 'queryType'>>]?: FieldOf<LedgerQuery, K>;
};
export type LedgerDataQuery = Omit<DataQuery, 'queryType'> & LedgerQueryFields;

/** The shared settings plus the fields Grafana keeps in every datasource's jsonData. */
export interface LedgerOptions extends DataSourceJsonData, LedgerJsonData {}
