/**
 * The demo stack's OpenTelemetry collector for real, without Docker: the collector built from Go
 * modules with the components deploy/otel-collector/config.yaml uses, at the release the compose
 * file pins (tests/tools/otelcol), and Jaeger v1.75.0's all-in-one (tests/tools/jaeger, in-memory
 * storage), both built by `npm run build:test-tools` into .build/tools/.
 *
 * `otelcol validate` accepts the demo config (and refuses a broken copy). Then the collector runs a
 * copy of that config whose only changes are the addresses (its receiver and health check on free
 * ports of 127.0.0.1, Jaeger and the ingest on theirs), between the demo workload (in-process,
 * exporting OTLP/HTTP to it), Jaeger and the ingest (in-process, on a throwaway MariaDB). Jaeger's
 * HTTP API, queried as the Service Health page's trace search queries it, must show the workload's
 * service and operations, about half of its traces (the sampler), each whole, and no attribute that
 * names a prompt, a message, content, an e-mail or a user, nor any value with an '@' (the scrub);
 * the ledger must hold every model call the workload made (the ingest's pipeline is not sampled).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startIngest, type IngestService } from '../../ingest/service';
import { REPO_ROOT } from '../../src/provisioning/provisioningFiles';
import { NGINX_SERVICE, requestSpans } from '../../tools/workload/otlp';
import type { SimRequest } from '../../tools/workload/scenario';
import { Workload } from '../../tools/workload/workload';
import { startDatabase, type TestDatabase } from '../db/mariadb';
import { eventually } from './host';
import { ingestConfig, prepareLedger } from './ingest/setup';
import {
  JAEGER,
  OTELCOL,
  freePort,
  requireTool,
  sleep,
  startJaeger,
  startProcess,
  stopProcess,
  waitReady,
  type RunningJaeger,
} from './observability';

const DEMO_CONFIG = join(REPO_ROOT, 'deploy', 'otel-collector', 'config.yaml');
/** The ingest key bound to no tenant (tests/integration/ingest/setup.ts), as the demo key is. */
const INGEST_KEY = 'key-any';
const SERVICE = 'ragflow';
/** The Service Health page's search: traces of the configured service (serviceHealthQueries.ts). */
const STEPS = 400;
/** Any attribute key the scrub must have removed (deploy/otel-collector/config.yaml). */
const SCRUBBED_KEY = /prompt|message|content|e-?mail|user/i;

/** The demo config with local addresses in place of the compose network's; nothing else changed. */
function localCollectorConfig(
  demo: string,
  ports: { otlp: number; health: number; jaeger: number; ingest: number }
): string {
  const replacements: Array<[string, string]> = [
    ['endpoint: 0.0.0.0:4318', `endpoint: 127.0.0.1:${ports.otlp}`],
    ['endpoint: 0.0.0.0:13133', `endpoint: 127.0.0.1:${ports.health}`],
    ['endpoint: jaeger:4317', `endpoint: 127.0.0.1:${ports.jaeger}`],
    ['endpoint: http://ingest:4318', `endpoint: http://127.0.0.1:${ports.ingest}`],
  ];
  let config = demo;
  for (const [from, to] of replacements) {
    const count = config.split(from).length - 1;
    if (count !== 1) {
      throw new Error(`deploy/otel-collector/config.yaml: expected "${from}" once, found it ${count} times`);
    }
    config = config.replace(from, to);
  }
  return config;
}

interface JaegerKeyValue {
  key: string;
  type: string;
  value: unknown;
}
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  tags: JaegerKeyValue[];
  logs: Array<{ fields: JaegerKeyValue[] }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerKeyValue[] }>;
}

describe('the OpenTelemetry collector between the workload, Jaeger and the ingest', () => {
  let dir: string;

  beforeAll(() => {
    requireTool(OTELCOL, 'the OpenTelemetry collector, tests/tools/otelcol');
    requireTool(JAEGER, 'Jaeger v1.75.0, tests/tools/jaeger');
    dir = mkdtempSync(join(tmpdir(), 'llmops-collector-'));
  });

  afterAll(() => {
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates the demo config, and refuses a broken copy', () => {
    const env = { ...process.env, LLMOPS_INGEST_KEY: INGEST_KEY };
    const ok = spawnSync(OTELCOL, ['validate', '--config', DEMO_CONFIG], { env, encoding: 'utf8' });
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });

    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(DEMO_CONFIG, 'utf8').replace('sampling_percentage: 50', 'sampling_percentage: fifty')
    );
    const bad = spawnSync(OTELCOL, ['validate', '--config', broken], { env, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/sampling_percentage/);
  });

  describe('running', () => {
    let db: TestDatabase;
    let conn: Connection;
    let ingest: IngestService;
    let jaeger: RunningJaeger | undefined;
    let collector: ChildProcess | undefined;
    let jaegerUrl: string;
    let otlpUrl: string;
    const collectorLogs: string[] = [];

    beforeAll(async () => {
      db = await startDatabase();
      conn = await db.connect();
      await prepareLedger(conn);
      ingest = await startIngest(ingestConfig(db), () => undefined);
      const ingestPort = (ingest.server.address() as AddressInfo).port;

      jaeger = await startJaeger(dir);
      jaegerUrl = jaeger.url;

      const cp = { otlp: await freePort(), health: await freePort(), jaeger: jaeger.ports.otlp, ingest: ingestPort };
      const collectorFile = join(dir, 'otel-collector.yaml');
      writeFileSync(collectorFile, localCollectorConfig(readFileSync(DEMO_CONFIG, 'utf8'), cp));
      // Its own metrics off (they would listen on :8888); the file's pipelines are untouched.
      collector = startProcess(
        OTELCOL,
        ['--config', collectorFile, '--set', 'service.telemetry.metrics.level=none'],
        { LLMOPS_INGEST_KEY: INGEST_KEY },
        collectorLogs
      );
      otlpUrl = `http://127.0.0.1:${cp.otlp}/v1/traces`;
      await waitReady(`http://127.0.0.1:${cp.health}/`, collector, collectorLogs, 'otelcol');
    }, 90_000);

    afterAll(async () => {
      await stopProcess(collector);
      await stopProcess(jaeger?.child);
      await ingest?.stop();
      await conn?.end();
      await db?.stop();
    });

    async function jaegerGet<T>(path: string): Promise<T> {
      const res = await fetch(`${jaegerUrl}${path}`);
      const body = (await res.json()) as { data: T; errors: unknown };
      if (!res.ok || body.errors) {
        throw new Error(`jaeger ${path}: ${res.status} ${JSON.stringify(body.errors)}`);
      }
      return body.data;
    }

    function searchPath(service: string, startMs: number, endMs: number): string {
      const q = new URLSearchParams({
        service,
        start: String(startMs * 1000),
        end: String(endMs * 1000),
        limit: '2000',
      });
      return `/api/traces?${q}`;
    }

    it('sends a sample of whole, scrubbed traces to Jaeger, and every model call to the ledger', async () => {
      const warnings: string[] = [];
      const workload = new Workload({
        seed: 'collector',
        rps: 100,
        serviceName: SERVICE,
        processMetrics: false,
        out: () => {},
        otlpUrl,
        warn: (t) => warnings.push(t),
      });
      const end = Date.now();
      const start = end - STEPS * 100;
      const reqs: SimRequest[] = [];
      for (let i = 0; i < STEPS; i++) {
        reqs.push(workload.step(start + i * 100));
      }
      await workload.stop();
      expect(warnings).toEqual([]);
      expect(workload.exporter!.failures).toBe(0);
      const usage = reqs.flatMap((r) => r.usage);
      expect(usage.length).toBeGreaterThan(100);
      // The workload does send user ids: the scrub has something to remove.
      expect(usage.some((u) => u.userId)).toBe(true);

      // A few traces made to be scrubbed: content, e-mail and user keys, and addresses in values.
      const probes = 40;
      const probeStart = Date.now();
      const probeIds: string[] = [];
      const resourceSpans = [];
      for (let i = 0; i < probes; i++) {
        const traceId = `${'ab'.repeat(12)}${i.toString(16).padStart(8, '0')}`;
        probeIds.push(traceId);
        const nano = String(BigInt(probeStart + i) * 1_000_000n);
        resourceSpans.push({
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'scrub-probe' } },
              { key: 'owner.email', value: { stringValue: 'ops@example.com' } },
              { key: 'team.contact', value: { stringValue: 'ops-team@example.com' } },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: `${(i + 1).toString(16).padStart(16, '0')}`,
                  name: 'probe',
                  kind: 2,
                  startTimeUnixNano: nano,
                  endTimeUnixNano: String(BigInt(probeStart + i + 1) * 1_000_000n),
                  attributes: [
                    { key: 'gen_ai.prompt', value: { stringValue: 'what is my password?' } },
                    { key: 'gen_ai.input.messages', value: { stringValue: '[{"role":"user"}]' } },
                    { key: 'message.content', value: { stringValue: 'hello' } },
                    { key: 'user.id', value: { stringValue: 'u-1' } },
                    { key: 'enduser.email', value: { stringValue: 'alice@example.com' } },
                    { key: 'http.route', value: { stringValue: '/users/bob.smith+x@mail.example.org/profile' } },
                  ],
                  events: [
                    {
                      timeUnixNano: nano,
                      name: 'exception',
                      attributes: [
                        { key: 'exception.message', value: { stringValue: 'no such user carol@example.com' } },
                        { key: 'exception.type', value: { stringValue: 'KeyError for dave@example.com' } },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        });
      }
      const probeRes = await fetch(otlpUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ resourceSpans }),
      });
      expect(probeRes.status).toBe(200);
      await probeRes.arrayBuffer();

      // The ledger: every model call, once, with what the workload recorded (not sampled).
      const stored = await eventually(
        async () => {
          const [rows] = await conn.query<RowDataPacket[]>(
            'SELECT tenant_id, user_id, model_name, input_tokens, output_tokens, status, request_id FROM token_usage_log'
          );
          if (rows.length < usage.length) {
            throw new Error(`${rows.length} of ${usage.length} rows so far`);
          }
          return rows;
        },
        60_000,
        500
      );
      const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r));
      expect(stored.map((r) => key({ ...r })).sort()).toEqual(
        usage
          .map((u) =>
            key({
              tenant_id: u.tenantId,
              user_id: u.userId,
              model_name: u.modelName,
              input_tokens: u.inputTokens,
              output_tokens: u.outputTokens,
              status: u.status,
              request_id: u.requestId,
            })
          )
          .sort()
      );

      // Jaeger: the sampled traces, read once their number stops growing.
      const sent = new Map(reqs.map((r) => [r.traceId, requestSpans(r, SERVICE)]));
      let traces: JaegerTrace[] = [];
      let stableSince = Date.now();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const now = await jaegerGet<JaegerTrace[]>(searchPath(SERVICE, start - 60_000, Date.now() + 60_000));
        const spans = (t: JaegerTrace[]) => t.reduce((n, x) => n + x.spans.length, 0);
        if (now.length === 0 || spans(now) !== spans(traces)) {
          traces = now;
          stableSince = Date.now();
        } else if (Date.now() - stableSince >= 5000) {
          break;
        }
        await sleep(500);
      }
      expect(traces.length).toBeGreaterThan(0);

      // Half of the traces (sampling by trace id); this bound is many standard deviations wide.
      const ids = traces.map((t) => t.traceID);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) {
        expect(sent.has(id)).toBe(true);
      }
      const share = ids.length / sent.size;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.7);

      // Each kept trace whole: every span of both services, under the operation names sent.
      for (const t of traces) {
        const bySvc = sent.get(t.traceID)!;
        const expected = [...bySvc].flatMap(([svc, spans]) => spans.map((s) => `${svc} ${s.name}`)).sort();
        const got = t.spans.map((s) => `${t.processes[s.processID]!.serviceName} ${s.operationName}`).sort();
        expect(got).toEqual(expected);
      }

      // The service and its operations, as Jaeger lists them.
      const services = await jaegerGet<string[]>('/api/services');
      expect(services).toEqual(expect.arrayContaining([SERVICE, NGINX_SERVICE, 'scrub-probe']));
      const operations = await jaegerGet<string[]>(`/api/services/${SERVICE}/operations`);
      const keptOperations = new Set(
        traces.flatMap((t) =>
          sent
            .get(t.traceID)!
            .get(SERVICE)!
            .map((s) => s.name)
        )
      );
      expect([...operations].sort()).toEqual([...keptOperations].sort());
      expect(operations.some((o) => /^(chat|embeddings|rerank) /.test(o))).toBe(true);

      // The probes: some kept (40 traces at 50 %), none with a key or a value the scrub removes.
      const probeTraces = await jaegerGet<JaegerTrace[]>(
        searchPath('scrub-probe', probeStart - 60_000, Date.now() + 60_000)
      );
      expect(probeTraces.length).toBeGreaterThan(0);
      for (const t of probeTraces) {
        expect(probeIds).toContain(t.traceID);
      }
      const probeTags = probeTraces.flatMap((t) => t.spans.flatMap((s) => s.tags.map((kv) => kv.key)));
      expect(probeTags).toContain('http.route');
      const probeRoutes = probeTraces.flatMap((t) =>
        t.spans.flatMap((s) => s.tags.filter((kv) => kv.key === 'http.route').map((kv) => kv.value))
      );
      expect(new Set(probeRoutes)).toEqual(new Set(['/users/[email]/profile']));

      const all = [...traces, ...probeTraces];
      const attributes: JaegerKeyValue[] = all.flatMap((t) => [
        ...Object.values(t.processes).flatMap((p) => p.tags),
        ...t.spans.flatMap((s) => [...s.tags, ...s.logs.flatMap((l) => l.fields)]),
      ]);
      expect(attributes.length).toBeGreaterThan(0);
      expect(attributes.filter((kv) => SCRUBBED_KEY.test(kv.key)).map((kv) => kv.key)).toEqual([]);
      expect(attributes.filter((kv) => String(kv.value).includes('@'))).toEqual([]);
      const jaegerWarnings = jaeger!.logs
        .join('')
        .split('\n')
        .filter((l) => /\t(error|warn)\t/.test(l) && !l.includes('ui assets'));
      expect(jaegerWarnings).toEqual([]);
      const collectorErrors = collectorLogs
        .join('')
        .split('\n')
        .filter((l) => /\terror\t/.test(l));
      expect(collectorErrors).toEqual([]);
    }, 180_000);
  });
});
