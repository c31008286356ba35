/**
 * The most expensive calls' frame from the rows of pkg/queries/topCalls.ts: a pure function, tested
 * without a database. The fields are the result contract's (src/shared/resultFrames.ts).
 */
import { RESULT_FRAMES } from '../../src/shared/resultFrames';
import type { Frame, Notice } from '../frames';
import { fieldOf, fieldsOf } from '../frames/fields';
import { epochMs, type Shown } from './costFrames';
import { nameMappings, NO_NAMES, type Names } from './nameFrames';

/** A row of the top-calls statement. */
export interface TopCallRow {
  call_id: string;
  /** The time axis as mysql2 returns it: a Date (DATETIME) or epoch ms (create_time). */
  call_time: Date | number | string;
  tenant_id: string;
  user_id: string | null;
  model: string;
  input_tokens: number | string;
  output_tokens: number | string;
  /** Null only for a call of a model without a price. */
  call_cost: number | string | null;
  trace_id: string | null;
  span_id: string | null;
}

export interface TopCallsShape {
  refId: string;
  /** The usage table has trace_id and span_id; without them the ids are null and a notice says why. */
  traceColumns: boolean;
  shown?: Shown;
  /** Names of the tenants and users (value mappings; the columns keep their ids). */
  tenantNames?: Names;
  userNames?: Names;
}

const num = (v: number | string) => Number(v);

/** One row per call, in the statement's order (most expensive first, unpriced calls last). */
export function topCallsFrame(
  rows: TopCallRow[],
  { refId, traceColumns, shown = (v) => v, tenantNames = NO_NAMES, userNames = NO_NAMES }: TopCallsShape
): Frame {
  const spec = RESULT_FRAMES.costTopCalls;
  const f = spec.fields;
  const notices: Notice[] = [];
  if (!traceColumns) {
    notices.push({
      severity: 'info',
      text: 'The usage table has no trace_id and span_id columns: apply schema/mysql/005_trace_columns.sql to link calls to their traces.',
    });
  }
  const unpriced = rows.filter((r) => r.call_cost === null).length;
  if (unpriced > 0) {
    notices.push({
      severity: 'warning',
      text: `${unpriced} of these calls are of models without a price: they have no cost and are listed last.`,
    });
  }
  const tenants = rows.map((r) => r.tenant_id);
  const users = rows.map((r) => shown(r.user_id));
  return {
    name: spec.name,
    refId,
    meta: {
      preferredVisualisationType: 'table',
      custom: { traceColumns },
      notices: notices.length > 0 ? notices : undefined,
    },
    fields: [
      ...fieldsOf(rows, [[f.time, (r) => epochMs(r.call_time)]]),
      fieldOf(f.tenant, tenants, { config: nameMappings(tenantNames, tenants) }),
      fieldOf(f.user, users, { config: nameMappings(userNames, users) }),
      ...fieldsOf(rows, [
        [f.model, (r) => r.model],
        [f.inputTokens, (r) => num(r.input_tokens)],
        [f.outputTokens, (r) => num(r.output_tokens)],
        [f.cost, (r) => (r.call_cost === null ? null : num(r.call_cost))],
        [f.traceId, (r) => r.trace_id || null],
        [f.spanId, (r) => r.span_id || null],
      ]),
    ],
  };
}
