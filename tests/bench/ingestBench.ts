/**
 * npm run bench:ingest [-- --spans 200000] [--per-request 500] [--senders 8] [--rate 10000] [--no-pin]
 *
 * The ingest under load, as a collector would load it, in two phases. Saturation: `senders`
 * concurrent OTLP/HTTP senders each post protobuf ExportTraceServiceRequests of `per-request` spans,
 * one after the other, until `spans` spans are sent: the most it takes. Then at a steady `rate`
 * (spans/s, open loop: a request leaves on schedule whether or not earlier ones were answered), the
 * acknowledgement latency a sender sees at that load. The spans are a RAG service's: per trace one agent span, one retrieval
 * span, and LLM calls (chat, embeddings) with usage, so about half are written as rows; ids are
 * random per run. The ingest runs as its own process (the bundle `npm run ingest` runs), pinned to one
 * CPU with taskset unless --no-pin, writing a throwaway MariaDB as the least-privileged ingest user.
 *
 * Prints spans/s and rows/s, acknowledgement latency p50/p99 per request, the ingest's peak RSS,
 * the ratios to the goals (≥ 10 000 spans/s on one core, p99 < 250 ms), and checks that the table
 * holds exactly the rows the spans imply. Figures only; nothing is asserted about time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RowDataPacket } from 'mysql2/promise';
import { hashKey } from '../../ingest/auth/apiKeys';
import { TYPE_NAMES } from '../../ingest/decode/otlpProto';
import { otlpRoot } from '../../ingest/decode/protobuf';
import { startDatabase } from '../db/mariadb';
import { INGEST_USER, ingestArgs, prepareLedger } from '../integration/ingest/setup';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const SPANS = arg('spans', 200_000);
const PER_REQUEST = arg('per-request', 500);
const SENDERS = arg('senders', 8);
const RATE = arg('rate', 10_000);
const KEY = 'bench-key';
const ROOT = join(__dirname, '..');

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const requestType = otlpRoot.lookupType(TYPE_NAMES.request);
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'text-embedding-3-small'];
const kv = (key: string, value: string | number) => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : { intValue: value },
});

/** One request body: traces of 5 spans (agent → retrieval, embeddings, chat, chat). Returns rows implied. */
function body(startMs: number): { bytes: Buffer; spans: number; rows: number } {
  const spans: object[] = [];
  let rows = 0;
  while (spans.length < PER_REQUEST) {
    const traceId = randomBytes(16);
    const root = randomBytes(8);
    const t = BigInt(startMs + spans.length) * BigInt(1_000_000);
    const span = (name: string, parent: Buffer | null, attributes: object[]) => ({
      traceId,
      spanId: parent === null ? root : randomBytes(8),
      parentSpanId: parent ?? undefined,
      name,
      kind: 3,
      startTimeUnixNano: t.toString(),
      endTimeUnixNano: (t + BigInt(800_000_000)).toString(),
      attributes,
    });
    const user = `u${spans.length % 97}`;
    spans.push(span('invoke_agent rag', null, [kv('gen_ai.operation.name', 'invoke_agent'), kv('user.id', user)]));
    spans.push(span('retrieval kb', root, [kv('gen_ai.operation.name', 'retrieval')]));
    spans.push(
      span('embeddings', root, [
        kv('gen_ai.operation.name', 'embeddings'),
        kv('gen_ai.request.model', MODELS[3]),
        kv('gen_ai.usage.input_tokens', 42),
      ])
    );
    for (let i = 0; i < 2; i++) {
      const model = MODELS[(spans.length + i) % 3];
      spans.push(
        span(`chat ${model}`, root, [
          kv('gen_ai.operation.name', 'chat'),
          kv('gen_ai.provider.name', 'openai'),
          kv('gen_ai.request.model', model),
          kv('gen_ai.response.id', `chatcmpl-${randomBytes(6).toString('hex')}`),
          kv('gen_ai.usage.input_tokens', 1200 + i),
          kv('gen_ai.usage.output_tokens', 300),
          kv('gen_ai.usage.cache_read.input_tokens', 200),
          kv('gen_ai.conversation.id', `c${spans.length % 31}`),
        ])
      );
    }
    rows += 3;
  }
  const message = requestType.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', 'rag'), kv('tenant.id', 'bench')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  });
  return { bytes: Buffer.from(requestType.encode(message).finish()), spans: spans.length, rows };
}

const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });

function post(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/traces',
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/x-protobuf',
          Authorization: `Bearer ${KEY}`,
          'Content-Length': bytes.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitForPort(child: ChildProcess, lines: string[]): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const m = lines.map((l) => /listening on [^:]+:(\d+)/.exec(l)).find(Boolean);
    if (m) {
      return Number(m[1]);
    }
    if (child.exitCode !== null) {
      throw new Error(`the ingest exited:\n${lines.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the ingest did not start:\n${lines.join('')}`);
}

async function main() {
  const db = await startDatabase({
    local: true,
    serverArgs: ['--innodb-buffer-pool-size=1G', '--innodb-flush-log-at-trx-commit=1'],
  });
  const conn = await db.connect();
  await prepareLedger(conn);

  const bundle = join(ROOT, '.build', 'ingest.cjs');
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ingest.mjs'), '--help'], { cwd: ROOT });
  if (build.status !== 0) {
    throw new Error(`could not bundle the ingest: ${build.stderr}`);
  }
  const pin = !flag('no-pin') && spawnSync('taskset', ['--version']).status === 0;
  const args = [bundle, ...ingestArgs(db)];
  const env = {
    ...process.env,
    LLMOPS_INGEST_DB_PASSWORD: INGEST_USER.password,
    LLMOPS_INGEST_KEYS: `${hashKey(KEY)} *`,
  };
  const child = pin
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { env })
    : spawn(process.execPath, args, { env });
  const lines: string[] = [];
  child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
  const port = await waitForPort(child, lines);

  // Bodies are encoded before the clock starts: the bench measures the ingest, not the sender.
  const requests = Math.ceil(SPANS / PER_REQUEST);
  const bodies = Array.from({ length: requests }, (_, i) => body(Date.now() - 3_600_000 + i * PER_REQUEST));
  // Warm-up: JIT, pool connections, the table's first pages.
  for (let i = 0; i < 4; i++) {
    await post(port, body(Date.now() - 7_200_000 + i * PER_REQUEST).bytes);
  }
  const [[{ n: warm }]] = (await conn.query('SELECT COUNT(*) AS n FROM token_usage_log')) as unknown as [
    RowDataPacket[],
  ];

  const statuses = new Map<number, number>();
  const send = async (bytes: Buffer, latencies: number[]) => {
    for (;;) {
      const t = performance.now();
      const status = await post(port, bytes);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200) {
        latencies.push(performance.now() - t);
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < bodies.length) {
        await send(bodies[next++].bytes, latencies);
      }
    })
  );
  const seconds = (performance.now() - started) / 1000;
  const spans = bodies.reduce((s, b) => s + b.spans, 0);
  const rows = bodies.reduce((s, b) => s + b.rows, 0);
  const [[{ n }]] = (await conn.query('SELECT COUNT(*) AS n FROM token_usage_log')) as unknown as [RowDataPacket[]];

  // Steady load: the same number of requests, each leaving at its scheduled time.
  const steady = Array.from({ length: requests }, (_, i) => body(Date.now() - 1_800_000 + i * PER_REQUEST));
  const steadyLatencies: number[] = [];
  const interval = (PER_REQUEST / RATE) * 1000;
  const steadyStart = performance.now();
  await Promise.all(
    steady.map(async (b, i) => {
      const wait = steadyStart + i * interval - performance.now();
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, wait));
      }
      await send(b.bytes, steadyLatencies);
    })
  );
  const steadySeconds = (performance.now() - steadyStart) / 1000;
  const rss = peakRssMiB(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await conn.end();
  await db.stop();
  agent.destroy();

  const rate = spans / seconds;
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const fmt = (x: number, d = 0) => x.toFixed(d);
  console.log(
    `ingest bench: ${spans} spans in ${requests} protobuf requests of ${PER_REQUEST}, ${SENDERS} senders, ingest ${pin ? 'pinned to CPU 0' : 'not pinned'} (${spawnSync('nproc').stdout.toString().trim()} CPUs; MariaDB and the senders share them)`
  );
  console.log(`  answers            ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`);
  console.log(`  throughput         ${fmt(rate)} spans/s, ${fmt(rows / seconds)} rows/s (${fmt(seconds, 2)} s)`);
  console.log(
    `  ack latency        p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms per request of ${PER_REQUEST} spans (saturated)`
  );
  const s50 = percentile(steadyLatencies, 50);
  const s99 = percentile(steadyLatencies, 99);
  console.log(
    `steady load: ${RATE} spans/s offered, ${fmt(spans / steadySeconds)} spans/s done (${fmt(steadySeconds, 2)} s)`
  );
  console.log(`  ack latency        p50 ${fmt(s50, 1)} ms, p99 ${fmt(s99, 1)} ms per request of ${PER_REQUEST} spans`);
  console.log(`  ingest peak RSS    ${fmt(rss, 1)} MiB (both phases)`);
  console.log(
    `  goal ratios        saturated spans/s ÷ 10 000 = ${(rate / 10_000).toFixed(2)}; steady p99 ÷ 250 ms = ${(s99 / 250).toFixed(2)}`
  );
  console.log(
    `  rows in the table  ${Number(n) - Number(warm)} of ${rows} expected after the saturation phase ${Number(n) - Number(warm) === rows ? '(exact)' : '(MISMATCH)'}`
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
