/**
 * MySQL and network errors as PluginErrors: one stable code per cause a user can act on, with a
 * message that says what failed where. mysql2 reports server errors by `code` (ER_…) and `errno`,
 * network and TLS errors by Node's error codes.
 */
import { PluginError } from '../errors';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  fatal?: boolean;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'POOL_CLOSED',
]);
const ACCESS_DENIED = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_COLUMNACCESS_DENIED_ERROR',
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
]);
/** MySQL 8: ER_QUERY_TIMEOUT (3024, MAX_EXECUTION_TIME); MariaDB: ER_STATEMENT_TIMEOUT (1969, max_statement_time). */
const TIMEOUT_ERRNO = new Set([3024, 1969]);
const SCHEMA = new Set(['ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR']);

function isTlsError(e: DriverError): boolean {
  const code = e.code ?? '';
  return (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    code.includes('CERT') ||
    code === 'HANDSHAKE_NO_SSL_SUPPORT' ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'ER_SECURE_TRANSPORT_REQUIRED' ||
    // mysql2 passes some handshake failures on without Node's code.
    /certificate|\b(ssl|tls)\b/i.test(e.message ?? '')
  );
}

/** `where` names the server, e.g. `db.example:3306`. */
export function mapDbError(err: unknown, where: string): PluginError {
  if (err instanceof PluginError) {
    return err;
  }
  const e = (err ?? {}) as DriverError;
  const detail = e.message ?? String(err);
  if (e.code && UNREACHABLE.has(e.code)) {
    return new PluginError('db.unreachable', `MySQL at ${where} is unreachable: ${detail}`, { cause: err });
  }
  if (e.code && ACCESS_DENIED.has(e.code)) {
    return new PluginError('db.access_denied', `MySQL at ${where} refused access: ${detail}`, { cause: err });
  }
  if (e.code === 'ER_BAD_DB_ERROR') {
    return new PluginError('db.unknown_database', `MySQL at ${where}: ${detail}`, { cause: err });
  }
  if (isTlsError(e)) {
    return new PluginError('db.tls', `TLS with MySQL at ${where} failed: ${detail}`, { cause: err });
  }
  if (e.errno !== undefined && TIMEOUT_ERRNO.has(e.errno)) {
    return new PluginError('db.timeout', `the query ran past the datasource's query timeout and MySQL stopped it`, {
      cause: err,
    });
  }
  if (e.code && SCHEMA.has(e.code)) {
    return new PluginError('db.schema', `${detail} (check the datasource's table and column names)`, { cause: err });
  }
  return new PluginError('db.error', `MySQL at ${where}: ${detail}`, { cause: err });
}
