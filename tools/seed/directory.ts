/**
 * The demo's directory: the catalog's tenants and users written into RAGFlow-shaped `tenant(id, name)`
 * and `user(id, nickname, email)` tables (deploy/mysql/01-directory.sql creates them in the demo
 * stack), so the ledger datasource shows names. Only with `--directory`: on a real RAGFlow database
 * these tables are RAGFlow's, and the seed never touches them unless told to.
 */
import type { Connection } from 'mysql2/promise';
import { TENANTS, USERS } from './catalog';

export async function seedDirectory(conn: Connection, log: (line: string) => void): Promise<void> {
  // Upserts: re-seeding keeps the tables equal to the catalog without emptying them.
  await conn.query('INSERT INTO tenant (id, name) VALUES ? ON DUPLICATE KEY UPDATE name = VALUES(name)', [
    TENANTS.map((t) => [t.id, t.name]),
  ]);
  await conn.query(
    'INSERT INTO `user` (id, nickname, email) VALUES ? ON DUPLICATE KEY UPDATE nickname = VALUES(nickname), email = VALUES(email)',
    [USERS.map((u) => [u.id, u.nickname, u.email])]
  );
  log(`directory: ${TENANTS.length} tenants, ${USERS.length} users`);
}
