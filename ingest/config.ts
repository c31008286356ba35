/**
 * `npm run ingest -- [options]` / the compose service's command line: where to listen, which MySQL to
 * write, which API keys to accept. Secrets never come from the command line: the database password
 * from LLMOPS_INGEST_DB_PASSWORD, the API keys (as SHA-256 hashes) from a file or LLMOPS_INGEST_KEYS.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseKeyList, type KeyRing } from './auth/apiKeys';

export const INGEST_USAGE = `usage: npm run ingest -- --mysql-host <host> --mysql-database <db> --mysql-user <user> [options]
  The database password is read from LLMOPS_INGEST_DB_PASSWORD.
  API keys (one per line: "<sha256 of the key, hex> <tenant id | *>") are read from --keys-file, or from
  LLMOPS_INGEST_KEYS (the same lines); "*" lets the key's spans name their own tenant.
  Print a key's hash with: npm run ingest -- hash-key <key>
  --listen <host:port>       HTTP address for OTLP/HTTP, the write API and /metrics (0.0.0.0:4318)
  --mysql-host <host>        MySQL or MariaDB host (127.0.0.1)
  --mysql-port <n>           port (3306)
  --mysql-database <db>      the ledger's database (rag_flow)
  --mysql-user <user>        an account with SELECT, INSERT, UPDATE, DELETE on the usage table and
                             SELECT, INSERT on the audit table (schema/mysql/006_ingest_user.sql)
  --tls-mode <mode>          disabled | required | verify-ca | verify-full (disabled)
  --tls-ca-file <file>       CA certificate (PEM) for verify-ca and verify-full
  --usage-table <name>       (token_usage_log)
  --audit-table <name>       (audit_log)
  --keys-file <file>         API keys, as above
  --allow-unauthenticated    accept requests without a key (the tenant then comes from the spans)
  --tenant-attribute <key>   span or resource attribute that names the tenant when the key does not
                             (repeatable; tenant.id)
  --default-tenant <id>      tenant for spans that name none (none: such spans are rejected)
  --max-body-mib <n>         largest request body after decompression (64)
  --batch-rows <n>           most rows written in one transaction (2000)
  --queue-rows <n>           rows waiting for the database before requests get 429 (50000)
  --retry-after <seconds>    what 429 and 503 answers ask senders to wait (5)
  --help                     this text
`;

export class UsageError extends Error {}

export type TlsMode = 'disabled' | 'required' | 'verify-ca' | 'verify-full';

export interface IngestConfig {
  listenHost: string;
  listenPort: number;
  mysql: {
    host: string;
    port: number;
    database: string;
    user: string;
    password: string;
    tlsMode: TlsMode;
    tlsCa?: string;
  };
  usageTable: string;
  auditTable: string;
  keys: KeyRing;
  allowUnauthenticated: boolean;
  tenantAttributes: string[];
  defaultTenant: string | null;
  maxBodyBytes: number;
  batchRows: number;
  queueRows: number;
  retryAfterSeconds: number;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const TENANT = /^[A-Za-z0-9_.:-]{1,32}$/;

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > max) {
    throw new UsageError(`--${name}: expected a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

function table(name: string, value: string | undefined, fallback: string): string {
  const t = value ?? fallback;
  if (!TABLE.test(t)) {
    throw new UsageError(`--${name}: not a plain table name: ${JSON.stringify(t)}`);
  }
  return t;
}

function listen(value: string | undefined): { host: string; port: number } {
  const text = value ?? '0.0.0.0:4318';
  const at = text.lastIndexOf(':');
  const port = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--listen: expected host:port, not ${JSON.stringify(text)}`);
  }
  return { host: text.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port };
}

/** The command's arguments and environment as a config; a UsageError names the bad argument. */
export function parseIngestConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  readText: (path: string) => string = (p) => readFileSync(p, 'utf8')
): IngestConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        listen: { type: 'string' },
        'mysql-host': { type: 'string' },
        'mysql-port': { type: 'string' },
        'mysql-database': { type: 'string' },
        'mysql-user': { type: 'string' },
        'tls-mode': { type: 'string' },
        'tls-ca-file': { type: 'string' },
        'usage-table': { type: 'string' },
        'audit-table': { type: 'string' },
        'keys-file': { type: 'string' },
        'allow-unauthenticated': { type: 'boolean' },
        'tenant-attribute': { type: 'string', multiple: true },
        'default-tenant': { type: 'string' },
        'max-body-mib': { type: 'string' },
        'batch-rows': { type: 'string' },
        'queue-rows': { type: 'string' },
        'retry-after': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    return 'help';
  }
  const where = listen(values.listen);
  const tlsMode = (values['tls-mode'] ?? 'disabled') as TlsMode;
  if (!['disabled', 'required', 'verify-ca', 'verify-full'].includes(tlsMode)) {
    throw new UsageError(
      `--tls-mode: expected disabled, required, verify-ca or verify-full, not ${JSON.stringify(tlsMode)}`
    );
  }
  if ((tlsMode === 'verify-ca' || tlsMode === 'verify-full') && !values['tls-ca-file']) {
    throw new UsageError(`--tls-ca-file: required with --tls-mode ${tlsMode}`);
  }
  const defaultTenant = values['default-tenant'] ?? null;
  if (defaultTenant !== null && !TENANT.test(defaultTenant)) {
    throw new UsageError(`--default-tenant: 1 to 32 letters, digits or _.:- , not ${JSON.stringify(defaultTenant)}`);
  }
  let keys: KeyRing;
  try {
    const keyText = values['keys-file'] ? readText(values['keys-file']) : (env.LLMOPS_INGEST_KEYS ?? '');
    keys = parseKeyList(keyText);
  } catch (err) {
    throw new UsageError(`${values['keys-file'] ? '--keys-file' : 'LLMOPS_INGEST_KEYS'}: ${(err as Error).message}`);
  }
  const allowUnauthenticated = values['allow-unauthenticated'] === true;
  if (keys.size === 0 && !allowUnauthenticated) {
    throw new UsageError(
      'no API keys: give --keys-file or LLMOPS_INGEST_KEYS (or --allow-unauthenticated to accept anonymous writes)'
    );
  }
  const user = values['mysql-user'];
  if (!user) {
    throw new UsageError('--mysql-user: required');
  }
  return {
    listenHost: where.host,
    listenPort: where.port,
    mysql: {
      host: values['mysql-host'] ?? '127.0.0.1',
      port: positiveInt('mysql-port', values['mysql-port'], 3306, 65535),
      database: values['mysql-database'] ?? 'rag_flow',
      user,
      password: env.LLMOPS_INGEST_DB_PASSWORD ?? '',
      tlsMode,
      tlsCa: values['tls-ca-file'] ? readText(values['tls-ca-file']) : undefined,
    },
    usageTable: table('usage-table', values['usage-table'], 'token_usage_log'),
    auditTable: table('audit-table', values['audit-table'], 'audit_log'),
    keys,
    allowUnauthenticated,
    tenantAttributes: values['tenant-attribute']?.length ? values['tenant-attribute'] : ['tenant.id'],
    defaultTenant,
    maxBodyBytes: positiveInt('max-body-mib', values['max-body-mib'], 64, 1024) * 1024 * 1024,
    batchRows: positiveInt('batch-rows', values['batch-rows'], 2000, 10000),
    queueRows: positiveInt('queue-rows', values['queue-rows'], 50000, 10_000_000),
    retryAfterSeconds: positiveInt('retry-after', values['retry-after'], 5, 3600),
  };
}
