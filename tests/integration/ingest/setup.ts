/** The ingest as the tests run it: the ledger with the ingest's own user (006), and its options. */
import type { Connection } from 'mysql2/promise';
import { hashKey } from '../../../ingest/auth/apiKeys';
import { parseIngestConfig, type IngestConfig } from '../../../ingest/config';
import { applySchema, type TestDatabase } from '../../db/mariadb';
import { applyTemplate } from '../rollupSetup';

export const INGEST_USER = { user: 'ledger_ingest', password: 'ingest-pass' };

/** The ingest's command line for this database (as INGEST_USER) on a free port of 127.0.0.1. */
export function ingestArgs(db: TestDatabase): string[] {
  return [
    '--listen',
    '127.0.0.1:0',
    '--mysql-host',
    db.host,
    '--mysql-port',
    String(db.port),
    '--mysql-database',
    db.database,
    '--mysql-user',
    INGEST_USER.user,
  ];
}

export function ingestConfig(db: TestDatabase, extra: string[] = []): IngestConfig {
  const config = parseIngestConfig([...ingestArgs(db), '--retry-after', '1', ...extra], {
    LLMOPS_INGEST_DB_PASSWORD: INGEST_USER.password,
    LLMOPS_INGEST_KEYS: `${hashKey('key-acme')} acme\n${hashKey('key-any')} *\n`,
  });
  if (config === 'help') {
    throw new Error('unexpected help');
  }
  return config;
}

export async function prepareLedger(conn: Connection): Promise<void> {
  await applySchema(conn);
  await applyTemplate(conn, '006_ingest_user.sql', '__LEDGER_INGEST_PASSWORD__', INGEST_USER.password);
}
