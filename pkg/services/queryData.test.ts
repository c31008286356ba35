import { tableFromIPC } from 'apache-arrow';
import { createPluginState } from '../pluginState';
import { DataFrameFormat } from '../proto/messages';
import { dataQuery, pluginContext, quietLogger, requestContext } from '../testing/fixtures';
import { queryData } from './queryData';

describe('queryData', () => {
  const state = createPluginState(quietLogger, 'test');

  it('answers a valid query and refuses a malformed one in the same request, naming the field', async () => {
    const res = await queryData(
      state,
      {
        pluginContext: pluginContext(),
        headers: {},
        queries: [dataQuery('A', { queryType: 'ping', rows: 4 }), dataQuery('B', { queryType: 'ping', rows: 'ten' })],
        format: DataFrameFormat.ARROW,
      },
      requestContext()
    );
    expect(res.responses.A.status).toBe(200);
    expect(tableFromIPC(res.responses.A.frames[0]).numRows).toBe(4);
    expect(res.responses.B).toMatchObject({ status: 400, errorSource: 'plugin', frames: [] });
    expect(res.responses.B.error).toMatch(/^invalid query: rows: /);
  });

  it.each([
    ['not JSON', '{rows:', /query JSON does not parse/],
    ['an array', '[1]', /invalid query: query: expected a JSON object/],
    [
      'an unknown type',
      { queryType: 'drop table' },
      /invalid query: queryType: unknown query type; expected one of ping/,
    ],
    ['rows over the limit', { queryType: 'ping', rows: 100000 }, /invalid query: rows: /],
    ['rows not an integer', { queryType: 'ping', rows: 1.5 }, /invalid query: rows: /],
    ['message of the wrong type', { queryType: 'ping', message: 42 }, /invalid query: message: /],
  ])('refuses %s with a 400 that names the problem', async (_label, json, error) => {
    const res = await queryData(
      state,
      { pluginContext: pluginContext(), headers: {}, queries: [dataQuery('A', json)], format: DataFrameFormat.ARROW },
      requestContext()
    );
    expect(res.responses.A.status).toBe(400);
    expect(res.responses.A.error).toMatch(error);
  });

  it('takes the query type from DataQuery when the JSON has none', async () => {
    const res = await queryData(
      state,
      {
        pluginContext: pluginContext(),
        headers: {},
        queries: [dataQuery('A', { rows: 2 }, 'ping')],
        format: DataFrameFormat.ARROW,
      },
      requestContext()
    );
    expect(res.responses.A.status).toBe(200);
  });

  it('replies with JSON frames labelled as JSON when the request asks for JSON', async () => {
    const res = await queryData(
      state,
      {
        pluginContext: pluginContext(),
        headers: {},
        queries: [dataQuery('A', { queryType: 'ping', rows: 3 })],
        format: DataFrameFormat.JSON,
      },
      requestContext()
    );
    expect(res.responses.A.format).toBe(DataFrameFormat.JSON);
    const frame = JSON.parse(Buffer.from(res.responses.A.frames[0]).toString());
    expect(frame.schema.refId).toBe('A');
    expect(frame.data.values[2]).toEqual(['pong 0', 'pong 1', null]);
  });

  it('answers a cancelled request with a cancellation error per query', async () => {
    const controller = new AbortController();
    controller.abort();
    const res = await queryData(
      state,
      {
        pluginContext: pluginContext(),
        headers: {},
        queries: [dataQuery('A', { queryType: 'ping' })],
        format: DataFrameFormat.ARROW,
      },
      requestContext(controller.signal)
    );
    expect(res.responses.A).toMatchObject({ status: 499, errorSource: 'downstream' });
  });

  it('fails every query with a clear error when no datasource settings came', async () => {
    const res = await queryData(
      state,
      {
        pluginContext: { ...pluginContext(), dataSourceInstanceSettings: null },
        headers: {},
        queries: [dataQuery('A', { queryType: 'ping' })],
        format: 0,
      },
      requestContext()
    );
    expect(res.responses.A).toMatchObject({
      status: 400,
      error: 'the request carries no datasource instance settings',
    });
  });
});
