import * as protobuf from 'protobufjs';
import { codecFor } from './codec';
import {
  Channel,
  DataFrameFormat,
  HealthStatus,
  ServingStatus,
  type AppInstanceSettings,
  type DataQuery,
  type DataResponse,
  type DataSourceInstanceSettings,
  type MessageName,
  type Messages,
  type Payload,
  type PluginContext,
  type QueryDataRequest,
  type QueryDataResponse,
  type StringList,
  type TimeRange,
  type User,
} from './messages';
import { declaredInProtoFiles, fullName } from './protoFiles.testing';
import { dataQuery, pluginContext } from '../testing/fixtures';

describe('protobuf codecs built from the generated descriptor', () => {
  it('round-trips a QueryDataRequest with int64 times, bytes and maps', () => {
    const codec = codecFor('pluginv2.QueryDataRequest');
    const req: QueryDataRequest = {
      pluginContext: pluginContext({ lastUpdatedMS: 1_764_138_304_123 }),
      headers: { http_Authorization: 'Bearer x' },
      queries: [dataQuery('A', { queryType: 'ping', rows: 2 }, 'ping')],
      format: DataFrameFormat.JSON,
    };
    const back = codec.deserialize(codec.serialize(req));
    expect(back.pluginContext?.dataSourceInstanceSettings?.lastUpdatedMS).toBe(1_764_138_304_123);
    expect(back.queries[0].timeRange).toEqual({ fromEpochMS: 1_700_000_000_000, toEpochMS: 1_700_000_060_000 });
    expect(Buffer.from(back.queries[0].json).toString()).toBe('{"queryType":"ping","rows":2}');
    expect(back.headers).toEqual({ http_Authorization: 'Bearer x' });
    expect(back.pluginContext?.dataSourceInstanceSettings?.decryptedSecureJsonData).toEqual({ password: 'secret' });
    expect(back.pluginContext?.user?.role).toBe('Admin');
    expect(back.format).toBe(DataFrameFormat.JSON);
  });

  it('fills defaults for absent fields (format 0 = Arrow, as Grafana 12.4 sends it)', () => {
    const codec = codecFor('pluginv2.QueryDataRequest');
    const back = codec.deserialize(Buffer.alloc(0));
    expect(back.format).toBe(DataFrameFormat.ARROW);
    expect(back.queries).toEqual([]);
    expect(back.headers).toEqual({});
  });

  it('round-trips responses with frames and per-query status', () => {
    const codec = codecFor('pluginv2.QueryDataResponse');
    const res: QueryDataResponse = {
      responses: {
        A: { frames: [Buffer.from('ARROW1')], status: 200, format: DataFrameFormat.ARROW },
        B: {
          frames: [],
          status: 400,
          error: 'invalid query: rows: too big',
          errorSource: 'plugin',
          format: DataFrameFormat.ARROW,
        },
      },
    };
    const back = codec.deserialize(codec.serialize(res));
    expect(back.responses.A.status).toBe(200);
    expect(Buffer.from(back.responses.A.frames[0]).toString()).toBe('ARROW1');
    expect(back.responses.B).toMatchObject({
      status: 400,
      error: 'invalid query: rows: too big',
      errorSource: 'plugin',
    });
  });

  it('round-trips CallResource headers as string lists and health enums', () => {
    const resource = codecFor('pluginv2.CallResourceRequest');
    const back = resource.deserialize(
      resource.serialize({
        path: 'ping',
        method: 'GET',
        url: 'ping?x=1',
        headers: { Accept: { values: ['a', 'b'] } },
        body: Buffer.alloc(0),
      })
    );
    expect(back.headers.Accept.values).toEqual(['a', 'b']);
    const health = codecFor('pluginv2.CheckHealthResponse');
    expect(health.deserialize(health.serialize({ status: HealthStatus.ERROR, message: 'down' })).status).toBe(
      HealthStatus.ERROR
    );
  });

  it('decodes a field the .proto marks optional as null when it was left out', () => {
    const codec = codecFor('pluginv2.DataResponse');
    const ok: DataResponse = { frames: [Buffer.from('F')], status: 200, format: DataFrameFormat.ARROW };
    expect(codec.deserialize(codec.serialize(ok))).toMatchObject({ error: null, errorSource: null, jsonMeta: null });
  });
});

// ---- every message the .proto files declare, with every field set ----

const user: User = { login: 'ana', name: 'Ana Lima', email: 'ana@example.com', role: 'Editor' };
const appInstanceSettings: AppInstanceSettings = {
  jsonData: Buffer.from('{"app":true}'),
  decryptedSecureJsonData: { token: 'app-secret' },
  lastUpdatedMS: 1_764_138_304_001,
  apiVersion: 'v1',
};
const dataSourceInstanceSettings: DataSourceInstanceSettings = {
  id: 8_589_934_597, // beyond 32 bits, as every int64 below
  name: 'Ledger',
  url: 'mysql://db:3306',
  user: 'reader',
  database: 'ledger',
  basicAuthEnabled: true,
  basicAuthUser: 'basic',
  jsonData: Buffer.from('{"description":"test"}'),
  decryptedSecureJsonData: { password: 'secret' },
  lastUpdatedMS: 1_764_138_304_002,
  uid: 'ledger-uid',
  apiVersion: 'v0alpha1',
};
const context: PluginContext = {
  orgId: 4_294_967_298,
  pluginId: 'llmops-ledger-datasource',
  user,
  appInstanceSettings,
  dataSourceInstanceSettings,
  grafanaConfig: { concurrent_query_count: '10' },
  pluginVersion: '0.1.0',
  userAgent: 'Grafana/12.4.0 (linux; amd64)',
  apiVersion: 'v0alpha1',
  namespace: 'org-4',
};
const stringList: StringList = { values: ['application/json', 'text/plain'] };
const timeRange: TimeRange = { fromEpochMS: 1_700_000_000_000, toEpochMS: 1_700_000_060_000 };
const query: DataQuery = {
  refId: 'A',
  maxDataPoints: 5_000_000_000,
  intervalMS: 4_294_967_296_000,
  timeRange,
  json: Buffer.from('{"queryType":"cost"}'),
  queryType: 'cost',
};
const dataResponse: DataResponse = {
  frames: [Buffer.from('ARROW1'), Buffer.from('ARROW2')],
  error: 'invalid query: rows: too big',
  jsonMeta: Buffer.from('{"executedQueryString":"SELECT 1"}'),
  status: 400,
  errorSource: 'plugin',
  format: DataFrameFormat.JSON,
};
const payload: Payload = { prometheus: Buffer.from('ledger_queries_total 3\n') };

/** One message of every type, every field set to something other than its default. */
const SAMPLES: { [Name in MessageName]: Messages[Name] } = {
  'plugin.Empty': {},
  'plugin.StdioData': { channel: Channel.STDERR, data: Buffer.from('log line\n') },
  'grpc.health.v1.HealthCheckRequest': { service: 'plugin' },
  'grpc.health.v1.HealthCheckResponse': { status: ServingStatus.NOT_SERVING },
  'pluginv2.AppInstanceSettings': appInstanceSettings,
  'pluginv2.DataSourceInstanceSettings': dataSourceInstanceSettings,
  'pluginv2.User': user,
  'pluginv2.PluginContext': context,
  'pluginv2.StringList': stringList,
  'pluginv2.CallResourceRequest': {
    pluginContext: context,
    path: 'variables/models',
    method: 'POST',
    url: 'variables/models?search=gpt',
    headers: { Accept: stringList },
    body: Buffer.from('{"limit":5}'),
  },
  'pluginv2.CallResourceResponse': {
    code: 404,
    headers: { 'Content-Type': { values: ['application/json'] } },
    body: Buffer.from('{"message":"not found"}'),
  },
  'pluginv2.TimeRange': timeRange,
  'pluginv2.DataQuery': query,
  'pluginv2.QueryDataRequest': {
    pluginContext: context,
    headers: { http_X_Rule_Uid: 'rule-1' },
    queries: [query, { ...query, refId: 'B' }],
    format: DataFrameFormat.JSON,
  },
  'pluginv2.QueryDataResponse': { responses: { A: dataResponse, B: { ...dataResponse, status: 500 } } },
  'pluginv2.DataResponse': dataResponse,
  'pluginv2.CollectMetricsRequest': { pluginContext: context },
  'pluginv2.CollectMetricsResponse': { metrics: payload },
  'pluginv2.CollectMetricsResponse.Payload': payload,
  'pluginv2.CheckHealthRequest': { pluginContext: context, headers: { http_Authorization: 'Bearer x' } },
  'pluginv2.CheckHealthResponse': {
    status: HealthStatus.ERROR,
    message: 'Connection: refused.',
    jsonDetails: Buffer.from('{"checks":[]}'),
  },
};

/** Whether a field holds something other than its proto3 default, so that dropping it would show. */
function isSet(field: protobuf.Field, value: unknown): boolean {
  if (field.map) {
    return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
  }
  if (field.repeated) {
    return Array.isArray(value) && value.length > 0;
  }
  if (field.resolvedType instanceof protobuf.Type) {
    return typeof value === 'object' && value !== null;
  }
  if (field.type === 'bytes') {
    return value instanceof Uint8Array && value.length > 0;
  }
  if (/64$/.test(field.type)) {
    // Beyond 32 bits, so that an int64 read or written as 32 bits would show.
    return typeof value === 'number' && value > 2 ** 32;
  }
  return value !== undefined && value !== null && value !== 0 && value !== '' && value !== false;
}

describe('every protocol message', () => {
  const declared = declaredInProtoFiles().messages;

  it('has a sample for each message the .proto files declare, and no other', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(declared.map(fullName).sort());
  });

  it.each(declared.map((t) => [fullName(t), t] as const))(
    '%s: the sample sets every field the .proto declares, and only those',
    (name, type) => {
      const sample = SAMPLES[name as MessageName] as Record<string, unknown>;
      const unset = type.fieldsArray.filter((f) => !isSet(f, sample[f.name])).map((f) => f.name);
      expect(unset).toEqual([]);
      expect(Object.keys(sample).sort()).toEqual(type.fieldsArray.map((f) => f.name).sort());
    }
  );

  it.each(Object.keys(SAMPLES) as MessageName[])('%s: round-trips through the codec unchanged', (name) => {
    const codec = codecFor(name);
    expect(codec.deserialize(codec.serialize(SAMPLES[name]))).toEqual(SAMPLES[name]);
  });
});
