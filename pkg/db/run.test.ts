import { flavorOf, withTimeout } from './run';

describe('statement time limits', () => {
  it.each([
    ['mysql', 'SELECT 1', 30, 'SELECT /*+ MAX_EXECUTION_TIME(30000) */ 1'],
    ['mariadb', 'SELECT 1', 30, 'SET STATEMENT max_statement_time=30 FOR SELECT 1'],
    ['mysql', 'SELECT DISTINCT a FROM t', 1.7, 'SELECT /*+ MAX_EXECUTION_TIME(1000) */ DISTINCT a FROM t'],
  ] as const)('%s: %s with %ss', (flavor, sql, seconds, expected) => {
    expect(withTimeout(sql, flavor, seconds)).toBe(expected);
  });

  it.each([
    ['10.11.19-MariaDB-0+deb12u1', 'mariadb'],
    ['8.0.40', 'mysql'],
    ['5.5.5-10.6.12-MariaDB', 'mariadb'],
  ])('tells %s is %s', (version, flavor) => {
    expect(flavorOf(version)).toBe(flavor);
  });
});
