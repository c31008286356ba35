/**
 * @jest-environment-options {"customExportConditions": ["node"]}
 */
// Every LogQL expression the app, its dashboards and its datasources send to Loki, parsed with the
// grammar Grafana's own Loki editor uses (@grafana/lezer-logql), as Loki would see it after Grafana
// has replaced its variables.
import { parser } from '@grafana/lezer-logql';
import { serviceHealthQueries } from '../pages/ServiceHealth/serviceHealthQueries';
import { provisionedLogql, PROVISIONED_SERVICE } from './provisioningFiles';

/** What Grafana puts in place of its variables before the query leaves for Loki. */
function asSent(expr: string): string {
  return expr
    .replace(/\$__interval\b/g, '1m')
    .replace(/\$__rate_interval\b/g, '1m')
    .replace(/\$\{level:pipe\}/g, 'debug|info|warning|error|critical');
}

/** The first node lezer could not parse, as `offset: text`, or null. */
function firstError(expr: string): string | null {
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) {
      return `${cursor.from}: ${expr.slice(Math.max(0, cursor.from - 10), cursor.from + 10)}`;
    }
  } while (cursor.next());
  return null;
}

const pageExpressions = serviceHealthQueries(PROVISIONED_SERVICE, { levelRegex: '${level:pipe}' })
  .filter((q) => q.language === 'logql')
  .map((q) => [`page ${q.name}`, q.expr] as const);
const provisioned = provisionedLogql().map((e) => [e.source, e.expr] as const);

describe('LogQL', () => {
  it('there are expressions to check, from the page and from the dashboards', () => {
    expect(pageExpressions.length).toBeGreaterThan(0);
    expect(provisioned.length).toBeGreaterThan(0);
  });

  it.each([...pageExpressions, ...provisioned])('%s parses as LogQL', (_source, expr) => {
    expect(firstError(asSent(expr))).toBeNull();
  });

  it('the parser is live: a broken expression is refused', () => {
    expect(firstError('{service_name="ragflow"} | json | level=~')).not.toBeNull();
  });
});
