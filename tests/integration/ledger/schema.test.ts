/**
 * schema/mysql against a real server (a throwaway MariaDB, or MYSQL_URL): the DDL applies twice,
 * creates the indexes the queries rely on, the read-only user can only read, and the partitioned
 * variant applies, takes the seed's rows and drops a month.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../../db/mariadb';
import { schemaDir, splitSqlStatements } from '../../../tools/seed/schema';
import { seed } from '../../../tools/seed/seed';

const END = new Date('2026-11-01T00:00:00Z');

async function rows<T = RowDataPacket>(conn: Connection, sql: string, values: unknown[] = []): Promise<T[]> {
  const [result] = await conn.query<RowDataPacket[]>(sql, values);
  return result as T[];
}

/** index name -> its columns in order, for one table of the current database. */
async function indexesOf(conn: Connection, table: string): Promise<Record<string, string[]>> {
  const stats = await rows<{ name: string; col: string }>(
    conn,
    `SELECT index_name AS name, column_name AS col FROM information_schema.statistics
     WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index`,
    [table]
  );
  const out: Record<string, string[]> = {};
  for (const { name, col } of stats) {
    (out[name] ??= []).push(col);
  }
  return out;
}

describe('ledger schema', () => {
  let db: TestDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
  });

  afterAll(async () => {
    await conn?.end();
    await db?.stop();
  });

  it('applies cleanly, and again (idempotent)', async () => {
    expect(await applySchema(conn)).toBe(2);
    expect(await applySchema(conn)).toBe(2);
    const tables = await rows<{ name: string; collation: string }>(
      conn,
      `SELECT table_name AS name, table_collation AS collation FROM information_schema.tables
       WHERE table_schema = DATABASE() ORDER BY 1`
    );
    expect(tables).toEqual([
      { name: 'audit_log', collation: 'utf8mb4_unicode_ci' },
      { name: 'token_usage_log', collation: 'utf8mb4_unicode_ci' },
    ]);
  });

  it.each([
    [
      'token_usage_log',
      {
        PRIMARY: ['id'],
        idx_tul_ts_rollup: ['timestamp', 'tenant_id', 'model_name', 'user_id', 'input_tokens', 'output_tokens', 'cost'],
        idx_tul_ct_rollup: [
          'create_time',
          'tenant_id',
          'model_name',
          'user_id',
          'input_tokens',
          'output_tokens',
          'cost',
        ],
        idx_tul_tenant_ts: ['tenant_id', 'timestamp'],
        idx_tul_tenant_ct: ['tenant_id', 'create_time'],
        idx_tul_user_ts: ['user_id', 'timestamp'],
        idx_tul_user_ct: ['user_id', 'create_time'],
        idx_tul_model_ts: ['model_name', 'timestamp'],
        idx_tul_model_ct: ['model_name', 'create_time'],
        idx_tul_trace: ['trace_id', 'parent_span_id'],
      },
    ],
    [
      'audit_log',
      {
        PRIMARY: ['id'],
        idx_al_ct: ['create_time'],
        idx_al_tenant_ct: ['tenant_id', 'create_time'],
        idx_al_action_ct: ['action', 'create_time'],
        idx_al_user_ct: ['user_id', 'create_time'],
      },
    ],
  ])('%s has the indexes the queries use', async (table, expected) => {
    expect(await indexesOf(conn, table)).toEqual(expected);
  });

  it.each([
    ['token_usage_log', 'id', 'varchar', 'NO', 32],
    ['token_usage_log', 'user_id', 'varchar', 'YES', 32],
    ['token_usage_log', 'tenant_id', 'varchar', 'NO', 32],
    ['token_usage_log', 'cost', 'decimal', 'YES', null],
    ['token_usage_log', 'timestamp', 'datetime', 'NO', null],
    ['token_usage_log', 'create_time', 'bigint', 'YES', null],
    ['token_usage_log', 'create_date', 'datetime', 'YES', null],
    ['token_usage_log', 'update_time', 'bigint', 'YES', null],
    ['token_usage_log', 'update_date', 'datetime', 'YES', null],
    ['audit_log', 'id', 'varchar', 'NO', 32],
    ['audit_log', 'user_id', 'varchar', 'YES', 32],
    ['audit_log', 'tenant_id', 'varchar', 'YES', 32],
    ['audit_log', 'action', 'varchar', 'NO', 128],
    ['audit_log', 'details', 'longtext', 'YES', null],
    ['audit_log', 'create_time', 'bigint', 'YES', null],
  ])('%s.%s is %s, nullable %s (RAGFlow conventions)', async (table, column, type, nullable, length) => {
    const [col] = await rows<{ type: string; nullable: string; length: number | null; precision: number | null }>(
      conn,
      `SELECT data_type AS type, is_nullable AS nullable, character_maximum_length AS length,
              datetime_precision AS \`precision\`
       FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?`,
      [table, column]
    );
    expect(col).toBeDefined();
    expect(col!.type).toBe(type);
    expect(col!.nullable).toBe(nullable);
    if (length !== null) {
      expect(Number(col!.length)).toBe(length);
    }
    if (column === 'timestamp') {
      expect(Number(col!.precision)).toBe(3);
    }
  });

  it('002_readonly_user.sql creates a user that can read both tables and write none', async () => {
    const template = readFileSync(join(schemaDir(), '002_readonly_user.sql'), 'utf8');
    expect(template).toContain('__LEDGER_RO_PASSWORD__');
    const password = 'ro-Secret-42';
    // On a shared MYSQL_URL server, leave things as they were: drop the user only if we made it.
    const [existing] = await rows<{ n: number }>(
      conn,
      "SELECT COUNT(*) AS n FROM mysql.user WHERE user = 'ledger_ro' AND host = '%'"
    );
    const created = Number(existing!.n) === 0;
    for (let round = 0; round < 2; round++) {
      for (const statement of splitSqlStatements(template.replace(/__LEDGER_RO_PASSWORD__/g, password))) {
        await conn.query(statement);
      }
    }
    await conn.query(
      "INSERT INTO audit_log (id, action, details, create_time) VALUES ('0123456789abcdef0123456789abcdef', 'kb.create', '{}', 1)"
    );
    const ro = await createConnection({ ...db.options, user: 'ledger_ro', password });
    try {
      const [[count]] = await ro.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM audit_log');
      expect(Number(count!.n)).toBe(1);
      await ro.query('SELECT COUNT(*) FROM token_usage_log');
      await expect(ro.query("DELETE FROM audit_log WHERE id = '0123456789abcdef0123456789abcdef'")).rejects.toThrow(
        /command denied/
      );
      await expect(
        ro.query("INSERT INTO audit_log (id, action) VALUES ('fedcba9876543210fedcba9876543210', 'x')")
      ).rejects.toThrow(/command denied/);
      const grants = (await rows<Record<string, string>>(ro, 'SHOW GRANTS')).map((g) => Object.values(g)[0]!);
      const tableGrants = grants.filter((g) => / ON `/.test(g) && !/ON \*\.\*/.test(g));
      expect(tableGrants).toHaveLength(2);
      for (const g of tableGrants) {
        expect(g).toMatch(/^GRANT SELECT ON `[^`]+`\.`(token_usage_log|audit_log)` TO `ledger_ro`@`%`$/);
      }
    } finally {
      await ro.end();
      await conn.query("DELETE FROM audit_log WHERE id = '0123456789abcdef0123456789abcdef'");
      if (created) {
        await conn.query("DROP USER IF EXISTS 'ledger_ro'@'%'");
      } else {
        await conn.query("REVOKE SELECT ON token_usage_log FROM 'ledger_ro'@'%'");
        await conn.query("REVOKE SELECT ON audit_log FROM 'ledger_ro'@'%'");
      }
    }
  });

  describe('partitioned variant', () => {
    let part: Connection;
    let database: string;

    beforeAll(async () => {
      database = `${db.database}_part`;
      await conn.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      part = await createConnection({ ...db.options, database });
    });

    afterAll(async () => {
      await part?.end();
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    });

    it('applies twice, with the time column in every unique key', async () => {
      const file = join('partitioned', '001_ledger_partitioned.sql');
      expect(await applySchema(part, file)).toBe(2);
      expect(await applySchema(part, file)).toBe(2);
      expect((await indexesOf(part, 'token_usage_log')).PRIMARY).toEqual(['id', 'timestamp']);
      expect((await indexesOf(part, 'audit_log')).PRIMARY).toEqual(['id', 'create_time']);
      const methods = await rows<{ t: string; method: string; n: number }>(
        part,
        `SELECT table_name AS t, partition_method AS method, COUNT(*) AS n FROM information_schema.partitions
         WHERE table_schema = DATABASE() GROUP BY 1, 2 ORDER BY 1`
      );
      expect(methods.map((m) => [m.t, m.method, Number(m.n)])).toEqual([
        ['audit_log', 'RANGE', 26],
        ['token_usage_log', 'RANGE COLUMNS', 26],
      ]);
    });

    it('takes the seed and keeps each month in its own partition; an old month drops instantly', async () => {
      await seed({ connection: part, rows: 6000, seed: 5, end: END, days: 75 });
      const perPartition = await rows<{ t: string; p: string; n: number }>(
        part,
        `SELECT table_name AS t, partition_name AS p, table_rows AS n FROM information_schema.partitions
         WHERE table_schema = DATABASE() AND table_name = 'token_usage_log'`
      );
      expect(perPartition.length).toBe(26);
      // Exact counts per month, straight from the partitions.
      for (const [p, from, to] of [
        ['p2026_09', '2026-09-01', '2026-10-01'],
        ['p2026_10', '2026-10-01', '2026-11-01'],
      ] as const) {
        const [inPartition] = await rows<{ n: number }>(
          part,
          `SELECT COUNT(*) AS n FROM token_usage_log PARTITION (${p})`
        );
        const [inRange] = await rows<{ n: number }>(
          part,
          'SELECT COUNT(*) AS n FROM token_usage_log WHERE `timestamp` >= ? AND `timestamp` < ?',
          [from, to]
        );
        expect(Number(inPartition!.n)).toBeGreaterThan(0);
        expect(Number(inPartition!.n)).toBe(Number(inRange!.n));
      }
      const [auditInOctober] = await rows<{ n: number }>(
        part,
        'SELECT COUNT(*) AS n FROM audit_log PARTITION (p2026_10)'
      );
      expect(Number(auditInOctober!.n)).toBeGreaterThan(0);

      const [before] = await rows<{ n: number }>(part, 'SELECT COUNT(*) AS n FROM token_usage_log');
      const [august] = await rows<{ n: number }>(
        part,
        'SELECT COUNT(*) AS n FROM token_usage_log PARTITION (p2026_08)'
      );
      expect(Number(august!.n)).toBeGreaterThan(0);
      await part.query('ALTER TABLE token_usage_log DROP PARTITION p2026_08');
      const [after] = await rows<{ n: number }>(part, 'SELECT COUNT(*) AS n FROM token_usage_log');
      expect(Number(after!.n)).toBe(Number(before!.n) - Number(august!.n));
      const [left] = await rows<{ n: number }>(
        part,
        "SELECT COUNT(*) AS n FROM token_usage_log WHERE `timestamp` < '2026-09-01'"
      );
      expect(Number(left!.n)).toBe(0);

      // The monthly maintenance from schema/README.md: split p_future before it fills.
      await part.query(
        `ALTER TABLE token_usage_log REORGANIZE PARTITION p_future INTO (
           PARTITION p2028_01 VALUES LESS THAN ('2028-02-01 00:00:00'),
           PARTITION p_future VALUES LESS THAN (MAXVALUE))`
      );
      await part.query(
        `ALTER TABLE audit_log REORGANIZE PARTITION p_future INTO (
           PARTITION p2028_01 VALUES LESS THAN (1832976000000),
           PARTITION p_future VALUES LESS THAN (MAXVALUE))`
      );
      const names = await rows<{ p: string }>(
        part,
        `SELECT partition_name AS p FROM information_schema.partitions
         WHERE table_schema = DATABASE() AND table_name = 'audit_log' ORDER BY partition_ordinal_position DESC LIMIT 2`
      );
      expect(names.map((n) => n.p)).toEqual(['p_future', 'p2028_01']);
    });
  });
});
