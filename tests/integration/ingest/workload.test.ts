/**
 * The demo stack's path without Docker: the demo workload sends its model-call spans over OTLP/HTTP
 * and its audit events to the write API, the ingest writes them as the ledger_ingest user, and the
 * datasource (through the Go host, as Grafana queries it) reports exactly what the workload did.
 */
import type { AddressInfo } from 'node:net';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startIngest, type IngestService } from '../../../ingest/service';
import { IngestAuditSender } from '../../../tools/workload/ingestAudit';
import type { SimRequest } from '../../../tools/workload/scenario';
import { Workload } from '../../../tools/workload/workload';
import { startDatabase, type TestDatabase } from '../../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, type Host } from '../host';
import { applyTemplate, RO } from '../rollupSetup';
import { ingestConfig, prepareLedger } from './setup';

describe('the demo workload through the ingest', () => {
  let db: TestDatabase;
  let conn: Connection;
  let service: IngestService;
  let host: Host;
  let url: string;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await prepareLedger(conn);
    await applyTemplate(conn, '002_readonly_user.sql', '__LEDGER_RO_PASSWORD__', RO.password);
    // As in the demo stack, the spans' tenant.id names the tenant (the collector holds the key there).
    service = await startIngest(ingestConfig(db, ['--allow-unauthenticated']), () => undefined);
    url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
    host = await startHost({ yaml: datasourcesYaml([ledgerDatasource('ledger', { ...db, ...RO })]) });
  });

  afterAll(async () => {
    host?.cleanup();
    await service?.stop();
    await conn?.end();
    await db?.stop();
  });

  it('fills the ledger with what the workload did, and the datasource reports it', async () => {
    const warnings: string[] = [];
    const workload = new Workload({
      seed: 'ingest',
      rps: 100,
      serviceName: 'ragflow',
      processMetrics: false,
      out: () => {},
      otlpUrl: `${url}/v1/traces`,
      ingestAudit: new IngestAuditSender(url, 'key-any', (t) => warnings.push(t)),
      warn: (t) => warnings.push(t),
    });
    const start = Date.now() - 2 * 3_600_000;
    const reqs: SimRequest[] = [];
    for (let i = 0; i < 300; i++) {
      reqs.push(workload.step(start + i * 250));
    }
    await workload.stop();
    expect(warnings).toEqual([]);
    const usage = reqs.flatMap((r) => r.usage);
    const audit = reqs.flatMap((r) => r.audit);
    expect(usage.length).toBeGreaterThan(200);
    expect(audit.length).toBeGreaterThan(5);

    // Every call once, with its tenant, user, model, tokens, cost and outcome.
    const [rows] = await conn.query<RowDataPacket[]>(
      'SELECT tenant_id, user_id, model_name, model_type, input_tokens, output_tokens, cached_tokens, reasoning_tokens, cost, status, conversation_id, request_id FROM token_usage_log'
    );
    const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r));
    const stored = rows.map((r) => key({ ...r, cost: r.cost === null ? null : Number(r.cost).toFixed(8) })).sort();
    const sent = usage
      .map((u) =>
        key({
          tenant_id: u.tenantId,
          user_id: u.userId,
          model_name: u.modelName,
          model_type: u.modelType,
          input_tokens: u.inputTokens,
          output_tokens: u.outputTokens,
          cached_tokens: u.cachedTokens,
          reasoning_tokens: u.reasoningTokens,
          cost: u.cost === null ? null : u.cost.toFixed(8),
          status: u.status,
          conversation_id: u.conversationId,
          request_id: u.requestId,
        })
      )
      .sort();
    expect(stored).toEqual(sent);

    const [[a]] = await conn.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n, SUM(details LIKE '%@%') AS emails FROM audit_log"
    );
    expect(Number(a!.n)).toBe(audit.length);
    expect(Number(a!.emails)).toBe(0);

    // The Cost page's breakdown by model equals the workload's own sums.
    const r = await queryOne(
      host,
      'ledger',
      { queryType: 'costBreakdown', groupBy: 'model' },
      { from: start - 60_000, to: Date.now() }
    );
    expect(r.status).toBe(200);
    const [names, , , input, output, requests] = [
      'model',
      'cost',
      'estimated cost',
      'input tokens',
      'output tokens',
      'requests',
    ].map(
      (name) => r.frames[0].data.values[r.frames[0].schema.fields.findIndex((f: { name: string }) => f.name === name)]
    );
    const byModel = new Map<string, { input: number; output: number; requests: number }>();
    for (const u of usage) {
      const m = byModel.get(u.modelName) ?? { input: 0, output: 0, requests: 0 };
      m.input += u.inputTokens;
      m.output += u.outputTokens;
      m.requests += 1;
      byModel.set(u.modelName, m);
    }
    const reported = new Map(
      (names as string[]).map((n, i) => [
        n,
        { input: Number(input[i]), output: Number(output[i]), requests: Number(requests[i]) },
      ])
    );
    expect(reported).toEqual(byModel);
  });
});
