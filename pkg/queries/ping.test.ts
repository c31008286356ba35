import { validateQuery, type PingQuery } from '../../src/shared/queryModel';
import { pingFrame } from './ping';

/** A ping query as validation completes it. */
function ping(raw: object): PingQuery {
  const result = validateQuery({ queryType: 'ping', ...raw });
  if (!result.ok || result.query.queryType !== 'ping') {
    throw new Error('not a ping query');
  }
  return result.query;
}

describe('ping frame', () => {
  it.each<[string, object, number, number, object]>([
    [
      'the defaults: three rows over the range, "pong", every third message null',
      {},
      0,
      1000,
      {
        name: 'ping',
        refId: 'P',
        meta: { custom: { instance: 7 }, preferredVisualisationType: 'table' },
        fields: [
          { name: 'time', type: 'time', values: [0, 500, 1000] },
          { name: 'value', type: 'float64', values: [0, 1.5, 3], config: { unit: 'none' } },
          { name: 'message', type: 'string', nullable: true, values: ['pong 0', 'pong 1', null] },
          { name: 'ok', type: 'boolean', values: [true, false, true] },
        ],
      },
    ],
    [
      'one row with its own message, at the start of the range',
      { rows: 1, message: 'hello' },
      5000,
      9000,
      {
        name: 'ping',
        refId: 'P',
        meta: { custom: { instance: 7 }, preferredVisualisationType: 'table' },
        fields: [
          { name: 'time', type: 'time', values: [5000] },
          { name: 'value', type: 'float64', values: [0], config: { unit: 'none' } },
          { name: 'message', type: 'string', nullable: true, values: ['hello 0'] },
          { name: 'ok', type: 'boolean', values: [true] },
        ],
      },
    ],
  ])('%s', (_name, raw, fromMs, toMs, expected) => {
    expect(pingFrame({ query: ping(raw), refId: 'P', fromMs, toMs, instanceId: 7 })).toEqual(expected);
  });
});
