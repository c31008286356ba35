/**
 * TypeScript shapes of the protobuf messages as the codec decodes them (keepCase field names,
 * int64 as number, bytes as Uint8Array, maps as plain objects). Hand-written to match
 * pkg/proto/*.proto; a unit test round-trips each one through the real codec.
 */

export interface User {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface DataSourceInstanceSettings {
  id: number;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  jsonData: Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
  uid: string;
  apiVersion: string;
}

export interface AppInstanceSettings {
  jsonData: Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
  apiVersion: string;
}

export interface PluginContext {
  orgId: number;
  pluginId: string;
  user?: User | null;
  appInstanceSettings?: AppInstanceSettings | null;
  dataSourceInstanceSettings?: DataSourceInstanceSettings | null;
  grafanaConfig: Record<string, string>;
  pluginVersion: string;
  userAgent: string;
  apiVersion: string;
  namespace: string;
}

export interface TimeRange {
  fromEpochMS: number;
  toEpochMS: number;
}

export interface DataQuery {
  refId: string;
  maxDataPoints: number;
  intervalMS: number;
  timeRange?: TimeRange | null;
  json: Uint8Array;
  queryType: string;
}

export const DataFrameFormat = {
  ARROW: 0,
  JSON: 1,
} as const;
export type DataFrameFormat = (typeof DataFrameFormat)[keyof typeof DataFrameFormat];

export interface QueryDataRequest {
  pluginContext?: PluginContext | null;
  headers: Record<string, string>;
  queries: DataQuery[];
  format: DataFrameFormat;
}

export interface DataResponse {
  frames: Uint8Array[];
  error?: string;
  status: number;
  errorSource?: string;
  format: DataFrameFormat;
}

export interface QueryDataResponse {
  responses: Record<string, DataResponse>;
}

export interface StringList {
  values: string[];
}

export interface CallResourceRequest {
  pluginContext?: PluginContext | null;
  path: string;
  method: string;
  url: string;
  headers: Record<string, StringList>;
  body: Uint8Array;
}

export interface CallResourceResponse {
  code: number;
  headers?: Record<string, StringList>;
  body?: Uint8Array;
}

export interface CheckHealthRequest {
  pluginContext?: PluginContext | null;
  headers: Record<string, string>;
}

export const HealthStatus = {
  UNKNOWN: 0,
  OK: 1,
  ERROR: 2,
} as const;
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

export interface CheckHealthResponse {
  status: HealthStatus;
  message: string;
  jsonDetails?: Uint8Array;
}

export interface CollectMetricsRequest {
  pluginContext?: PluginContext | null;
}

export interface CollectMetricsResponse {
  metrics: { prometheus: Uint8Array };
}

export interface HealthCheckRequest {
  service: string;
}

export const ServingStatus = {
  UNKNOWN: 0,
  SERVING: 1,
  NOT_SERVING: 2,
  SERVICE_UNKNOWN: 3,
} as const;
export type ServingStatus = (typeof ServingStatus)[keyof typeof ServingStatus];

export interface HealthCheckResponse {
  status: ServingStatus;
}

export type Empty = Record<string, never>;

export interface StdioData {
  channel: number;
  data: Uint8Array;
}
