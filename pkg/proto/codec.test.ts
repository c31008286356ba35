import { codecFor } from './codec';
import {
  DataFrameFormat,
  HealthStatus,
  type CallResourceRequest,
  type CheckHealthResponse,
  type QueryDataRequest,
  type QueryDataResponse,
} from './messages';
import { dataQuery, pluginContext } from '../testing/fixtures';

describe('protobuf codecs built from the generated descriptor', () => {
  it('round-trips a QueryDataRequest with int64 times, bytes and maps', () => {
    const codec = codecFor<QueryDataRequest>('pluginv2.QueryDataRequest');
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
    const codec = codecFor<QueryDataRequest>('pluginv2.QueryDataRequest');
    const back = codec.deserialize(Buffer.alloc(0));
    expect(back.format).toBe(DataFrameFormat.ARROW);
    expect(back.queries).toEqual([]);
    expect(back.headers).toEqual({});
  });

  it('round-trips responses with frames and per-query status', () => {
    const codec = codecFor<QueryDataResponse>('pluginv2.QueryDataResponse');
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
    const resource = codecFor<CallResourceRequest>('pluginv2.CallResourceRequest');
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
    const health = codecFor<CheckHealthResponse>('pluginv2.CheckHealthResponse');
    expect(health.deserialize(health.serialize({ status: HealthStatus.ERROR, message: 'down' })).status).toBe(
      HealthStatus.ERROR
    );
  });
});
