/**
 * The most expensive calls from a real MariaDB through the host. Every answer is checked against a
 * reference computed here in JavaScript from the inserted rows and hand-written price intervals:
 * stored costs, costs estimated from the effective-dated price list, and calls of a model without
 * any price (no cost, listed last). Also: the limit, the filters, a pinned tenant, the personal-data
 * role, both time axes, and a usage table without the trace columns, before and after
 * schema/mysql/005_trace_columns.sql.
 */
import { createConnection, type Connection } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost, userHeaders, utc, type Host, type Role } from './host';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 9, 1);
const DAYS = 20;
const END = START + DAYS * DAY - 1;
const PRICE_CHANGE = '2026-10-11';
const PRICE_CHANGE_MS = Date.UTC(2026, 9, 11);
// gpt-4o is in the built-in catalog (2.5 / 10 per million); the datasource overrides it from Oct 11.
const OVERRIDE = { model: 'gpt-4o', effectiveFrom: PRICE_CHANGE, inputPerMillion: 2, outputPerMillion: 8 };
// "house-model" has a price only in the datasource; "mystery-llm" has none anywhere.
const HOUSE = { model: 'house-model', effectiveFrom: '2026-01-01', inputPerMillion: 1, outputPerMillion: 3 };
const PRICES = [OVERRIDE, HOUSE];
const MODELS = ['gpt-4o', 'claude-3-5-haiku-20241022', 'house-model', 'mystery-llm'];
const TENANTS = ['t1', 't2', 't3'];
const USERS = [
  'ana@example.com',
  'bob@example.org',
  '3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d',
  '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
];

/** The reference price intervals, written by hand: [model key, from, to, input, output per million]. */
const REF_PRICES: Array<[string, number, number, number, number]> = [
  ['gpt-4o', 0, PRICE_CHANGE_MS, 2.5, 10],
  ['gpt-4o', PRICE_CHANGE_MS, Infinity, 2, 8],
  ['claude-3-5-haiku-20241022', 0, Infinity, 0.8, 4],
  ['house-model', Date.UTC(2026, 0, 1), Infinity, 1, 3],
];

interface Call {
  id: string;
  user: string | null;
  tenant: string;
  model: string;
  input: number;
  output: number;
  stored: number | null;
  at: number;
  trace: string | null;
  span: string | null;
}

const hex = (n: number, length: number) => n.toString(16).padStart(length, '0');

function calls(): Call[] {
  const out: Call[] = [];
  for (let i = 0; i < 600; i++) {
    const model = MODELS[i % MODELS.length];
    const input = 100 + ((i * 37) % 5000);
    const output = 20 + ((i * 11) % 2000);
    // A third of the priced models' calls have a stored cost; the rest are priced at query time.
    const stored = model !== 'mystery-llm' && i % 3 === 0 ? Number(((input * 3 + output * 12) / 1e6).toFixed(8)) : null;
    out.push({
      id: `r${String(i).padStart(4, '0')}`,
      // Blocks of four calls per user, so that every user calls every model.
      user: USERS[Math.floor(i / 4) % USERS.length],
      tenant: TENANTS[i % TENANTS.length],
      model: i % 10 === 0 ? `${model}@Factory` : model,
      input,
      output,
      stored,
      at: START + Math.floor((i * DAYS * DAY) / 600) + (i % 7) * 1000,
      // Every fifth call has no trace (a writer that does not know it).
      trace: i % 5 === 0 ? null : hex(0x4bf92f35 * (i + 1), 32),
      span: i % 5 === 0 ? null : hex(i + 1, 16),
    });
  }
  const at = START + 5 * DAY;
  out.push(
    // The most expensive: ties on cost are ordered by time (latest first), then by id.
    { ...out[3], id: 'tie-b', stored: 5, at, trace: hex(0xb, 32), span: hex(0xb, 16) },
    { ...out[3], id: 'tie-a', stored: 5, at, trace: hex(0xa, 32), span: hex(0xa, 16) },
    { ...out[3], id: 'tie-later', stored: 5, at: at + 1000, trace: hex(0xc, 32), span: hex(0xc, 16) },
    // Two million tokens of house-model stored without a cost: priced at query time, near the top.
    { ...out[2], id: 'big-estimate', input: 2_000_000, output: 100_000, stored: null, trace: hex(0xd, 32) },
    // As many tokens of a model without a price: no cost, so never above a priced call.
    { ...out[3], id: 'big-unpriced', model: 'mystery-llm', input: 3_000_000, stored: null, trace: hex(0xe, 32) }
  );
  return out;
}

const CALLS = calls();

/** The reference: each call's cost (stored, else its interval's price, else none), sorted as the panel lists them. */
function expectedTop(
  limit: number,
  keep: (c: Call) => boolean = () => true,
  range = { from: START, to: END }
): Array<Call & { cost: number | null }> {
  const key = (model: string) => model.split('@')[0].split('/').pop()!.toLowerCase();
  const priced = CALLS.filter((c) => c.at >= range.from && c.at <= range.to && keep(c)).map((c) => {
    const price = REF_PRICES.find(([m, from, to]) => m === key(c.model) && c.at >= from && c.at < to);
    const estimate = price ? (c.input * price[3] + c.output * price[4]) / 1e6 : null;
    return { ...c, cost: c.stored ?? estimate };
  });
  priced.sort(
    (a, b) => (b.cost ?? -Infinity) - (a.cost ?? -Infinity) || b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
  return priced.slice(0, limit);
}

describe('most expensive calls', () => {
  let db: TestDatabase;
  let conn: Connection;
  let legacyConn: Connection;
  let host: Host;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    await conn.query(
      'INSERT INTO token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time, trace_id, span_id) VALUES ?',
      [
        CALLS.map((c) => [
          c.id,
          c.user,
          c.tenant,
          c.model,
          c.input,
          c.output,
          c.stored,
          utc(c.at),
          c.at,
          c.trace,
          c.span,
        ]),
      ]
    );
    // A ledger made before the trace columns existed: the same calls in a table without them.
    await conn.query('CREATE DATABASE legacy');
    await conn.query('CREATE TABLE legacy.token_usage_log LIKE token_usage_log');
    await conn.query('CREATE TABLE legacy.audit_log LIKE audit_log');
    await conn.query(
      'ALTER TABLE legacy.token_usage_log DROP INDEX idx_tul_trace, DROP COLUMN trace_id, DROP COLUMN span_id, DROP COLUMN parent_span_id'
    );
    await conn.query(
      'INSERT INTO legacy.token_usage_log (id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time) ' +
        'SELECT id, user_id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`, create_time FROM token_usage_log'
    );
    legacyConn = await createConnection({ ...db.options, database: 'legacy' });
    const legacy = { ...db, database: 'legacy' };
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('calls', db, { prices: PRICES }),
        ledgerDatasource('calls-ms', db, { prices: PRICES, timeAxis: 'create_time' }),
        ledgerDatasource('pinned', db, { prices: PRICES, pinnedTenant: 't2' }),
        ledgerDatasource('legacy', legacy, { prices: PRICES }),
        ledgerDatasource('three-rows', db, { prices: PRICES, maxRows: 3 }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await legacyConn?.end();
    await conn?.end();
    await db?.stop();
  });

  const run = (uid: string, q: object = {}, role: Role = 'Admin', range = { from: START, to: END }) =>
    queryOne(host, uid, { queryType: 'costTopCalls', ...q }, { role, ...range });

  /** The frame's rows as objects keyed by field name. */
  function rowsOf(result: any): Array<Record<string, any>> {
    expect(result.status).toBe(200);
    const frame = result.frames[0];
    const names: string[] = frame.schema.fields.map((f: any) => f.name);
    const values: unknown[][] = frame.data.values;
    return (values[0] ?? []).map((_, row) => Object.fromEntries(names.map((n, i) => [n, values[i][row]])));
  }

  /** The answer matches the reference call for call: who, what, when, trace, and the cost to the micro-dollar. */
  function expectCalls(result: any, expected: ReturnType<typeof expectedTop>, traces = true) {
    const rows = rowsOf(result);
    expect(rows.map((r) => [r.time, r.tenant, r.user, r.model, r['input tokens'], r['output tokens']])).toEqual(
      expected.map((c) => [c.at, c.tenant, c.user, c.model, c.input, c.output])
    );
    expect(rows.map((r) => [r['trace id'], r['span id']])).toEqual(
      expected.map((c) => (traces ? [c.trace, c.span] : [null, null]))
    );
    rows.forEach((r, i) => {
      const cost = expected[i].cost;
      if (cost === null) {
        expect(r.cost).toBeNull();
      } else {
        expect(r.cost).toBeCloseTo(cost, 6);
      }
    });
  }

  it('lists the 20 most expensive calls by default, with their traces, as the reference does', async () => {
    const result = await run('calls');
    const expected = expectedTop(20);
    expect(expected).toHaveLength(20);
    expectCalls(result, expected);
    // The reference's top includes the ties, a call priced at query time, and calls of both prices of gpt-4o.
    expect(expected.slice(0, 4).map((c) => c.id)).toEqual(['tie-later', 'tie-a', 'tie-b', 'big-estimate']);
    expect(expected.some((c) => c.id === 'big-unpriced')).toBe(false);
    expect(result.frames[0].schema.meta.notices).toBeUndefined();
  });

  it.each([1, 5, 100])('keeps the limit: %i calls', async (limit) => {
    expectCalls(await run('calls', { limit }), expectedTop(limit));
  });

  it('prices calls stored without a cost by the price of their day', async () => {
    const keep = (c: Call) => c.model === 'gpt-4o' && c.stored === null;
    const expected = expectedTop(100, keep);
    // Both of gpt-4o's prices are in the answer: the catalog's before Oct 11, the datasource's after.
    expect(expected.some((c) => c.at < PRICE_CHANGE_MS)).toBe(true);
    expect(expected.some((c) => c.at >= PRICE_CHANGE_MS)).toBe(true);
    const gpt = (c: Call) => c.model === 'gpt-4o';
    expectCalls(await run('calls', { models: ['gpt-4o'], limit: 100 }), expectedTop(100, gpt));
    // Fewer calls than have a stored cost: the estimated ones must still compete with the stored ones.
    const top = expectedTop(30, gpt);
    expect(CALLS.filter((c) => gpt(c) && c.stored !== null).length).toBeGreaterThan(30);
    expect(top.filter((c) => c.stored === null).length).toBeGreaterThan(5);
    expectCalls(await run('calls', { models: ['gpt-4o'], limit: 30 }), top);
  });

  it('refuses a limit over 100, naming the field', async () => {
    const result = await run('calls', { limit: 101 });
    expect(result.status).toBe(400);
    expect(result.error).toMatch(/^invalid query: limit: Too big/);
  });

  it('never answers more than the datasource’s max rows', async () => {
    expectCalls(await run('three-rows', { limit: 50 }), expectedTop(3));
  });

  it.each<[string, object, (c: Call) => boolean]>([
    ['a tenant', { tenants: ['t1'] }, (c) => c.tenant === 't1'],
    ['two users', { users: ['ana@example.com', USERS[2]] }, (c) => c.user === USERS[0] || c.user === USERS[2]],
    ['a model as stored', { models: ['house-model@Factory'] }, (c) => c.model === 'house-model@Factory'],
    [
      'all three',
      { tenants: ['t1', 't3'], users: [USERS[3]], models: ['gpt-4o', 'claude-3-5-haiku-20241022'] },
      (c) =>
        ['t1', 't3'].includes(c.tenant) &&
        c.user === USERS[3] &&
        ['gpt-4o', 'claude-3-5-haiku-20241022'].includes(c.model),
    ],
  ])('filters by %s as the other cost queries do', async (_label, filters, keep) => {
    const expected = expectedTop(10, keep);
    expect(expected.length).toBeGreaterThan(0);
    expectCalls(await run('calls', { ...filters, limit: 10 }), expected);
  });

  it('lists calls of a model without a price last, without a cost, when the limit reaches them', async () => {
    const range = { from: START + 2 * DAY, to: START + 4 * DAY };
    const keep = (c: Call) => c.model === 'mystery-llm' || c.model === 'gpt-4o';
    const expected = expectedTop(100, keep, range);
    const unpriced = expected.filter((c) => c.cost === null).length;
    expect(unpriced).toBeGreaterThan(0);
    expect(expected.slice(-unpriced).every((c) => c.cost === null)).toBe(true);
    const result = await run('calls', { models: ['mystery-llm', 'gpt-4o'], limit: 100 }, 'Admin', range);
    expectCalls(result, expected);
    expect(result.frames[0].schema.meta.notices).toEqual([
      {
        severity: 'warning',
        text: `${unpriced} of these calls are of models without a price: they have no cost and are listed last.`,
      },
    ]);
  });

  it('reads the create_time axis the same way', async () => {
    expectCalls(await run('calls-ms', { limit: 30 }), expectedTop(30));
  });

  it('keeps a pinned datasource to its tenant whatever the panel asked', async () => {
    expect(rowsOf(await run('pinned', { tenants: ['t1', 't3'] }))).toEqual([]);
    expectCalls(
      await run('pinned'),
      expectedTop(20, (c) => c.tenant === 't2')
    );
  });

  it.each<[Role, boolean]>([
    ['Viewer', false],
    ['Editor', false],
    ['Admin', true],
  ])('answers a %s, with e-mail addresses shown only to the personal-data role', async (role, pii) => {
    const rows = rowsOf(await run('calls', { limit: 100 }, role));
    const expected = expectedTop(100);
    const shown = (user: string | null) => (pii || !user?.includes('@') ? user : '[EMAIL]');
    expect(rows.map((r) => r.user)).toEqual(expected.map((c) => shown(c.user)));
    expect(rows.map((r) => r.tenant)).toEqual(expected.map((c) => c.tenant));
  });

  it('answers from a table without the trace columns with the same frame, its ids null, and says how to add them', async () => {
    const result = await run('legacy');
    expectCalls(result, expectedTop(20), false);
    const frame = result.frames[0];
    expect(frame.schema.fields.map((f: any) => f.name)).toEqual([
      'time',
      'tenant',
      'user',
      'model',
      'input tokens',
      'output tokens',
      'cost',
      'trace id',
      'span id',
    ]);
    expect(frame.schema.meta.notices).toEqual([
      {
        severity: 'info',
        text: 'The usage table has no trace_id and span_id columns: apply schema/mysql/005_trace_columns.sql to link calls to their traces.',
      },
    ]);
  });

  it('links calls to traces once the migration is applied and "Save & test" has seen it', async () => {
    await applySchema(legacyConn, '005_trace_columns.sql');
    await legacyConn.query(
      `UPDATE token_usage_log l JOIN \`${db.database}\`.token_usage_log t ON t.id = l.id SET l.trace_id = t.trace_id, l.span_id = t.span_id`
    );
    const health = await fetch(`${host.url}/api/datasources/uid/legacy/health`, { headers: userHeaders('Admin') });
    const body = (await health.json()) as { details: { checks: Array<{ check: string; status: string }> } };
    expect(body.details.checks.find((c) => c.check === 'trace columns')?.status).toBe('ok');
    const result = await run('legacy');
    expectCalls(result, expectedTop(20));
    expect(result.frames[0].schema.meta.notices).toBeUndefined();
  });
});
