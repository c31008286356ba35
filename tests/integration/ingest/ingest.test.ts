/**
 * The ingest end to end: OpenTelemetry's own exporters (protobuf and JSON) send GenAI spans to the
 * service started as `npm run ingest` starts it, writing a real MariaDB as the least-privileged
 * `ledger_ingest` user; rows are checked in the table and through the datasource (the Go host).
 */
import type { AddressInfo } from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { spanRowId } from '../../../ingest/rowId';
import { startIngest, type IngestService } from '../../../ingest/service';
import { startDatabase, type TestDatabase } from '../../db/mariadb';
import { ingestConfig, prepareLedger } from './setup';
import { oneBatch, sendSpans, type SpanSpec } from './sender';

const NOW = Date.now();
const T0 = NOW - 3_600_000;

describe('ingest', () => {
  let db: TestDatabase;
  let conn: Connection;
  let service: IngestService;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await prepareLedger(conn);
    service = await startIngest(ingestConfig(db, ['--default-tenant', 'tdefault']), (l) => logs.push(l));
    url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await service?.stop();
    await conn?.end();
    await db?.stop();
  });

  async function rows(where = '1=1', params: unknown[] = []): Promise<RowDataPacket[]> {
    const [r] = await conn.query<RowDataPacket[]>(
      `SELECT id, tenant_id, user_id, model_name, llm_factory, model_type, input_tokens, output_tokens,
              cached_tokens, reasoning_tokens, cost, request_id, conversation_id, latency_ms, status,
              trace_id, span_id, parent_span_id, CAST(TIMESTAMPDIFF(MICROSECOND, '1970-01-01', \`timestamp\`) DIV 1000 AS SIGNED) AS ts, create_time
         FROM token_usage_log WHERE ${where} ORDER BY \`timestamp\`, id`,
      params
    );
    return r;
  }

  it.each(['protobuf', 'json'] as const)('writes the LLM calls of a %s export, once each', async (encoding) => {
    const spans: SpanSpec[] = [
      {
        ref: 'root',
        name: 'invoke_agent helper',
        startMs: T0,
        durationMs: 3000,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'user.id': 'u-42', 'session.id': `s-${encoding}` },
      },
      {
        ref: 'chat',
        name: 'chat gpt-4o',
        parent: 'root',
        startMs: T0 + 10,
        durationMs: 1234,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.response.id': `chatcmpl-${encoding}`,
          'gen_ai.usage.input_tokens': 1200,
          'gen_ai.usage.output_tokens': 300,
          'gen_ai.usage.cache_read.input_tokens': 200,
        },
      },
      {
        ref: 'embed',
        name: 'embeddings text-embedding-3-small',
        parent: 'root',
        startMs: T0 + 20,
        attributes: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.request.model': 'text-embedding-3-small',
          'gen_ai.usage.input_tokens': 64,
        },
      },
      {
        ref: 'kb',
        name: 'retrieval kb',
        parent: 'root',
        startMs: T0 + 5,
        attributes: { 'gen_ai.operation.name': 'retrieval' },
      },
    ];
    // The same export twice: a sender retrying a batch it had no answer for changes nothing.
    const sent = await sendSpans({
      url,
      encoding,
      key: 'key-acme',
      resource: { 'service.name': 'rag', 'tenant.id': 'from-resource' },
      spans,
      batches: [...oneBatch(spans), ...oneBatch(spans)],
    });
    expect(sent.batches.map((b) => b.ok)).toEqual([true, true]);
    const { chat, embed, root } = sent.ids;
    const written = await rows('trace_id = ?', [chat.traceId]);
    expect(
      written.map((r) => [r.span_id, r.model_name, r.model_type, r.input_tokens, r.output_tokens, r.cached_tokens])
    ).toEqual([
      [chat.spanId, 'gpt-4o-2024-08-06', 'chat', 1200, 300, 200],
      [embed.spanId, 'text-embedding-3-small', 'embedding', 64, 0, null],
    ]);
    expect(written[0]).toMatchObject({
      id: spanRowId(chat.traceId, chat.spanId),
      tenant_id: 'acme', // the key's tenant, not the resource's claim
      user_id: 'u-42', // inherited from the agent span
      conversation_id: `s-${encoding}`,
      llm_factory: 'OpenAI',
      cost: null,
      request_id: `chatcmpl-${encoding}`,
      latency_ms: 1234,
      status: 'ok',
      parent_span_id: root.spanId,
      ts: T0 + 10,
    });
  });

  it('keeps only the inner call when a parent and its child arrive in different requests', async () => {
    // AI SDK ≤ 6: generateText carries the same usage as its doGenerate; the child ends (and is sent) first.
    const sdk = {
      'ai.model.id': 'gpt-4o-mini',
      'ai.usage.promptTokens': 50,
      'ai.usage.completionTokens': 5,
      'tenant.id': 'vercel',
    };
    const chat = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 9 };
    const spans: SpanSpec[] = [
      {
        ref: 'outer',
        name: 'ai.generateText',
        startMs: T0 + 100,
        durationMs: 900,
        attributes: { ...sdk, 'ai.operationId': 'ai.generateText' },
      },
      {
        ref: 'inner',
        name: 'ai.generateText.doGenerate',
        parent: 'outer',
        startMs: T0 + 110,
        attributes: { ...sdk, 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'openai.chat' },
      },
      // The other order: a parent stored first loses its row when its child arrives.
      { ref: 'p', name: 'outer chat', startMs: T0 + 200, attributes: chat },
      { ref: 'c', name: 'inner chat', parent: 'p', startMs: T0 + 210, attributes: chat },
    ];
    const sent = await sendSpans({
      url,
      encoding: 'protobuf',
      key: 'key-any',
      spans,
      batches: [['inner'], ['outer'], ['p'], ['c']],
    });
    expect(sent.batches.map((b) => b.ok)).toEqual([true, true, true, true]);
    const { inner, c } = sent.ids;
    expect(
      (await rows('trace_id = ?', [inner.traceId])).map((r) => [r.span_id, r.tenant_id, r.input_tokens, r.llm_factory])
    ).toEqual([[inner.spanId, 'vercel', 50, 'OpenAI']]);
    expect((await rows('trace_id = ?', [c.traceId])).map((r) => r.span_id)).toEqual([c.spanId]);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/llmops_ingest_rows_deduplicated_total [2-9]/);
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer key-any', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const jsonSpan = (i: number, attrs: Array<[string, object]>) => ({
    traceId: hex(0xabc000 + i, 32),
    spanId: hex(0xdef000 + i, 16),
    name: `chat ${i}`,
    kind: 3,
    startTimeUnixNano: String(BigInt(T0 + 300 + i) * BigInt(1_000_000)),
    endTimeUnixNano: String(BigInt(T0 + 900 + i) * BigInt(1_000_000)),
    attributes: [
      ['gen_ai.operation.name', { stringValue: 'chat' }],
      ['gen_ai.request.model', { stringValue: 'gpt-4o-mini' }],
      ...attrs,
    ].map(([key, value]) => ({ key, value })),
  });

  it('answers partial success naming each bad span, and writes the good ones', async () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 'json-t' } }] },
          scopeSpans: [
            {
              spans: [
                jsonSpan(1, [['gen_ai.usage.input_tokens', { intValue: '10' }]]),
                jsonSpan(2, [['gen_ai.usage.input_tokens', { intValue: '-3' }]]),
                jsonSpan(3, [['gen_ai.usage.output_tokens', { doubleValue: 2.5 }]]),
                { ...jsonSpan(4, []), traceId: '0'.repeat(32) },
                jsonSpan(5, [['gen_ai.usage.input_tokens', { intValue: '11' }]]),
              ],
            },
          ],
        },
      ],
    };
    const r = await post('/v1/traces', body);
    expect(r.status).toBe(200);
    expect(r.body.partialSuccess.rejectedSpans).toBe('3');
    expect(r.body.partialSuccess.errorMessage).toContain('span 1 (chat 2): gen_ai.usage.input_tokens is negative (-3)');
    expect(r.body.partialSuccess.errorMessage).toContain(
      'span 2 (chat 3): gen_ai.usage.output_tokens is not an integer'
    );
    expect(r.body.partialSuccess.errorMessage).toContain('span 3 (chat 4): traceId must be 32 hex digits');
    const written = await rows('tenant_id = ?', ['json-t']);
    expect(written.map((w) => w.input_tokens)).toEqual([10, 11]);
  });

  it.each([
    ['no key', '/v1/traces', '{}', { Authorization: '' }, 401],
    ['an unknown key', '/v1/traces', '{}', { Authorization: 'Bearer nope' }, 401],
    ['a body that is not JSON', '/v1/traces', '{"resourceSpans": [', {}, 400],
    ['a content type OTLP does not know', '/v1/traces', '{}', { 'Content-Type': 'text/plain' }, 415],
    ['an unknown path', '/v1/logs', '{}', {}, 404],
  ])('refuses %s', async (_name, path, body, headers, status) => {
    const r = await post(path, body, headers);
    expect(r.status).toBe(status);
    expect(typeof r.body.message).toBe('string');
  });

  it('answers 413 past the size limit', async () => {
    const r = await post('/v1/traces', ' '.repeat(65 * 1024 * 1024));
    expect(r.status).toBe(413);
  });

  it('writes usage items, answering each bad one with its index and field', async () => {
    const items = [
      {
        tenant_id: 'api',
        model_name: 'gpt-4o',
        input_tokens: 10,
        output_tokens: 2,
        timestamp: new Date(T0 + 5000).toISOString(),
        request_id: 'r1',
      },
      { tenant_id: 'api', model_name: 'gpt-4o', input_tokens: -1, output_tokens: 2, timestamp: T0 },
      { tenant_id: 'api', input_tokens: 1, output_tokens: 2, timestamp: T0 },
      {
        tenant_id: 'api',
        model_name: 'claude',
        input_tokens: 7,
        output_tokens: 1,
        timestamp: T0 + 6000,
        request_id: 'r2',
        cost: '0.0042',
      },
    ];
    const r = await post('/v1/usage', items);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [1, 'input_tokens'],
      [2, 'model_name'],
    ]);
    const again = await post('/v1/usage', [items[0], items[3]]);
    expect(again.body.accepted).toBe(2);
    const written = await rows('tenant_id = ?', ['api']);
    expect(written.map((w) => [w.model_name, w.input_tokens, w.cost])).toEqual([
      ['gpt-4o', 10, null],
      ['claude', 7, '0.00420000'],
    ]);
  });

  it('writes audit events with e-mail addresses and tokens masked', async () => {
    const r = await post('/v1/audit', [
      {
        tenant_id: 'api',
        user_id: 'u1',
        action: 'KB_CREATE',
        timestamp: T0,
        details: { by: 'ana@example.com', token: 'sk-abcdefghijklmnopqrstuvwx', kb: 'docs' },
      },
      { tenant_id: 'api', action: '', timestamp: T0 },
    ]);
    expect([r.status, r.body]).toEqual([200, expect.objectContaining({ accepted: 1 })]);
    expect(r.body.rejected[0]).toMatchObject({ index: 1, field: 'action' });
    // Sent again (the sender had no answer): the event is stored once, unchanged.
    const again = await post('/v1/audit', [
      {
        tenant_id: 'api',
        user_id: 'u1',
        action: 'KB_CREATE',
        timestamp: T0,
        details: { by: 'ana@example.com', token: 'sk-abcdefghijklmnopqrstuvwx', kb: 'docs' },
      },
    ]);
    expect(again.body).toEqual({ accepted: 1, rejected: [] });
    const [audit] = await conn.query<RowDataPacket[]>('SELECT details FROM audit_log WHERE tenant_id = ?', ['api']);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toContain('docs');
    expect(audit[0].details).not.toContain('ana@example.com');
    expect(audit[0].details).not.toContain('sk-abcdefghijklmnopqrstuvwx');
  });

  it('counts what it received, wrote and rejected in /metrics, and is ready', async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/llmops_ingest_spans_received_total \d+/);
    expect(metrics).toMatch(/llmops_ingest_rejected_total\{reason="invalid_tokens"\} 2/);
    expect(metrics).toMatch(/llmops_ingest_rows_written_total\{table="token_usage_log"\} [1-9]/);
    expect(metrics).toMatch(/llmops_ingest_batch_seconds_count\{table="token_usage_log"\} [1-9]/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
