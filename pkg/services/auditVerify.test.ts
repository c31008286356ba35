import type { StoredLink } from '../../src/shared/auditChain';
import type { Statement } from '../queries/sql';
import { testSettings } from '../testing/settings';
import { storedLink } from './auditChainWalk';
import { chainPages, chainReport, chainScope } from './auditVerify';
import type { ChainReport } from './auditVerifyFrames';

const T = Date.UTC(2026, 10, 18, 12);
const event = (id: string, createTime: number) => ({ id, createTime }) as StoredLink;

describe('which chains a query verifies', () => {
  it.each<[string, string | undefined, object, string[] | undefined]>([
    ['every chain', undefined, {}, undefined],
    ['the one named', undefined, { tenant: 'acme' }, ['acme']],
    ['the chain without a tenant', undefined, { tenant: '' }, ['']],
    ['the tenants listed, once each', undefined, { tenants: ['b', 'a', 'b'] }, ['b', 'a']],
    ['the one named wins over the list', undefined, { tenant: 'a', tenants: ['b'] }, ['a']],
    ['an empty list is every chain', undefined, { tenants: [] }, undefined],
    ['pinned: only its tenant’s', 't9', {}, ['t9']],
    ['pinned, its tenant named', 't9', { tenant: 't9' }, ['t9']],
    ['pinned, another tenant named: none', 't9', { tenant: 'acme' }, []],
    ['pinned, the chain without a tenant named: none', 't9', { tenant: '' }, []],
    ['pinned, a list: only its tenant of it', 't9', { tenants: ['a', 't9'] }, ['t9']],
  ])('%s', (_name, pinnedTenant, q, expected) => {
    expect(chainScope({ pinnedTenant }, q)).toEqual(expected);
  });
});

describe('a chain’s report', () => {
  const first = event('e1', T - 3000);
  const last = event('e9', T);
  it.each<[string, Parameters<typeof chainReport>[1], number, Partial<ChainReport>]>([
    [
      'verified to its last event',
      { verified: 9, first, last },
      2,
      { status: 'verified', verified: 9, firstVerifiedMs: T - 3000, lastVerifiedMs: T, notChained: 2, message: null },
    ],
    [
      'broken at an event, verified up to the one before',
      {
        verified: 4,
        first,
        last: event('e4', T - 2000),
        broken: { kind: 'content_edited', event: event('e5', T - 1000), message: 'changed' },
      },
      0,
      {
        status: 'broken',
        verified: 4,
        lastVerifiedMs: T - 2000,
        breakKind: 'content_edited',
        breakEventId: 'e5',
        breakTimeMs: T - 1000,
        message: 'changed',
      },
    ],
    [
      'broken with no event left',
      { verified: 0, first: null, last: null, broken: { kind: 'row_missing', event: null, message: 'gone' } },
      0,
      { status: 'broken', breakKind: 'row_missing', breakEventId: null, breakTimeMs: null, firstVerifiedMs: null },
    ],
    ['nothing chained, events without a link', { verified: 0, first: null, last: null }, 3, { status: 'not chained' }],
    ['nothing at all', { verified: 0, first: null, last: null }, 0, { status: 'empty' }],
    [
      'verified without a head: the note is the message',
      { verified: 9, first, last, note: 'no head row' },
      0,
      { status: 'verified', message: 'no head row' },
    ],
  ])('%s', (_name, walk, notChained, expected) => {
    expect(chainReport('acme', walk, notChained)).toMatchObject({ tenant: 'acme', ...expected });
  });

  it('reads a stored row as the canonical form covers it: BIGINT text as numbers, NULL hashes as empty', () => {
    expect(
      storedLink('acme', {
        id: 'e1',
        tenant_id: 'acme',
        user_id: null,
        action: 'KB_CREATE',
        details: null,
        create_time: String(T),
        chain_seq: '7',
        prev_hash: null,
        row_hash: null,
      })
    ).toEqual({
      id: 'e1',
      tenantId: 'acme',
      userId: null,
      action: 'KB_CREATE',
      details: null,
      createTime: T,
      chainKey: 'acme',
      chainSeq: 7,
      prevHash: '',
      rowHash: '',
    });
  });
});

describe('the pages of a chain', () => {
  /** A chain's rows at these places, answered as MariaDB would the statements' ranges. */
  function database(places: number[]) {
    const statements: Statement[] = [];
    const row = (p: number) => ({
      id: `e${p}`,
      tenant_id: 'acme',
      user_id: null,
      action: 'A',
      details: null,
      create_time: T + p,
      chain_seq: p,
      prev_hash: 'p',
      row_hash: 'r',
    });
    const select = async <R>(st: Statement): Promise<R[]> => {
      statements.push(st);
      if (st.sql.startsWith('SELECT MIN(')) {
        return [{ first: places.length > 0 ? Math.min(...places) : null }] as R[];
      }
      const bounded = st.sql.includes('`chain_seq` < ?');
      const [, from, to] = st.params as number[];
      const limit = st.params[st.params.length - 1] as number;
      return places
        .filter((p) => p >= from && (!bounded || p < to))
        .slice(0, limit)
        .map(row) as R[];
    };
    return { statements, pages: chainPages(testSettings(), 'acme', select) };
  }
  const ranges = (statements: Statement[]) =>
    statements.map((s) => (s.sql.startsWith('SELECT MIN(') ? 'first' : s.params.slice(1, -1).join('..')));

  it('starts at the first place, and reads a bounded range of places', async () => {
    const { statements, pages } = database([3, 4, 5, 6, 7, 8, 9]);
    expect((await pages(null, 4)).map((r) => r.chainSeq)).toEqual([3, 4, 5, 6]);
    expect((await pages(7, 4)).map((r) => r.chainSeq)).toEqual([7, 8, 9]);
    expect(ranges(statements)).toEqual(['first', '3..7', '7..11', '11']);
  });

  it('reads past a gap, so that the walk meets the event after it', async () => {
    const { statements, pages } = database([1, 2, 9, 10, 11]);
    expect((await pages(null, 4)).map((r) => r.chainSeq)).toEqual([1, 2, 9, 10]);
    expect(ranges(statements)).toEqual(['first', '1..5', '5']);
  });

  it('has no page for a chain without events', async () => {
    expect(await database([]).pages(null, 4)).toEqual([]);
  });
});
