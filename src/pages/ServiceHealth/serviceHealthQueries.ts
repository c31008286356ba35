/**
 * Every PromQL and LogQL expression of the Service Health page, built from the monitored service's
 * name by one function, plus the page's Jaeger search. Tests (and the integration tests that run the
 * PromQL on a real Prometheus and parse the LogQL) take the list from here, so what they check is
 * what the page sends.
 *
 * Metrics are prometheus-flask-exporter's (`flask_http_request_*`) and the process collector's of
 * the same prometheus_client (`process_*`), selected by the scrape job = the service name. Logs are
 * the service's JSON lines in Loki, selected by the `service_name` stream label. The only
 * Grafana-only syntax is `$__rate_interval` and `$__interval`; the page's level filter is passed in
 * by the caller (see `levelRegex`).
 */

export type HealthLanguage = 'promql' | 'logql';

export type HealthQueryName =
  | 'requestRate'
  | 'errorRatio'
  | 'exceptionRate'
  | 'latencyP50'
  | 'latencyP90'
  | 'latencyP99'
  | 'latencyMean'
  | 'cpu'
  | 'memory'
  | 'logVolume'
  | 'logs';

export interface HealthExpression {
  /** Unique in the list; the page uses it as the query's refId. */
  name: HealthQueryName;
  language: HealthLanguage;
  expr: string;
  /** Grafana's legend format for metric series; absent for log lines. */
  legend?: string;
}

export interface HealthQueryOptions {
  /**
   * A RE2 alternation of the JSON `level` values the log panel keeps, matched without case (the
   * page passes its level variable, which Grafana replaces with one). Unset, every line is kept.
   */
  levelRegex?: string;
}

/**
 * The levels the page offers: Python's logging level names, which the service's JSON formatter
 * writes as `level` (matched without case, so `ERROR` and `error` both count).
 */
export const LOG_LEVELS = [
  { value: 'debug', label: 'Debug' },
  { value: 'info', label: 'Info' },
  { value: 'warning', label: 'Warning' },
  { value: 'error', label: 'Error' },
  { value: 'critical', label: 'Critical' },
] as const;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A double-quoted PromQL/LogQL string. Both read it with Go's escapes, where only the backslash,
 * the double quote and a newline cannot stand as they are; carriage returns and tabs are escaped
 * only to keep the expression on one readable line.
 */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c])}"`;
}

const RATE_WINDOW = '[$__rate_interval]';

export function serviceHealthQueries(serviceName: string, options: HealthQueryOptions = {}): HealthExpression[] {
  const job = `job=${quoteString(serviceName)}`;
  const rate = (metric: string, matchers = job) => `rate(${metric}{${matchers}}${RATE_WINDOW})`;
  const requests = `sum(${rate('flask_http_request_total')})`;
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (${rate('flask_http_request_duration_seconds_bucket')}))`;
  const stream = `{service_name=${quoteString(serviceName)}}`;
  const levelFilter = options.levelRegex === undefined ? '' : ` | level=~${quoteString(`(?i)(${options.levelRegex})`)}`;

  return [
    {
      name: 'requestRate',
      language: 'promql',
      expr: `sum by (status) (${rate('flask_http_request_total')})`,
      legend: '{{status}}',
    },
    {
      // No 5xx counter yet reads as 0 rather than no data; no requests at all stays no data.
      name: 'errorRatio',
      language: 'promql',
      expr: `(sum(${rate('flask_http_request_total', `${job}, status=~"5.."`)}) or vector(0)) / ${requests}`,
      legend: '5xx responses',
    },
    {
      // The exporter creates the counter on the first exception: until then, 0 while requests come in.
      name: 'exceptionRate',
      language: 'promql',
      expr: `sum(${rate('flask_http_request_exceptions_total')}) or 0 * ${requests}`,
      legend: 'exceptions',
    },
    { name: 'latencyP50', language: 'promql', expr: quantile(0.5), legend: 'p50' },
    { name: 'latencyP90', language: 'promql', expr: quantile(0.9), legend: 'p90' },
    { name: 'latencyP99', language: 'promql', expr: quantile(0.99), legend: 'p99' },
    {
      name: 'latencyMean',
      language: 'promql',
      expr: `sum(${rate('flask_http_request_duration_seconds_sum')}) / sum(${rate('flask_http_request_duration_seconds_count')})`,
      legend: 'mean',
    },
    {
      // CPU seconds per second: the cores the process uses.
      name: 'cpu',
      language: 'promql',
      expr: `sum by (instance) (${rate('process_cpu_seconds_total')})`,
      legend: '{{instance}}',
    },
    {
      name: 'memory',
      language: 'promql',
      expr: `sum by (instance) (process_resident_memory_bytes{${job}})`,
      legend: '{{instance}}',
    },
    {
      // Every level, whatever the filter, so that the chart shows which levels there are to pick.
      // Lines that are not JSON carry __error__ and are left out rather than failing the metric query.
      name: 'logVolume',
      language: 'logql',
      expr: `sum by (level) (count_over_time(${stream} | json | __error__="" [$__interval]))`,
      legend: '{{level}}',
    },
    {
      // The line stays as written (no line_format): the Loki datasource's derived fields find the
      // trace id in it and link to the trace.
      name: 'logs',
      language: 'logql',
      expr: `${stream} | json${levelFilter}`,
    },
  ];
}

/** The expressions of one language, in list order. */
export function expressionsOf(list: HealthExpression[], language: HealthLanguage): HealthExpression[] {
  return list.filter((e) => e.language === language);
}

/** Grafana's Jaeger query model for a trace search (the datasource's `queryType: 'search'`). */
export interface JaegerSearchQuery {
  refId: string;
  queryType: 'search';
  service: string;
  limit: number;
}

export const TRACE_SEARCH_LIMIT = 20;

/** The service's latest traces; Grafana's Jaeger datasource links each trace id to its trace view. */
export function jaegerSearchQuery(serviceName: string): JaegerSearchQuery {
  return { refId: 'traces', queryType: 'search', service: serviceName, limit: TRACE_SEARCH_LIMIT };
}
