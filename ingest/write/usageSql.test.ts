import type { UsageRow } from '../model';
import { childrenOf, deleteRows, rowsById, upsertRows, utcDateTime, writableColumns } from './usageSql';

const row: UsageRow = {
  id: 'f'.repeat(32),
  tenantId: 'tenant-a',
  userId: 'u1',
  modelName: 'gpt-4o',
  llmFactory: 'OpenAI',
  modelType: 'chat',
  inputTokens: 120,
  outputTokens: 30,
  cachedTokens: 20,
  reasoningTokens: null,
  cost: '0.00123',
  timestampMs: Date.UTC(2026, 11, 4, 10, 15, 0, 123),
  requestId: 'chatcmpl-1',
  conversationId: null,
  latencyMs: 812,
  status: 'ok',
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  parentSpanId: null,
};
const NOW = Date.UTC(2026, 11, 4, 10, 16, 0, 5);

describe('usage writer statements', () => {
  it('writes the required columns and the optional ones the table has', () => {
    expect(writableColumns(new Set(['id', 'cost', 'trace_id', 'unknown', 'create_time']))).toEqual([
      'id',
      'tenant_id',
      'model_name',
      'input_tokens',
      'output_tokens',
      'timestamp',
      'cost',
      'trace_id',
      'create_time',
    ]);
  });

  it('upserts every row with placeholders, keeping the first write time', () => {
    const columns = writableColumns(new Set(['user_id', 'cost', 'status', 'trace_id', 'create_time', 'create_date']));
    const s = upsertRows('token_usage_log', columns, [row, { ...row, id: 'e'.repeat(32) }], NOW);
    expect(s.sql).toBe(
      'INSERT INTO `token_usage_log` (`id`, `tenant_id`, `model_name`, `input_tokens`, `output_tokens`, `timestamp`, ' +
        '`user_id`, `cost`, `status`, `trace_id`, `create_time`, `create_date`) VALUES ' +
        '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE ' +
        '`tenant_id` = VALUES(`tenant_id`), `model_name` = VALUES(`model_name`), `input_tokens` = VALUES(`input_tokens`), ' +
        '`output_tokens` = VALUES(`output_tokens`), `timestamp` = VALUES(`timestamp`), `user_id` = VALUES(`user_id`), ' +
        '`cost` = VALUES(`cost`), `status` = VALUES(`status`), `trace_id` = VALUES(`trace_id`)'
    );
    expect(s.values.slice(0, 12)).toEqual([
      'f'.repeat(32),
      'tenant-a',
      'gpt-4o',
      120,
      30,
      '2026-12-04 10:15:00.123',
      'u1',
      '0.00123',
      'ok',
      'a'.repeat(32),
      NOW,
      '2026-12-04 10:16:00',
    ]);
    expect(s.values).toHaveLength(24);
  });

  it('looks relatives up by trace and parent, and by id, with locking reads', () => {
    expect(
      childrenOf('t', [
        { traceId: 'a', spanId: 'b' },
        { traceId: 'c', spanId: 'd' },
      ])
    ).toEqual({
      sql:
        'SELECT id, trace_id, span_id, parent_span_id, input_tokens + output_tokens AS tokens FROM `t` ' +
        'WHERE (trace_id = ? AND parent_span_id = ?) OR (trace_id = ? AND parent_span_id = ?) FOR UPDATE',
      values: ['a', 'b', 'c', 'd'],
    });
    expect(rowsById('t', ['x', 'y']).sql).toMatch(/WHERE id IN \(\?, \?\) FOR UPDATE$/);
    expect(deleteRows('t', ['x'])).toEqual({ sql: 'DELETE FROM `t` WHERE id IN (?)', values: ['x'] });
  });

  it.each([
    [0, '1970-01-01 00:00:00.000'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 6), '2026-01-02 03:04:05.006'],
  ])('writes %s as UTC text', (ms, text) => {
    expect(utcDateTime(ms)).toBe(text);
    expect(utcDateTime(ms, false)).toBe(text.slice(0, 19));
  });
});
