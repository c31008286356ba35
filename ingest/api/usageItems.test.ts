import { spanRowId } from '../rowId';
import { itemsOf, validateItems } from './items';
import { usageItemSchema, usageRowOf, type UsageItem } from './usageItems';

const good = {
  tenant_id: 'tenant-a',
  user_id: 'u1',
  model_name: 'gpt-4o',
  input_tokens: 100,
  output_tokens: 20,
  timestamp: '2026-12-04T10:15:00.123Z',
  request_id: 'chatcmpl-1',
};

describe('POST /v1/usage items', () => {
  it.each<[string, unknown, string]>([
    ['no model', { ...good, model_name: undefined }, 'model_name'],
    ['negative tokens', { ...good, input_tokens: -1 }, 'input_tokens'],
    ['absurd tokens', { ...good, output_tokens: 5e9 }, 'output_tokens'],
    ['fractional tokens', { ...good, output_tokens: 1.5 }, 'output_tokens'],
    ['tokens as text', { ...good, input_tokens: '100' }, 'input_tokens'],
    ['cached above input', { ...good, cached_tokens: 101 }, 'cached_tokens'],
    ['reasoning above output', { ...good, reasoning_tokens: 21 }, 'reasoning_tokens'],
    ['a time without a zone', { ...good, timestamp: '2026-12-04T10:15:00' }, 'timestamp'],
    ['a time before 2000', { ...good, timestamp: 1000 }, 'timestamp'],
    ['a tenant id too long', { ...good, tenant_id: 'x'.repeat(33) }, 'tenant_id'],
    ['a trace id of the wrong length', { ...good, trace_id: 'abc' }, 'trace_id'],
    ['a span id without a trace', { ...good, span_id: 'b'.repeat(16) }, 'trace_id'],
    ['an unknown status', { ...good, status: 'failed' }, 'status'],
    ['a negative cost', { ...good, cost: -0.1 }, 'cost'],
    ['a cost with 9 decimals', { ...good, cost: '0.000000001' }, 'cost'],
    ['nothing that makes a resend idempotent', { ...good, request_id: undefined }, 'id'],
    ['not an object', 'gpt-4o', 'item'],
  ])('refuses %s, naming %s', (_name, item, field) => {
    const { valid, errors } = validateItems([good, item], usageItemSchema);
    expect(valid.map((v) => v.index)).toEqual([0]);
    expect(errors).toEqual([expect.objectContaining({ index: 1, field })]);
    expect(errors[0].message.length).toBeGreaterThan(0);
  });

  it('turns an item into a row: totals, cost text, UTC time, lower-case ids', () => {
    const item = {
      ...good,
      cost: 0.1,
      cached_tokens: 40,
      trace_id: 'A'.repeat(32),
      span_id: 'B'.repeat(16),
      status: 'error',
    } as UsageItem;
    const out = usageRowOf(item, null);
    expect(out).toEqual({
      ok: true,
      row: expect.objectContaining({
        id: spanRowId('a'.repeat(32), 'b'.repeat(16)),
        tenantId: 'tenant-a',
        inputTokens: 100,
        cachedTokens: 40,
        reasoningTokens: null,
        cost: '0.1',
        timestampMs: Date.UTC(2026, 11, 4, 10, 15, 0, 123),
        status: 'error',
        traceId: 'a'.repeat(32),
      }),
    });
  });

  it('the key decides the tenant; an unbound key needs the item to name one', () => {
    const withTenant = usageRowOf(good as UsageItem, 'tenant-k');
    expect(withTenant.ok && withTenant.row.tenantId).toBe('tenant-k');
    expect(usageRowOf({ ...good, tenant_id: undefined } as UsageItem, null)).toEqual({
      ok: false,
      field: 'tenant_id',
      message: 'required: this API key is not bound to a tenant',
    });
  });

  it('gives the same item the same id, and another request id another', () => {
    const a = usageRowOf(good as UsageItem, null);
    const b = usageRowOf({ ...good } as UsageItem, null);
    const c = usageRowOf({ ...good, request_id: 'chatcmpl-2' } as UsageItem, null);
    expect(a.ok && b.ok && c.ok && [a.row.id === b.row.id, a.row.id === c.row.id]).toEqual([true, false]);
  });

  it.each([
    [[good], true],
    [{ items: [good] }, true],
    [{ item: good }, false],
    ['x', false],
  ])('takes an array or {items} as the body (%#)', (body, ok) => {
    expect(itemsOf(body).ok).toBe(ok);
  });

  it('refuses more than 10000 items with 413', () => {
    expect(itemsOf(new Array(10_001).fill(good))).toMatchObject({ ok: false, status: 413 });
  });
});
