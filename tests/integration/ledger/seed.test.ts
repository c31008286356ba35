/**
 * The demo-data generator against a real server: determinism across databases (CHECKSUM TABLE and
 * an ordered hash), exact counts, NULL cost exactly for unpriced models and the catalog price for
 * the others, the spend spike and the weekly rhythm in SQL, the audit trail, and the CLI.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../../db/mariadb';
import { AUDIT_ACTIONS, BURST_IP } from '../../../tools/seed/audit';
import { MODELS, UNPRICED_MODELS, USERS } from '../../../tools/seed/catalog';
import { seed, type SeedResult } from '../../../tools/seed/seed';

const ROOT = join(__dirname, '..', '..', '..');
const END = new Date('2026-11-01T00:00:00Z');
const ROWS = 30000;
const DAYS = 56;

async function rows<T = Record<string, any>>(conn: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  const [result] = await conn.query<RowDataPacket[]>(sql, values);
  return result as T[];
}

async function one<T = Record<string, any>>(conn: Connection, sql: string, values: unknown[] = []): Promise<T> {
  return (await rows<T>(conn, sql, values))[0]!;
}

/** sha256 over every column of every row, in id order. */
async function orderedHash(conn: Connection, table: string): Promise<string> {
  const hash = createHash('sha256');
  const [result] = await conn.query({ sql: `SELECT * FROM \`${table}\` ORDER BY id`, rowsAsArray: true });
  for (const row of result as unknown[][]) {
    hash.update(JSON.stringify(row));
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function checksums(conn: Connection): Promise<string[]> {
  const result = await rows<{ Checksum: string }>(conn, 'CHECKSUM TABLE token_usage_log, audit_log');
  return [
    ...result.map((r) => String(r.Checksum)),
    await orderedHash(conn, 'token_usage_log'),
    await orderedHash(conn, 'audit_log'),
  ];
}

describe('seed', () => {
  let db: TestDatabase;
  let conn: Connection;
  let result: SeedResult;
  const extra: Connection[] = [];
  const databases: string[] = [];
  /** Extra databases on the same server, named after the test database (MYSQL_URL may be shared). */
  const dbName = (suffix: string) => `${db.database}_${suffix}`;
  const urlOf = (database: string) => `${db.url.replace(/\/[^/]*$/, '')}/${database}`;

  async function freshDatabase(name: string): Promise<Connection> {
    databases.push(name);
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const c = await createConnection({ ...db.options, database: name });
    extra.push(c);
    await applySchema(c);
    return c;
  }

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await conn.query("SET time_zone = '+00:00'");
    await applySchema(conn);
    result = await seed({ connection: conn, rows: ROWS, seed: 42, end: END, days: DAYS });
  });

  afterAll(async () => {
    for (const c of extra) {
      await c.end();
    }
    for (const name of databases) {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
    await conn?.end();
    await db?.stop();
  });

  it('loads exactly the requested rows, and the planned audit events', async () => {
    expect(result.rows).toBe(ROWS);
    expect(result.auditRows).toBe(600);
    expect(Number((await one(conn, 'SELECT COUNT(*) AS n FROM token_usage_log')).n)).toBe(ROWS);
    expect(Number((await one(conn, 'SELECT COUNT(*) AS n FROM audit_log')).n)).toBe(600);
    expect(result.rowsPerSecond).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed in another database gives identical tables; another seed does not', async () => {
    const twin = await freshDatabase(dbName('twin'));
    await seed({ url: urlOf(dbName('twin')), rows: ROWS, seed: 42, end: END, days: DAYS });
    const expected = await checksums(conn);
    expect(await checksums(twin)).toEqual(expected);

    const other = await freshDatabase(dbName('other'));
    await seed({ connection: other, rows: ROWS, seed: 43, end: END, days: DAYS });
    const different = await checksums(other);
    expect(different[0]).not.toBe(expected[0]);
    expect(different[2]).not.toBe(expected[2]);
  });

  it('refuses non-empty tables unless asked to replace them, and a replacement is identical', async () => {
    const before = await checksums(conn);
    await expect(seed({ connection: conn, rows: ROWS, seed: 42, end: END, days: DAYS })).rejects.toThrow(
      /token_usage_log is not empty/
    );
    await seed({ connection: conn, rows: ROWS, seed: 42, end: END, days: DAYS, replace: true });
    expect(await checksums(conn)).toEqual(before);
  });

  it('keeps every row inside the window, with the base columns consistent with `timestamp`', async () => {
    const r = await one(
      conn,
      `SELECT MIN(\`timestamp\`) AS first, MAX(\`timestamp\`) AS last,
              SUM(create_time <> ROUND(UNIX_TIMESTAMP(\`timestamp\`) * 1000)) AS bad_ct,
              SUM(update_time <> create_time) AS bad_ut,
              SUM(create_date <> DATE_FORMAT(\`timestamp\`, '%Y-%m-%d %H:%i:%s')) AS bad_cd,
              SUM(update_date <> create_date) AS bad_ud,
              SUM(create_time IS NULL OR create_date IS NULL) AS missing,
              SUM(id NOT REGEXP '^[0-9a-f]{32}$') AS bad_id
       FROM token_usage_log`
    );
    expect(new Date(`${r.first}Z`).getTime()).toBeGreaterThanOrEqual(END.getTime() - DAYS * 86400000);
    expect(new Date(`${r.last}Z`).getTime()).toBeLessThan(END.getTime());
    for (const key of ['bad_ct', 'bad_ut', 'bad_cd', 'bad_ud', 'missing', 'bad_id']) {
      expect([key, Number(r[key])]).toEqual([key, 0]);
    }
    const a = await one(
      conn,
      `SELECT SUM(update_time <> create_time) AS bad_ut,
              SUM(create_date <> FROM_UNIXTIME(FLOOR(create_time / 1000))) AS bad_cd,
              SUM(update_date <> create_date) AS bad_ud
       FROM audit_log`
    );
    expect([Number(a.bad_ut), Number(a.bad_cd), Number(a.bad_ud)]).toEqual([0, 0, 0]);
  });

  it('has NULL cost exactly for the unpriced models, and the catalog price for the others', async () => {
    const byModel = await rows<{ model: string; n: number; nulls: number }>(
      conn,
      'SELECT model_name AS model, COUNT(*) AS n, SUM(cost IS NULL) AS nulls FROM token_usage_log GROUP BY 1'
    );
    const unpriced = new Set(UNPRICED_MODELS);
    expect(byModel.length).toBeGreaterThan(15);
    for (const m of byModel) {
      expect([m.model, Number(m.nulls)]).toEqual([m.model, unpriced.has(m.model) ? Number(m.n) : 0]);
    }
    expect(new Set(byModel.filter((m) => Number(m.nulls) > 0).map((m) => m.model))).toEqual(unpriced);

    // Recompute every stored cost in SQL from the catalog's prices.
    await conn.query(
      'CREATE TEMPORARY TABLE price (model VARCHAR(128) PRIMARY KEY, pin DECIMAL(20,8), pcached DECIMAL(20,8), pout DECIMAL(20,8))'
    );
    for (const m of MODELS.filter((x) => x.price)) {
      await conn.query('INSERT INTO price VALUES (?, ?, ?, ?)', [
        m.name,
        m.price!.input,
        m.price!.cachedInput ?? m.price!.input,
        m.price!.output,
      ]);
    }
    const check = await one(
      conn,
      `SELECT COUNT(*) AS n,
              SUM(ABS(u.cost - ROUND(((u.input_tokens - COALESCE(u.cached_tokens, 0)) * p.pin
                  + COALESCE(u.cached_tokens, 0) * p.pcached + u.output_tokens * p.pout) / 1000000, 8)) > 0.000000011) AS bad
       FROM token_usage_log u JOIN price p ON p.model = u.model_name`
    );
    expect(Number(check.bad)).toBe(0);
    expect(Number(check.n)).toBeGreaterThan(ROWS / 2);
    await conn.query('DROP TEMPORARY TABLE price');
  });

  it('shows the spend spike: the tenant’s spike-day spend is far above its own baseline, and the total is visibly up', async () => {
    const { spike } = result;
    const daily = await rows<{ day: string; tenant: number; total: number }>(
      conn,
      `SELECT DATE(\`timestamp\`) AS day, SUM(CASE WHEN tenant_id = ? THEN cost ELSE 0 END) AS tenant, SUM(cost) AS total
       FROM token_usage_log WHERE WEEKDAY(\`timestamp\`) < 5 GROUP BY 1 ORDER BY 1`,
      [spike.tenant.id]
    );
    const spikeDay = new Date(spike.day).toISOString().slice(0, 10);
    const onSpike = daily.find((d) => String(d.day).slice(0, 10) === spikeDay)!;
    expect(onSpike).toBeDefined();
    const others = daily.filter((d) => d !== onSpike);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(Number(onSpike.tenant) / median(others.map((d) => Number(d.tenant)))).toBeGreaterThan(3);
    expect(Number(onSpike.total) / median(others.map((d) => Number(d.total)))).toBeGreaterThan(1.5);
    // The spike is the model's doing, inside its hours.
    const hours = await rows<{ h: number; n: number }>(
      conn,
      `SELECT HOUR(\`timestamp\`) AS h, COUNT(*) AS n FROM token_usage_log
       WHERE tenant_id = ? AND model_name = ? AND DATE(\`timestamp\`) = ? AND input_tokens >= 4000 GROUP BY 1`,
      [spike.tenant.id, spike.model, spikeDay]
    );
    const inWindow = hours.filter((r) => r.h >= 13 && r.h < 19).reduce((s, r) => s + Number(r.n), 0);
    expect(inWindow).toBeGreaterThan(20);
  });

  it('has a weekly and a daily rhythm', async () => {
    const weekly = await one(
      conn,
      `SELECT AVG(CASE WHEN wd < 5 THEN n END) AS weekday, AVG(CASE WHEN wd >= 5 THEN n END) AS weekend
       FROM (SELECT DATE(\`timestamp\`) AS d, WEEKDAY(\`timestamp\`) AS wd, COUNT(*) AS n FROM token_usage_log GROUP BY 1, 2) x`
    );
    expect(Number(weekly.weekday)).toBeGreaterThan(2 * Number(weekly.weekend));
    const hourly = await rows<{ h: number; n: number }>(
      conn,
      'SELECT HOUR(`timestamp`) AS h, COUNT(*) AS n FROM token_usage_log GROUP BY 1 ORDER BY 1'
    );
    const at = (h: number) => Number(hourly.find((r) => Number(r.h) === h)!.n);
    expect(at(14)).toBeGreaterThan(4 * at(3));
    expect(at(10)).toBeGreaterThan(4 * at(2));
  });

  it('has every audit action, JSON details, before/after pairs, logins with e-mail and address, and the burst', async () => {
    const actions = await rows<{ action: string; n: number }>(
      conn,
      'SELECT action, COUNT(*) AS n FROM audit_log GROUP BY 1'
    );
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(AUDIT_ACTIONS));

    const all = await rows<{ action: string; details: string; user_id: string | null; tenant_id: string | null }>(
      conn,
      'SELECT action, details, user_id, tenant_id FROM audit_log'
    );
    let withBeforeAfter = 0;
    let tabs = 0;
    for (const r of all) {
      const d = JSON.parse(r.details);
      if (d.before !== undefined) {
        withBeforeAfter++;
        expect(Object.keys(d.after)).toEqual(Object.keys(d.before));
        tabs += Object.values(d.after).some((v) => String(v).includes('\t')) ? 1 : 0;
      }
      if (r.action === 'USER_LOGIN_SUCCESS') {
        expect(d.email).toMatch(/^[^@\s]+@[a-z]+\.example$/);
        expect(d.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      }
    }
    expect(withBeforeAfter).toBeGreaterThan(20);
    expect(tabs).toBeGreaterThan(0); // RAGFlow's "UTC+8\tAsia/Shanghai" timezones survive TSV escaping

    const known = new Map(USERS.map((u) => [u.id, u.email]));
    const logins = await rows<{ user_id: string; email: string }>(
      conn,
      `SELECT user_id, JSON_VALUE(details, '$.email') AS email FROM audit_log WHERE action = 'USER_LOGIN_SUCCESS'`
    );
    for (const l of logins.filter((x) => known.has(x.user_id))) {
      expect(l.email).toBe(known.get(l.user_id));
    }

    const burst = await one(
      conn,
      `SELECT COUNT(*) AS n, MAX(create_time) - MIN(create_time) AS span FROM audit_log
       WHERE action = 'USER_LOGIN_FAILURE' AND JSON_VALUE(details, '$.ip') = ?`,
      [BURST_IP]
    );
    expect(Number(burst.n)).toBe(result.burst.events);
    expect(Number(burst.span)).toBeLessThan(15 * 60000);
    const unknown = await one(
      conn,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'USER_LOGIN_FAILURE' AND user_id IS NULL AND tenant_id IS NULL"
    );
    expect(Number(unknown.n)).toBeGreaterThan(0);
  });

  it('npm run seed: bundles the CLI, applies the schema and prints rows/s', async () => {
    const name = dbName('cli');
    databases.push(name);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = urlOf(name);
    const args = [
      'scripts/seed.mjs',
      '--rows',
      '5000',
      '--seed',
      '7',
      '--url',
      url,
      '--end',
      '2026-11-01',
      '--days',
      '30',
    ];
    const run = spawnSync(process.execPath, [...args, '--schema'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/schema: 2 statements/);
    expect(run.stdout).toMatch(
      /5000 usage rows and 400 audit events, 2026-10-02T00:00:00\.000Z \.\. 2026-11-01T00:00:00\.000Z/
    );
    expect(run.stdout).toMatch(/\d+ rows\/s/);
    const cli = await createConnection({ ...db.options, database: name });
    extra.push(cli);
    expect(Number((await one(cli, 'SELECT COUNT(*) AS n FROM token_usage_log')).n)).toBe(5000);

    const again = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    const bad = spawnSync(process.execPath, ['scripts/seed.mjs', '--rows', 'many', '--url', url], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--rows must be a non-negative integer/);
  });
});
