/**
 * schema/mysql/005_trace_columns.sql on a real MariaDB: it adds trace_id, span_id, parent_span_id and
 * their index to a usage table made before they existed, keeps the rows, can run again, and changes
 * nothing on a table that has them already (one made from today's 001_ledger.sql).
 */
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';

const MIGRATION = '005_trace_columns.sql';

describe('the trace columns migration', () => {
  let db: TestDatabase;
  let conn: Connection;
  let legacy: Connection;

  beforeAll(async () => {
    db = await startDatabase();
    conn = await db.connect();
    await applySchema(conn);
    // A table as 001_ledger.sql made it before the trace columns, with a row in it.
    await conn.query('CREATE DATABASE legacy');
    await conn.query('CREATE TABLE legacy.token_usage_log LIKE token_usage_log');
    await conn.query(
      'ALTER TABLE legacy.token_usage_log DROP INDEX idx_tul_trace, DROP COLUMN trace_id, DROP COLUMN span_id, DROP COLUMN parent_span_id'
    );
    await conn.query(
      "INSERT INTO legacy.token_usage_log (id, tenant_id, model_name, input_tokens, output_tokens, cost, `timestamp`) VALUES ('r1', 't1', 'gpt-4o', 10, 2, 0.5, '2026-10-01 00:00:00.000')"
    );
    legacy = await createConnection({ ...db.options, database: 'legacy' });
  });

  afterAll(async () => {
    await legacy?.end();
    await conn?.end();
    await db?.stop();
  });

  /** The trace columns of a database's usage table, with their types, and the index over them. */
  async function traceSchema(database: string) {
    const [columns] = await conn.query<RowDataPacket[]>(
      "SELECT COLUMN_NAME AS c, COLUMN_TYPE AS t, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'token_usage_log' AND COLUMN_NAME IN ('trace_id', 'span_id', 'parent_span_id') ORDER BY COLUMN_NAME",
      [database]
    );
    const [index] = await conn.query<RowDataPacket[]>(
      "SELECT COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'token_usage_log' AND INDEX_NAME = 'idx_tul_trace' ORDER BY SEQ_IN_INDEX",
      [database]
    );
    return { columns: columns.map((r) => [r.c, r.t, r.n]), index: index.map((r) => r.c) };
  }

  const ADDED = {
    columns: [
      ['parent_span_id', 'varchar(16)', 'YES'],
      ['span_id', 'varchar(16)', 'YES'],
      ['trace_id', 'varchar(32)', 'YES'],
    ],
    index: ['trace_id', 'parent_span_id'],
  };

  it('adds the columns and the index to a table without them, keeping its rows', async () => {
    expect(await traceSchema('legacy')).toEqual({ columns: [], index: [] });
    await applySchema(legacy, MIGRATION);
    expect(await traceSchema('legacy')).toEqual(ADDED);
    const [rows] = await legacy.query<RowDataPacket[]>('SELECT id, cost, trace_id, span_id FROM token_usage_log');
    expect(rows).toEqual([{ id: 'r1', cost: '0.50000000', trace_id: null, span_id: null }]);
  });

  it('runs again without an error or a change', async () => {
    await applySchema(legacy, MIGRATION);
    expect(await traceSchema('legacy')).toEqual(ADDED);
  });

  it('leaves a table made from today’s 001_ledger.sql as it is', async () => {
    const [[before]] = await conn.query<RowDataPacket[]>('SHOW CREATE TABLE token_usage_log');
    await applySchema(conn, MIGRATION);
    const [[after]] = await conn.query<RowDataPacket[]>('SHOW CREATE TABLE token_usage_log');
    expect(after).toEqual(before);
    expect(await traceSchema(db.database)).toEqual(ADDED);
  });
});
