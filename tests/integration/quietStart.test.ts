/**
 * A healthy plugin is quiet: Grafana shows every line a plugin writes on stderr in its own log, at
 * the level the line carries (a line that is not JSON is Node's own, such as "(node:…) Warning: …",
 * and reads as a fault). Starting, a health check that passes and one query of every type against a
 * healthy MariaDB must write nothing at warn or error level, and nothing that is not one of our
 * JSON log lines. The host hands the plugin's stderr over verbatim (`--plugin-stderr`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatabase, type TestDatabase } from '../db/mariadb';
import { seed } from '../../tools/seed';
import { QUERY_TYPES } from '../../src/shared/queryTypes';
import { datasourcesYaml, ledgerDatasource, query, startHost, userHeaders, type Host } from './host';

const END = Date.UTC(2026, 10, 1);
const DAYS = 14;
const FROM = END - DAYS * 24 * 3600 * 1000;

/** One query of each type, as a panel would send it. */
const QUERIES: Array<{ queryType: (typeof QUERY_TYPES)[number] } & Record<string, unknown>> = [
  { queryType: 'costTimeSeries' },
  { queryType: 'costBreakdown', groupBy: 'tenant' },
  { queryType: 'costTotals' },
  { queryType: 'unpricedModels' },
  { queryType: 'costTopCalls' },
  { queryType: 'budget' },
  { queryType: 'spendSpikes' },
  { queryType: 'auditEvents' },
  { queryType: 'auditCounts' },
  { queryType: 'auditVerify' },
  { queryType: 'auditTrailState' },
  { queryType: 'variableValues', variable: 'models' },
  { queryType: 'ping' },
];

interface StderrLine {
  text: string;
  level?: string;
}

function parse(text: string): StderrLine {
  try {
    const entry = JSON.parse(text) as { '@level'?: unknown };
    return { text, level: typeof entry['@level'] === 'string' ? entry['@level'] : undefined };
  } catch {
    return { text };
  }
}

describe('a healthy start is quiet', () => {
  let db: TestDatabase;
  let host: Host | undefined;
  let dir: string;
  let stderrFile: string;

  beforeAll(async () => {
    db = await startDatabase();
    const conn = await db.connect();
    await seed({
      connection: conn,
      rows: 5_000,
      seed: 7,
      end: new Date(END),
      days: DAYS,
      auditRows: 300,
      schema: true,
    });
    // The read-only user the README asks for: SELECT on the ledger, nothing else.
    await conn.query("CREATE USER 'ledger_ro'@'%' IDENTIFIED BY 'ro-pass'");
    await conn.query(`GRANT SELECT ON \`${db.database}\`.* TO 'ledger_ro'@'%'`);
    await conn.end();
    dir = mkdtempSync(join(tmpdir(), 'ledger-quiet-'));
    stderrFile = join(dir, 'plugin-stderr.log');
  });

  afterAll(async () => {
    host?.cleanup();
    rmSync(dir, { recursive: true, force: true });
    await db?.stop();
  });

  it('covers every query type', () => {
    expect(QUERIES.map((q) => q.queryType).sort()).toEqual([...QUERY_TYPES].sort());
  });

  it('writes no warn or error line, and no line that is not JSON, from start to shutdown', async () => {
    host = await startHost({
      yaml: datasourcesYaml([ledgerDatasource('ledger', { ...db, user: 'ledger_ro', password: 'ro-pass' })]),
      args: ['--plugin-stderr', stderrFile],
    });

    const health = await fetch(`${host.url}/api/datasources/uid/ledger/health`, { headers: userHeaders('Admin') });
    const body = (await health.json()) as { status: string; message: string };
    expect({ http: health.status, status: body.status }).toEqual({ http: 200, status: 'OK' });

    const { status, body: answer } = await query(
      host,
      QUERIES.map((q, i) => ({ refId: `Q${i}`, datasource: { uid: 'ledger' }, ...q })),
      { role: 'Admin', from: FROM, to: END - 1 }
    );
    expect(status).toBe(200);
    const results = answer.results as Record<string, { status?: number; error?: string; frames?: unknown[] }>;
    for (const [i, q] of QUERIES.entries()) {
      const result = results[`Q${i}`];
      expect({ queryType: q.queryType, error: result.error }).toEqual({ queryType: q.queryType, error: undefined });
      expect(result.frames?.length).toBeGreaterThan(0);
    }

    await host.stop();
    const lines = readFileSync(stderrFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(parse);
    // The plugin did log (start-up, the health check, the queries): the file is the real stream.
    expect(lines.filter((l) => l.level === 'debug' || l.level === 'info').length).toBeGreaterThan(3);
    const loud = lines.filter((l) => l.level === undefined || l.level === 'warn' || l.level === 'error');
    expect(loud.map((l) => l.text)).toEqual([]);
  });
});
