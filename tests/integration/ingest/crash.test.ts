/**
 * No loss, no double count: MariaDB is killed (SIGKILL) in the middle of a stream of spans and started
 * again. The ingest answers 503 + Retry-After while it is down and acknowledges only committed rows;
 * OpenTelemetry's exporter retries, and the sender re-exports a batch the exporter gave up on, as a
 * collector's retry queue does. At the end every span sent is in the table exactly once.
 */
import type { AddressInfo } from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startIngest, type IngestService } from '../../../ingest/service';
import { startDatabase, type TestDatabase } from '../../db/mariadb';
import { eventually } from '../host';
import { ingestConfig, prepareLedger } from './setup';
import { sendSpans, type SpanSpec } from './sender';

jest.setTimeout(180_000);

const BATCHES = 60;
const PER_BATCH = 50;
const T0 = Date.now() - 600_000;

describe('ingest while the database crashes', () => {
  let db: TestDatabase;
  let service: IngestService;
  let url: string;

  beforeAll(async () => {
    // Killing and restarting needs the MariaDB this suite starts, even when MYSQL_URL is set.
    db = await startDatabase({ local: true });
    const conn = await db.connect();
    await prepareLedger(conn);
    await conn.end();
    service = await startIngest(ingestConfig(db), () => undefined);
    url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await service?.stop();
    await db?.stop();
  });

  async function count(): Promise<number> {
    const conn: Connection = await db.connect();
    try {
      const [r] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM token_usage_log');
      return Number(r[0].n);
    } finally {
      await conn.end();
    }
  }

  it('writes every span sent exactly once', async () => {
    const spans: SpanSpec[] = [];
    const batches: string[][] = [];
    for (let b = 0; b < BATCHES; b++) {
      const refs: string[] = [];
      for (let i = 0; i < PER_BATCH; i++) {
        const n = b * PER_BATCH + i;
        spans.push({
          ref: `s${n}`,
          name: 'chat gpt-4o-mini',
          startMs: T0 + n,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.usage.input_tokens': 100 + (n % 7),
            'gen_ai.usage.output_tokens': 10 + (n % 3),
            'tenant.id': `t${n % 4}`,
          },
        });
        refs.push(`s${n}`);
      }
      batches.push(refs);
    }
    const sending = sendSpans({
      url,
      encoding: 'protobuf',
      key: 'key-any',
      spans,
      batches,
      resendUntilOk: true,
      gapMs: 40,
      timeoutMillis: 5000,
    });

    // Once part of the stream is stored, the database crashes; it is back two seconds later.
    await eventually(async () => (await count()) >= 10 * PER_BATCH || Promise.reject(new Error('not yet')), 60_000, 50);
    await db.crash!();
    await new Promise((r) => setTimeout(r, 2000));
    const readyWhileDown = (await fetch(`${url}/readyz`)).status;
    await db.restart!();

    const sent = await sending;
    expect(sent.batches.every((b) => b.ok)).toBe(true);
    expect(readyWhileDown).toBe(503);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    // The stream did meet the outage: some exports were answered 503 and sent again.
    expect(metrics).toMatch(/llmops_ingest_requests_total\{route="\/v1\/traces",code="503"\} [1-9]/);

    const conn = await db.connect();
    const [rows] = await conn.query<RowDataPacket[]>('SELECT trace_id, span_id, input_tokens FROM token_usage_log');
    await conn.end();
    const stored = rows.map((r) => `${r.trace_id}/${r.span_id}`).sort();
    const expected = Object.values(sent.ids)
      .map((id) => `${id.traceId}/${id.spanId}`)
      .sort();
    expect(stored).toHaveLength(BATCHES * PER_BATCH);
    expect(stored).toEqual(expected);
    const tokens = rows.reduce((sum, r) => sum + Number(r.input_tokens), 0);
    expect(tokens).toBe(spans.reduce((sum, s) => sum + Number(s.attributes['gen_ai.usage.input_tokens']), 0));
  });
});
