import {
  LOG_LEVELS,
  expressionsOf,
  jaegerSearchQuery,
  quoteString,
  serviceHealthQueries,
  type HealthExpression,
} from './serviceHealthQueries';

const byName = (list: HealthExpression[]) => Object.fromEntries(list.map((e) => [e.name, e]));

describe('service health queries', () => {
  const ragflow = byName(serviceHealthQueries('ragflow'));

  it.each<[string, string, string, string | undefined]>([
    [
      'requestRate',
      'promql',
      'sum by (status) (rate(flask_http_request_total{job="ragflow"}[$__rate_interval]))',
      '{{status}}',
    ],
    [
      'errorRatio',
      'promql',
      '(sum(rate(flask_http_request_total{job="ragflow", status=~"5.."}[$__rate_interval])) or vector(0)) / sum(rate(flask_http_request_total{job="ragflow"}[$__rate_interval]))',
      '5xx responses',
    ],
    [
      'exceptionRate',
      'promql',
      'sum(rate(flask_http_request_exceptions_total{job="ragflow"}[$__rate_interval])) or 0 * sum(rate(flask_http_request_total{job="ragflow"}[$__rate_interval]))',
      'exceptions',
    ],
    [
      'latencyP50',
      'promql',
      'histogram_quantile(0.5, sum by (le) (rate(flask_http_request_duration_seconds_bucket{job="ragflow"}[$__rate_interval])))',
      'p50',
    ],
    [
      'latencyP90',
      'promql',
      'histogram_quantile(0.9, sum by (le) (rate(flask_http_request_duration_seconds_bucket{job="ragflow"}[$__rate_interval])))',
      'p90',
    ],
    [
      'latencyP99',
      'promql',
      'histogram_quantile(0.99, sum by (le) (rate(flask_http_request_duration_seconds_bucket{job="ragflow"}[$__rate_interval])))',
      'p99',
    ],
    [
      'latencyMean',
      'promql',
      'sum(rate(flask_http_request_duration_seconds_sum{job="ragflow"}[$__rate_interval])) / sum(rate(flask_http_request_duration_seconds_count{job="ragflow"}[$__rate_interval]))',
      'mean',
    ],
    [
      'cpu',
      'promql',
      'sum by (instance) (rate(process_cpu_seconds_total{job="ragflow"}[$__rate_interval]))',
      '{{instance}}',
    ],
    ['memory', 'promql', 'sum by (instance) (process_resident_memory_bytes{job="ragflow"})', '{{instance}}'],
    [
      'logVolume',
      'logql',
      'sum by (level) (count_over_time({service_name="ragflow"} | json | __error__="" [$__interval]))',
      '{{level}}',
    ],
    ['logs', 'logql', '{service_name="ragflow"} | json', undefined],
  ])('%s is %s: %s', (name, language, expr, legend) => {
    expect(ragflow[name]).toEqual({ name, language, expr, ...(legend === undefined ? {} : { legend }) });
  });

  it('lists each expression once, PromQL first, with unique names (they are refIds)', () => {
    const list = serviceHealthQueries('ragflow');
    expect(list.map((e) => e.name)).toEqual([
      'requestRate',
      'errorRatio',
      'exceptionRate',
      'latencyP50',
      'latencyP90',
      'latencyP99',
      'latencyMean',
      'cpu',
      'memory',
      'logVolume',
      'logs',
    ]);
    expect(expressionsOf(list, 'logql').map((e) => e.name)).toEqual(['logVolume', 'logs']);
  });

  it('uses no Grafana syntax but $__rate_interval and $__interval', () => {
    for (const { expr } of serviceHealthQueries('ragflow')) {
      expect(expr.replace(/\$__rate_interval|\$__interval/g, '')).not.toContain('$');
    }
  });

  it('selects the service in every expression, so another name changes them all', () => {
    const other = serviceHealthQueries('billing-api');
    for (const { expr, language } of other) {
      expect(expr).toContain(language === 'promql' ? 'job="billing-api"' : '{service_name="billing-api"}');
      expect(expr).not.toContain('ragflow');
    }
  });

  describe('escaping the service name', () => {
    it.each([
      ['a double quote', 'rag"flow', '"rag\\"flow"'],
      ['a backslash', 'rag\\flow', '"rag\\\\flow"'],
      ['a backslash before a quote', 'rag\\"', '"rag\\\\\\""'],
      ['a newline', 'rag\nflow', '"rag\\nflow"'],
      ['a tab and a carriage return', 'a\tb\rc', '"a\\tb\\rc"'],
      ['regex characters, which `=` matchers take literally', 'rag.flow|x', '"rag.flow|x"'],
      ['non-ASCII text', 'sérvice-名', '"sérvice-名"'],
    ])('quotes %s', (_case, name, quoted) => {
      expect(quoteString(name)).toBe(quoted);
      const list = byName(serviceHealthQueries(name));
      expect(list.memory.expr).toBe(`sum by (instance) (process_resident_memory_bytes{job=${quoted}})`);
      expect(list.logs.expr).toBe(`{service_name=${quoted}} | json`);
    });
  });

  describe('log level filter', () => {
    it.each([
      ['one level', 'error', '{service_name="ragflow"} | json | level=~"(?i)(error)"'],
      ['several levels', 'warning|error', '{service_name="ragflow"} | json | level=~"(?i)(warning|error)"'],
      ["the page's variable", '${level:pipe}', '{service_name="ragflow"} | json | level=~"(?i)(${level:pipe})"'],
      ['a pattern with a backslash', '\\w+', '{service_name="ragflow"} | json | level=~"(?i)(\\\\w+)"'],
    ])('filters the logs by %s', (_case, levelRegex, expr) => {
      const list = byName(serviceHealthQueries('ragflow', { levelRegex }));
      expect(list.logs.expr).toBe(expr);
    });

    it('leaves the log volume and the metrics alone', () => {
      const plain = serviceHealthQueries('ragflow');
      const filtered = serviceHealthQueries('ragflow', { levelRegex: 'error' });
      expect(filtered.filter((e) => e.name !== 'logs')).toEqual(plain.filter((e) => e.name !== 'logs'));
    });

    it('offers the Python level names', () => {
      expect(LOG_LEVELS.map((l) => l.value)).toEqual(['debug', 'info', 'warning', 'error', 'critical']);
    });
  });

  it('searches Jaeger for the 20 latest traces of the service', () => {
    expect(jaegerSearchQuery('ragflow')).toEqual({
      refId: 'traces',
      queryType: 'search',
      service: 'ragflow',
      limit: 20,
    });
    // A Jaeger search is JSON, not an expression: the name goes in as it is.
    expect(jaegerSearchQuery('rag"flow').service).toBe('rag"flow');
  });
});
