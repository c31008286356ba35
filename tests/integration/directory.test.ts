/**
 * The demo's names: deploy/mysql/01-directory.sql's RAGFlow-shaped tenant and user tables, filled by
 * `seed --directory` from the catalog, readable by ledger_ro through 002's column grants.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { TENANTS, USERS } from '../../tools/seed/catalog';
import { splitSqlStatements } from '../../tools/seed/schema';
import { seed } from '../../tools/seed/seed';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { ROOT } from './host';
import { applyTemplate, RO } from './rollupSetup';

describe('the demo directory', () => {
  let db: TestDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    for (const s of splitSqlStatements(readFileSync(join(ROOT, 'deploy', 'mysql', '01-directory.sql'), 'utf8'))) {
      await conn.query(s);
    }
    await applyTemplate(conn, '002_readonly_user.sql', '__LEDGER_RO_PASSWORD__', RO.password);
    await seed({
      connection: conn,
      rows: 200,
      seed: 1,
      end: new Date(Date.UTC(2026, 11, 1)),
      days: 7,
      directory: true,
      log: () => {},
    });
  });

  afterAll(async () => {
    await conn?.end();
    await db?.stop();
  });

  it('holds the catalog, and a second seed keeps it equal', async () => {
    await seed({
      connection: conn,
      rows: 200,
      seed: 1,
      end: new Date(Date.UTC(2026, 11, 1)),
      days: 7,
      replace: true,
      directory: true,
      log: () => {},
    });
    const [tenants] = await conn.query<RowDataPacket[]>('SELECT id, name FROM tenant ORDER BY id');
    expect(tenants.map((t) => [t.id, t.name])).toEqual(TENANTS.map((t) => [t.id, t.name]).sort());
    const [[users]] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM `user`');
    expect(Number(users!.n)).toBe(USERS.length);
  });

  it('is readable by ledger_ro, column by column', async () => {
    const ro = await createConnection({ ...db.options, user: RO.user, password: RO.password });
    try {
      const [rows] = await ro.query<RowDataPacket[]>('SELECT u.nickname, u.email FROM `user` u LIMIT 1');
      expect(rows).toHaveLength(1);
      await expect(ro.query('DELETE FROM tenant')).rejects.toThrow(/denied/);
    } finally {
      await ro.end();
    }
  });
});
