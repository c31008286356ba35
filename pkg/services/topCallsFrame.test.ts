import { maskValue } from '../masking';
import { topCallsFrame, type TopCallRow, type TopCallsShape } from './topCallsFrame';

const T = Date.UTC(2026, 9, 1, 12);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

/** A row as mysql2 returns it: DATETIME as a Date, DECIMAL cost as a number or a string. */
function row(over: Partial<TopCallRow>): TopCallRow {
  return {
    call_id: 'c1',
    call_time: new Date(T),
    tenant_id: 't1',
    user_id: 'ana@example.com',
    model: 'gpt-4o',
    input_tokens: 1000,
    output_tokens: 200,
    call_cost: 0.0045,
    trace_id: TRACE,
    span_id: SPAN,
    ...over,
  };
}

const NO_TRACE_COLUMNS = {
  severity: 'info',
  text: 'The usage table has no trace_id and span_id columns: apply schema/mysql/005_trace_columns.sql to link calls to their traces.',
};

/** The frame's fields as [name, values], for compact expectations. */
const columns = (rows: TopCallRow[], shape: TopCallsShape) =>
  topCallsFrame(rows, shape).fields.map((f) => [f.name, Array.from(f.values)]);

describe('most expensive calls frame', () => {
  it('declares the contract’s fields: nullable user, cost and ids; cost in USD', () => {
    const frame = topCallsFrame([row({})], { refId: 'A', traceColumns: true });
    expect(frame).toMatchObject({
      name: 'most expensive calls',
      refId: 'A',
      meta: { preferredVisualisationType: 'table', custom: { traceColumns: true }, notices: undefined },
    });
    expect(frame.fields.map((f) => [f.name, f.type, f.nullable ?? false, f.config?.unit])).toEqual([
      ['time', 'time', false, undefined],
      ['tenant', 'string', true, undefined],
      ['user', 'string', true, undefined],
      ['model', 'string', false, undefined],
      ['input tokens', 'int64', false, undefined],
      ['output tokens', 'int64', false, undefined],
      ['cost', 'float64', true, 'currencyUSD'],
      ['trace id', 'string', true, undefined],
      ['span id', 'string', true, undefined],
    ]);
  });

  it.each<[string, TopCallRow[], TopCallsShape, Array<[string, unknown[]]>]>([
    [
      'rows in the statement’s order; DECIMAL text and epoch ms (create_time axis) become numbers',
      [row({}), row({ call_time: T - 1000, call_cost: '0.00120000', input_tokens: '10', output_tokens: '5' })],
      { refId: 'A', traceColumns: true },
      [
        ['time', [T, T - 1000]],
        ['tenant', ['t1', 't1']],
        ['user', ['ana@example.com', 'ana@example.com']],
        ['model', ['gpt-4o', 'gpt-4o']],
        ['input tokens', [1000, 10]],
        ['output tokens', [200, 5]],
        ['cost', [0.0045, 0.0012]],
        ['trace id', [TRACE, TRACE]],
        ['span id', [SPAN, SPAN]],
      ],
    ],
    [
      'a call without a trace, and an unpriced call: nulls, not empty strings or zero',
      [row({ trace_id: '', span_id: null }), row({ call_cost: null, user_id: null })],
      { refId: 'A', traceColumns: true },
      [
        ['time', [T, T]],
        ['tenant', ['t1', 't1']],
        ['user', ['ana@example.com', null]],
        ['model', ['gpt-4o', 'gpt-4o']],
        ['input tokens', [1000, 1000]],
        ['output tokens', [200, 200]],
        ['cost', [0.0045, null]],
        ['trace id', [null, TRACE]],
        ['span id', [null, SPAN]],
      ],
    ],
    [
      'users masked below the personal-data role',
      [row({}), row({ user_id: '3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d' })],
      { refId: 'A', traceColumns: true, shown: maskValue },
      [
        ['time', [T, T]],
        ['tenant', ['t1', 't1']],
        ['user', ['[EMAIL]', '3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d']],
        ['model', ['gpt-4o', 'gpt-4o']],
        ['input tokens', [1000, 1000]],
        ['output tokens', [200, 200]],
        ['cost', [0.0045, 0.0045]],
        ['trace id', [TRACE, TRACE]],
        ['span id', [SPAN, SPAN]],
      ],
    ],
  ])('%s', (_name, rows, shape, expected) => {
    expect(columns(rows, shape)).toEqual(expected);
  });

  it('maps tenants and users to their names, the columns keeping their ids', () => {
    const frame = topCallsFrame([row({}), row({ tenant_id: 't2', user_id: null })], {
      refId: 'A',
      traceColumns: true,
      tenantNames: new Map([['t1', 'Acme']]),
      userNames: new Map([['ana@example.com', 'Ana <ana@example.com>']]),
    });
    expect(frame.fields.slice(1, 3)).toEqual([
      {
        name: 'tenant',
        type: 'string',
        nullable: true,
        values: ['t1', 't2'],
        config: { mappings: [{ type: 'value', options: { t1: { text: 'Acme' } } }] },
      },
      {
        name: 'user',
        type: 'string',
        nullable: true,
        values: ['ana@example.com', null],
        config: { mappings: [{ type: 'value', options: { 'ana@example.com': { text: 'Ana <ana@example.com>' } } }] },
      },
    ]);
  });

  it.each<[string, TopCallRow[], boolean, object[] | undefined]>([
    ['nothing to say', [row({})], true, undefined],
    ['no trace columns: how to add them', [row({ trace_id: null, span_id: null })], false, [NO_TRACE_COLUMNS]],
    [
      'unpriced calls: listed last, without a cost',
      [row({}), row({ call_cost: null }), row({ call_cost: null })],
      true,
      [
        {
          severity: 'warning',
          text: '2 of these calls are of models without a price: they have no cost and are listed last.',
        },
      ],
    ],
    ['no rows, no trace columns', [], false, [NO_TRACE_COLUMNS]],
  ])('notices: %s', (_name, rows, traceColumns, notices) => {
    const frame = topCallsFrame(rows, { refId: 'A', traceColumns });
    expect(frame.meta?.notices).toEqual(notices);
    expect(frame.meta?.custom).toEqual({ traceColumns });
  });
});
