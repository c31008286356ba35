import { containsPattern, quoteIdentifier, utcDateTime, where } from './sql';

describe('sql pieces', () => {
  it.each(['token_usage_log', 'A1', '_x'])('quotes the identifier %s', (name) => {
    expect(quoteIdentifier(name)).toBe(`\`${name}\``);
  });

  it.each(['a`b', 'a b', '1abc', '', 'x;y', 'a'.repeat(65)])('refuses %j as an identifier', (name) => {
    expect(() => quoteIdentifier(name)).toThrow(/refusing identifier/);
  });

  it.each([
    ['plain', '%plain%'],
    ['50%', '%50!%%'],
    ['a_b', '%a!_b%'],
    ['!', '%!!%'],
  ])('escapes LIKE wildcards in %j', (search, pattern) => {
    expect(containsPattern(search)).toBe(pattern);
  });

  it('writes UTC DATETIME(3) parameters', () => {
    expect(utcDateTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02 03:04:05.006');
  });

  it('joins conditions and skips absent ones', () => {
    expect(where([{ sql: 'a = ?', params: [1] }, null, { sql: 'b = ?', params: [2] }])).toEqual({
      sql: ' WHERE a = ? AND b = ?',
      params: [1, 2],
    });
    expect(where([null])).toEqual({ sql: '', params: [] });
  });
});
