import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex4, hex8, uuid1Hex, uuid1Millis, uuid7Hex, uuid7Millis } from './ids';
import { cumulative, fnv1a32, Rng } from './prng';
import { apportion } from './rhythm';
import { schemaDir, splitSqlStatements } from './schema';
import { tsvText, utcDateTime, utcDateTime3 } from './tsv';

describe('Rng', () => {
  // Pinned outputs: if these change, every seeded data set changes with them.
  it.each([
    [42, [1638748083, 721226348, 1272765990]],
    ['demo', [61180888, 3746081009]],
  ])('seed %p starts with %p', (seed, expected) => {
    const rng = new Rng(seed);
    expect(expected.map(() => rng.uint32())).toEqual(expected);
  });

  it.each([
    ['same seed', 7, 7, true],
    ['number and its text', 7, '7', true],
    ['neighbouring seeds', 7, 8, false],
    ['different text', 'a', 'b', false],
  ])('%s: equal sequences = %p', (_name, a, b, equal) => {
    const x = new Rng(a);
    const y = new Rng(b);
    const xs = Array.from({ length: 8 }, () => x.uint32());
    const ys = Array.from({ length: 8 }, () => y.uint32());
    expect(xs.join() === ys.join()).toBe(equal);
  });

  it('forks are independent of how much the parent was used', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    b.uint32();
    b.normal();
    expect(a.fork('usage').uint32()).toBe(b.fork('usage').uint32());
    expect(a.fork('usage').uint32()).not.toBe(a.fork('audit').uint32());
  });

  it.each([
    ['int(6)', (r: Rng) => r.int(6), 0, 5, true],
    ['intBetween(3, 9)', (r: Rng) => r.intBetween(3, 9), 3, 9, true],
    ['between(-1, 1)', (r: Rng) => r.between(-1, 1), -1, 1, false],
    ['next()', (r: Rng) => r.next(), 0, 1, false],
  ])('%s stays within its range', (_name, draw, min, max, integer) => {
    const rng = new Rng('range');
    const seen = new Set<number>();
    let outside = 0;
    for (let i = 0; i < 20000; i++) {
      const x = draw(rng);
      if (x < min || (integer ? x > max : x >= max)) {
        outside++;
      }
      seen.add(x);
    }
    expect(outside).toBe(0);
    if (integer) {
      expect(seen.size).toBe(max - min + 1); // every value reached
    }
  });

  it('weightedIndex follows the weights', () => {
    const rng = new Rng('weights');
    const cum = cumulative([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40000; i++) {
      counts[rng.weightedIndex(cum)]!++;
    }
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
  });

  it('normal and logNormal have the right centre and spread', () => {
    const rng = new Rng('normal');
    const xs = Array.from({ length: 40000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    const ln = Array.from({ length: 20001 }, () => rng.logNormal(1800, 0.8)).sort((a, b) => a - b);
    expect(ln[10000]! / 1800).toBeGreaterThan(0.95);
    expect(ln[10000]! / 1800).toBeLessThan(1.05);
  });

  it.each([1, 8, 24, 32])('hex(%p) gives that many lowercase hex digits', (length) => {
    expect(new Rng('hex').hex(length)).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
  });

  it('fnv1a32 matches the reference values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('ids', () => {
  it.each([
    [0, '00000000'],
    [255, '000000ff'],
    [0xdeadbeef, 'deadbeef'],
    [0xffffffff, 'ffffffff'],
  ])('hex8(%p) = %p', (value, hex) => {
    expect(hex8(value)).toBe(hex);
    expect(hex4(value)).toBe(hex.slice(4));
  });

  it.each([Date.UTC(2025, 2, 3, 9), Date.UTC(2026, 10, 1, 23, 59, 59, 999), Date.UTC(1999, 0, 1)])(
    'uuid1Hex and uuid7Hex keep the instant %p',
    (ms) => {
      const v1 = uuid1Hex(ms, 1234, 0x2a, 0xca7a, 7);
      expect(v1).toMatch(/^[0-9a-f]{12}1[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
      expect(uuid1Millis(v1)).toBe(ms);
      const v7 = uuid7Hex(ms, 0xabc, 0x1234, 0x05ee, 7);
      expect(v7).toMatch(/^[0-9a-f]{12}7abc[89ab][0-9a-f]{3}05ee00000007$/);
      expect(uuid7Millis(v7)).toBe(ms);
    }
  );

  it('uuid7 ids sort by time', () => {
    const a = uuid7Hex(Date.UTC(2026, 0, 1), 0xfff, 0x3fff, 0xffff, 0xffffffff);
    const b = uuid7Hex(Date.UTC(2026, 0, 1) + 1, 0, 0, 0, 0);
    expect(a < b).toBe(true);
  });
});

describe('apportion', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [0, [1, 2], [0, 0]],
    [7, [0, 1, 0], [0, 7, 0]],
    [5, [0.2, 0.2, 0.2, 0.2, 0.2], [1, 1, 1, 1, 1]],
    [3, [1, 1, 1, 1], [1, 1, 1, 0]],
    [1000003, [3, 1, 2], [500002, 166667, 333334]],
  ])('splits %p over %p as %p', (total, weights, expected) => {
    const counts = Array.from(apportion(total, weights));
    expect(counts).toEqual(expected);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(total);
  });
});

describe('tsv', () => {
  it.each([
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['{"tz":"UTC+8\\tAsia/Shanghai"}', '{"tz":"UTC+8\\\\tAsia/Shanghai"}'],
    [null, '\\N'],
  ])('tsvText(%p) = %p', (value, expected) => {
    expect(tsvText(value)).toBe(expected);
  });

  it.each([
    [Date.UTC(2026, 9, 4, 0, 13, 36, 838), '2026-10-04 00:13:36.838', '2026-10-04 00:13:36'],
    [Date.UTC(2026, 9, 4, 0, 13, 36, 5), '2026-10-04 00:13:36.005', '2026-10-04 00:13:36'],
    [Date.UTC(2026, 11, 31, 23, 59, 59, 999), '2026-12-31 23:59:59.999', '2026-12-31 23:59:59'],
    [Date.UTC(2026, 0, 1), '2026-01-01 00:00:00.000', '2026-01-01 00:00:00'],
  ])('%p is %p (and %p without milliseconds)', (ms, withMillis, seconds) => {
    expect(utcDateTime3(ms)).toBe(withMillis);
    expect(utcDateTime(ms)).toBe(seconds);
  });
});

describe('splitSqlStatements', () => {
  it.each([
    ['one', 'SELECT 1', ['SELECT 1']],
    ['trailing semicolons and blanks', 'SELECT 1;;\n\n SELECT 2 ;\n', ['SELECT 1', 'SELECT 2']],
    ['semicolon in a string', "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", 'SELECT 2']],
    ['escaped and doubled quotes', "SELECT 'it''s;', 'x\\';y'; SELECT 3", ["SELECT 'it''s;', 'x\\';y'", 'SELECT 3']],
    ['backticks', 'SELECT `a;b` FROM t; SELECT 4', ['SELECT `a;b` FROM t', 'SELECT 4']],
    [
      'line comments with quotes',
      "-- MySQL's rule; really\nSELECT 5; # it's; here\nSELECT 6",
      ['SELECT 5', 'SELECT 6'],
    ],
    ['block comment', 'SELECT /* ; ' + "' */ 7", ['SELECT   7']],
    ['executable comment kept', 'SELECT /*!50000 8 */', ['SELECT /*!50000 8 */']],
    ['only comments', '-- nothing\n/* at all */', []],
    ['double dash without space is code', 'SELECT 1--1', ['SELECT 1--1']],
  ])('%s', (_name, sql, expected) => {
    expect(splitSqlStatements(sql)).toEqual(expected);
  });

  it.each([["SELECT 'open"], ['SELECT /* open']])('rejects %p', (sql) => {
    expect(() => splitSqlStatements(sql)).toThrow(/unterminated/);
  });

  it.each([
    ['001_ledger.sql', 2],
    ['002_readonly_user.sql', 19],
    [join('partitioned', '001_ledger_partitioned.sql'), 2],
  ])('%s has %p statements', (file, count) => {
    const statements = splitSqlStatements(readFileSync(join(schemaDir(), file), 'utf8'));
    expect(statements).toHaveLength(count);
    for (const s of statements) {
      expect(s).not.toMatch(/--/);
    }
  });
});
