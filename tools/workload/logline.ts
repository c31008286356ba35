/**
 * One JSON log line per request, as a Python JSON formatter on RAGFlow's API server would write it:
 * the level under `level` (Python's level names, lower case: the page matches them without case),
 * the trace and span ids of the request (Loki's derived field turns `trace_id` into a Jaeger link),
 * and the acting user's e-mail address masked. Nothing that carries user content goes in: `msg` is
 * a fixed text per outcome.
 */
import type { SimRequest } from './scenario';

export interface LogLine {
  time: string;
  level: SimRequest['level'];
  service_name: string;
  logger: string;
  msg: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  trace_id: string;
  span_id: string;
  /** Masked e-mail (`a***@example.com`), or null when nobody is logged in. */
  user: string | null;
  tenant_id: string | null;
  exc_type?: string;
}

/**
 * `alice.novak@acme.example` -> `a***@acme.example`: the first character of the local part and the
 * domain, enough to tell tenants and users apart while debugging, not enough to identify a person.
 * Anything that is not an address becomes `***`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) {
    return '***';
  }
  return `${email[0]}***${email.slice(at)}`;
}

export function logLine(req: SimRequest, serviceName: string): LogLine {
  const line: LogLine = {
    time: new Date(req.end).toISOString(),
    level: req.level,
    service_name: serviceName,
    logger: 'ragflow.api',
    msg: req.msg,
    method: req.endpoint.method,
    path: req.endpoint.path,
    status: req.status,
    duration_ms: Math.round(req.backendMs * 1000) / 1000,
    trace_id: req.traceId,
    // The Flask handler's span: the one that "logged" the line.
    span_id: req.backendSpanId,
    user: req.email === null ? null : maskEmail(req.email),
    tenant_id: req.user ? req.tenant!.id : null,
  };
  if (req.exceptionType) {
    line.exc_type = req.exceptionType;
  }
  return line;
}

/** The line as written to stdout (one JSON object, newline-terminated). */
export function formatLogLine(req: SimRequest, serviceName: string): string {
  return `${JSON.stringify(logLine(req, serviceName))}\n`;
}
