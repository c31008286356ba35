/**
 * The built executable (dist/datasource/gpx_ledger_linux_amd64) launched by the Go conformance
 * host, which uses grafana-plugin-sdk-go and hashicorp/go-plugin exactly as Grafana does. What
 * passes here is what Grafana sees: the SDK decodes our frames, go-plugin parses our logs.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import {
  eventually,
  Host,
  isAlive,
  ledger,
  PLUGIN_ID,
  provisioningYaml,
  query,
  socketDirOf,
  startHost,
  userHeaders,
} from './host';

describe('ledger backend through the conformance host', () => {
  let host: Host;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startDatabase();
    const conn = await db.connect();
    await applySchema(conn);
    await conn.end();
    host = await startHost({ yaml: provisioningYaml('integration test', db) });
  });

  afterAll(async () => {
    host?.cleanup();
    await db?.stop();
  });

  it('reports healthy', async () => {
    const res = await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/health`, { headers: userHeaders('Admin') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.status).toBe('OK');
    expect(body.message).toMatch(
      new RegExp(`^Connected to MySQL \\S+ at ${db.host}:${db.port}/${db.database} as ${db.user}\\.`)
    );
    expect(body.details).toMatchObject({
      description: 'integration test',
      version: expect.any(String),
      instance: expect.any(Number),
    });
  });

  it('answers a valid query and refuses a malformed one in the same request', async () => {
    const { status, body } = await query(host, [
      { refId: 'A', datasource: ledger, queryType: 'ping', rows: 5, message: 'hi' },
      { refId: 'B', datasource: ledger, queryType: 'ping', rows: 'ten' },
    ]);
    // Grafana answers 400 when any query failed; each query keeps its own status.
    expect(status).toBe(400);
    expect(body.results.A.status).toBe(200);
    expect(body.results.A.frames).toHaveLength(1);
    expect(body.results.B.status).toBe(400);
    expect(body.results.B.error).toMatch(/^invalid query: rows: /);
    expect(body.results.B.errorSource).toBe('plugin');
    expect(body.results.B.frames ?? []).toHaveLength(0);
  });

  it('sends Arrow frames that the SDK decodes to the exact names, types and values', async () => {
    const { status, formats, body } = await query(host, [
      { refId: 'A', datasource: ledger, queryType: 'ping', rows: 5, message: 'hi' },
    ]);
    expect(status).toBe(200);
    expect(formats).toBe('A=arrow');
    const frame = body.results.A.frames[0];
    expect(frame.schema.name).toBe('ping');
    expect(frame.schema.refId).toBe('A');
    expect(frame.schema.meta).toMatchObject({
      custom: { instance: expect.any(Number) },
      preferredVisualisationType: 'table',
    });
    expect(frame.schema.fields).toEqual([
      { name: 'time', type: 'time', typeInfo: { frame: 'time.Time' } },
      { name: 'value', type: 'number', typeInfo: { frame: 'float64' }, config: { unit: 'none' } },
      { name: 'message', type: 'string', typeInfo: { frame: 'string', nullable: true } },
      { name: 'ok', type: 'boolean', typeInfo: { frame: 'bool' } },
    ]);
    expect(frame.data.values).toEqual([
      [1700000000000, 1700000015000, 1700000030000, 1700000045000, 1700000060000],
      [0, 1.5, 3, 4.5, 6],
      ['hi 0', 'hi 1', null, 'hi 3', 'hi 4'],
      [true, false, true, false, true],
    ]);
  });

  it('sends JSON frames, labelled as JSON, when the request asks for JSON', async () => {
    const arrow = await query(host, [{ refId: 'A', datasource: ledger, queryType: 'ping', rows: 4 }]);
    const json = await query(host, [{ refId: 'A', datasource: ledger, queryType: 'ping', rows: 4 }], {
      format: 'json',
    });
    expect(json.status).toBe(200);
    expect(json.formats).toBe('A=json');
    expect(json.body.results.A.frames[0]).toEqual(arrow.body.results.A.frames[0]);
  });

  it('answers a resource call with the signed-in user from the request', async () => {
    const res = await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/resources/ping`, {
      headers: userHeaders('Viewer', 'vera'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ status: 'ok', uid: ledger.uid, user: { login: 'vera', role: 'Viewer' } });
  });

  it('answers an unknown resource with 404 and a JSON message', async () => {
    const res = await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/resources/nope`, { headers: userHeaders() });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'no resource at "nope"', code: 'resource.not_found' });
  });

  it('streams a resource response chunk by chunk', async () => {
    const res = await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/resources/stream?chunks=4&intervalMs=300`, {
      headers: userHeaders(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const reader = res.body!.getReader();
    const first = Buffer.from((await reader.read()).value!).toString();
    // The first read holds only the first chunk: the rest had not been produced yet, so the
    // host flushed each CallResource message as it came rather than buffering the whole body.
    expect(
      first
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).chunk)
    ).toEqual([1]);
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += Buffer.from(r.value).toString();
    }
    expect(
      rest
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).chunk)
    ).toEqual([2, 3, 4]);
  });

  it('stops producing a streamed resource when the caller goes away', async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${host.url}/api/datasources/uid/${ledger.uid}/resources/stream?chunks=100&intervalMs=200`,
      {
        headers: userHeaders(),
        signal: controller.signal,
      }
    );
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const line = await eventually(() => {
      const match = /resource call cancelled: .*chunksSent=(\d+)/.exec(host.logs());
      expect(match).not.toBeNull();
      return match!;
    });
    expect(Number(line[1])).toBeLessThan(100);
  });

  it('accepts requests over 4 MiB (grpc-js default) and refuses them per query', async () => {
    const { status, body } = await query(host, [
      { refId: 'A', datasource: ledger, queryType: 'ping', message: 'x'.repeat(6 * 1024 * 1024) },
      { refId: 'B', datasource: ledger, queryType: 'ping' },
    ]);
    expect(status).toBe(400);
    expect(body.results.A.error).toMatch(/^invalid query: message: Too big/);
    expect(body.results.B.status).toBe(200);
  });

  // hclog writes a line's fields in no fixed order: each field is matched on its own (lookaheads).
  it('names the alert rule in its logs when an alert rule runs the query', async () => {
    const res = await fetch(`${host.url}/api/ds/query`, {
      method: 'POST',
      headers: {
        ...userHeaders(),
        'X-Grafana-Alerting': 'true',
        'X-Rule-Uid': 'rule-42',
        'X-Rule-Name': 'Daily spend',
      },
      body: JSON.stringify({
        from: 'now-1h',
        to: 'now',
        queries: [{ refId: 'A', datasource: ledger, queryType: 'ping' }],
      }),
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(host.logs()).toMatch(/query data: (?=.*fromAlert=true)(?=.*ruleUid=rule-42)/));
  });

  it('serves its metrics in Prometheus text format', async () => {
    await query(host, [{ refId: 'A', datasource: ledger, queryType: 'ping' }]);
    const res = await fetch(`${host.url}/metrics/plugins/${PLUGIN_ID}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^ledger_queries_total\{query_type="ping",status="200"\} [1-9]\d*$/m);
    expect(text).toMatch(/^ledger_queries_total\{query_type="ping",status="400"\} [1-9]\d*$/m);
    expect(text).toContain('# TYPE ledger_query_duration_seconds histogram');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^ledger_datasource_instances 1$/m);
  });

  it('logs through go-plugin as leveled lines, never as unparsed JSON', async () => {
    const logs = host.logs();
    expect(logs).toMatch(/\[INFO\] +plugin\.llmops-ledger-datasource: plugin started: /);
    // The executable's V8 code cache was made by the same binary, so V8 accepts it.
    expect(logs).toMatch(/plugin started: .*codeCache=accepted/);
    expect(logs).toMatch(/\[DEBUG\] +plugin\.llmops-ledger-datasource: query refused: /);
    // go-plugin falls back to printing the raw line when it cannot parse our JSON.
    expect(logs).not.toContain('{"@level"');
  });

  it('builds a new datasource instance when the settings change, and disposes the old one', async () => {
    const ping = async () =>
      (
        (await (
          await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/resources/ping`, { headers: userHeaders() })
        ).json()) as any
      ).instance;
    const before = await ping();
    expect(await ping()).toBe(before);
    writeFileSync(host.provisioningFile, provisioningYaml('changed', db));
    const reload = await fetch(`${host.url}/api/admin/provisioning/datasources/reload`, {
      method: 'POST',
      headers: userHeaders(),
    });
    expect(reload.status).toBe(200);
    const after = await ping();
    expect(after).not.toBe(before);
    const health = (await (
      await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/health`, { headers: userHeaders() })
    ).json()) as any;
    expect(health.details).toMatchObject({ description: 'changed', instance: after });
    await eventually(
      () => expect(host.logs()).toMatch(new RegExp(`datasource instance disposed: .*instance=${before}\\b`)),
      15000
    );
  });

  it('stops cleanly when the host stops it, leaving no process behind', async () => {
    const pid = host.pluginPid;
    const socketDir = socketDirOf(host.logs());
    expect(isAlive(pid)).toBe(true);
    const stopped = await host.stop();
    expect(stopped.plugins).toEqual([expect.objectContaining({ id: PLUGIN_ID, pid, graceful: true })]);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(socketDir)).toBe(false);
    expect(host.logs()).toMatch(/plugin stopped: .*reason=GRPCController\/Shutdown/);
  });
});
