/**
 * `ping`: rows spread evenly over the query's time range with one column of each basic type, so a
 * panel (or a test) can check the whole path without MySQL.
 */
import type { PingQuery } from '../../src/shared/queryModel';
import { RESULT_FRAMES } from '../../src/shared/resultFrames';
import type { Frame } from '../frames';
import { fieldOf } from '../frames/fields';

export interface PingInput {
  query: PingQuery;
  refId: string;
  fromMs: number;
  toMs: number;
  instanceId: number;
}

export function pingFrame({ query, refId, fromMs, toMs, instanceId }: PingInput): Frame {
  const rows = query.rows;
  const step = rows > 1 ? (toMs - fromMs) / (rows - 1) : 0;
  const time: number[] = [];
  const value: number[] = [];
  const message: Array<string | null> = [];
  const ok: boolean[] = [];
  for (let i = 0; i < rows; i++) {
    time.push(Math.round(fromMs + step * i));
    value.push(i * 1.5);
    // Every third row has no message, so the nullable column really carries nulls.
    message.push(i % 3 === 2 ? null : `${query.message} ${i}`);
    ok.push(i % 2 === 0);
  }
  const f = RESULT_FRAMES.ping.fields;
  return {
    name: RESULT_FRAMES.ping.name,
    refId,
    meta: { custom: { instance: instanceId }, preferredVisualisationType: 'table' },
    fields: [fieldOf(f.time, time), fieldOf(f.value, value), fieldOf(f.message, message), fieldOf(f.ok, ok)],
  };
}
