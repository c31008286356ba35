/**
 * Every error the backend reports, with a stable code, mapped once to what each channel needs:
 * a per-query HTTP status and `errorSource` for QueryData, an HTTP status for resources, and a
 * message for health checks. `plugin` errors are ours (or the panel's query); `downstream` errors
 * come from what we talk to (MySQL), which Grafana uses to tell users and SLOs apart.
 */

export type ErrorSource = 'plugin' | 'downstream';

interface ErrorKind {
  status: number;
  source: ErrorSource;
}

export const ERROR_KINDS = {
  /** The query JSON is not JSON. */
  'query.invalid_json': { status: 400, source: 'plugin' },
  /** A field of the query has the wrong type or value; the message names the field. */
  'query.invalid_field': { status: 400, source: 'plugin' },
  /** No datasource instance settings came with the request. */
  'request.no_datasource': { status: 400, source: 'plugin' },
  /** The resource path or method is not served. */
  'resource.not_found': { status: 404, source: 'plugin' },
  'resource.method_not_allowed': { status: 405, source: 'plugin' },
  'resource.bad_request': { status: 400, source: 'plugin' },
  /** Grafana (or the browser) cancelled the request, or its deadline passed. */
  'request.cancelled': { status: 499, source: 'downstream' },
  'request.deadline_exceeded': { status: 504, source: 'downstream' },
  /** The signed-in user's role is below what the datasource's settings require. */
  'access.denied': { status: 403, source: 'plugin' },
  /** The datasource's settings are invalid; the message names the field. */
  'settings.invalid': { status: 400, source: 'plugin' },
  /** MySQL cannot be reached (refused, unknown host, timed out, connection lost). */
  'db.unreachable': { status: 503, source: 'downstream' },
  /** MySQL refused the user, its password, or its access to the database or a table. */
  'db.access_denied': { status: 502, source: 'downstream' },
  'db.unknown_database': { status: 502, source: 'downstream' },
  /** The TLS handshake with MySQL failed (certificate, host name, or TLS not offered). */
  'db.tls': { status: 502, source: 'downstream' },
  /** The statement ran past the datasource's query timeout and MySQL stopped it. */
  'db.timeout': { status: 504, source: 'downstream' },
  /** A configured table or column does not exist. */
  'db.schema': { status: 502, source: 'downstream' },
  /** Any other error MySQL reported. */
  'db.error': { status: 502, source: 'downstream' },
  /** A bug or an unexpected failure inside the plugin. */
  internal: { status: 500, source: 'plugin' },
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_KINDS;

export class PluginError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly source: ErrorSource;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PluginError';
    this.code = code;
    this.status = ERROR_KINDS[code].status;
    this.source = ERROR_KINDS[code].source;
  }
}

/** Any thrown value as a PluginError; unknown errors become `internal` (their message kept for the log). */
export function toPluginError(err: unknown): PluginError {
  if (err instanceof PluginError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PluginError('internal', message, { cause: err });
}

/** An invalid query field, worded the same everywhere: `invalid query: rows: …`. */
export function invalidField(field: string, message: string): PluginError {
  return new PluginError('query.invalid_field', `invalid query: ${field}: ${message}`);
}
