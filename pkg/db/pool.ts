/**
 * The MySQL connection pool of one datasource instance, built from its settings. mysql2 is loaded
 * on first use. Values always travel as `?` placeholders; this module never builds SQL.
 *
 * LOCAL INFILE is switched off: a hostile server could otherwise ask the plugin for local files.
 */
import type { ConnectionOptions, Pool, PoolOptions } from 'mysql2/promise';
import type { LedgerSettings } from '../settings';

/** Connections per datasource; Grafana's own SQL datasources default to 100 open, we need far fewer. */
export const DEFAULT_CONNECTION_LIMIT = 10;
const CONNECT_TIMEOUT_MS = 10_000;

export function poolOptions(settings: LedgerSettings, connectionLimit = DEFAULT_CONNECTION_LIMIT): PoolOptions {
  return {
    ...connectionOptions(settings),
    connectionLimit,
    maxIdle: Math.min(2, connectionLimit),
    idleTimeout: 60_000,
  };
}

/** One connection's options (the pool's, and the rollup job's single connection). */
export function connectionOptions(settings: LedgerSettings): ConnectionOptions {
  const options: ConnectionOptions = {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database || undefined,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableKeepAlive: true,
    // Times are UTC in the ledger; numbers stay numbers unless they exceed 2^53.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    multipleStatements: false,
    flags: ['-LOCAL_FILES'],
  };
  const { tls } = settings;
  if (tls.mode !== 'disabled') {
    options.ssl = {
      // `required` encrypts without checking who answers; the verify modes check the chain, and
      // verify-full also the host name (mysql2's own switch: it ignores checkServerIdentity).
      rejectUnauthorized: tls.mode !== 'required',
      verifyIdentity: tls.mode === 'verify-full',
      ca: tls.caCert,
      cert: tls.clientCert,
      key: tls.clientKey,
    };
  }
  return options;
}

export function createPool(settings: LedgerSettings, connectionLimit?: number): Pool {
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  return mysql.createPool(poolOptions(settings, connectionLimit));
}
