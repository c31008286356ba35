/**
 * `ping`: rows spread evenly over the query's time range with one column of each basic type, so a
 * panel (or a test) can check the whole path without MySQL.
 */
import type { PingQuery } from '../../src/shared/queryModel';
import type { Frame } from '../frames';

export interface PingInput {
  query: PingQuery;
  refId: string;
  fromMs: number;
  toMs: number;
  instanceId: number;
}

export function pingFrame({ query, refId, fromMs, toMs, instanceId }: PingInput): Frame {
  const rows = query.rows ?? 3;
  const step = rows > 1 ? (toMs - fromMs) / (rows - 1) : 0;
  const time: number[] = [];
  const value: number[] = [];
  const message: Array<string | null> = [];
  const ok: boolean[] = [];
  for (let i = 0; i < rows; i++) {
    time.push(Math.round(fromMs + step * i));
    value.push(i * 1.5);
    // Every third row has no message, so the nullable column really carries nulls.
    message.push(i % 3 === 2 ? null : `${query.message ?? 'pong'} ${i}`);
    ok.push(i % 2 === 0);
  }
  return {
    name: 'ping',
    refId,
    meta: { custom: { instance: instanceId }, preferredVisualisationType: 'table' },
    fields: [
      { name: 'time', type: 'time', values: time },
      { name: 'value', type: 'float64', values: value, config: { unit: 'none' } },
      { name: 'message', type: 'string', nullable: true, values: message },
      { name: 'ok', type: 'boolean', values: ok },
    ],
  };
}
