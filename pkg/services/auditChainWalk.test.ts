import { auditCanonical, linkEvents, type StoredLink } from '../../src/shared/auditChain';
import { sha256Hex, splitBatch, walkStoredChain, type ChainMarks, type FetchPage } from './auditChainWalk';

/** A chain of n events of tenant t1, as the writer stores them. */
function chain(n: number): StoredLink[] {
  const events = Array.from({ length: n }, (_, i) => ({
    id: `e${String(i + 1).padStart(3, '0')}`,
    tenantId: 't1',
    userId: 'u1',
    action: 'KB_UPDATE',
    details: JSON.stringify({ n: i + 1 }),
    createTime: 1_764_000_000_000 + i * 1000,
  }));
  const { links } = linkEvents(events, new Map(), sha256Hex);
  return events.map((e, i) => ({ ...e, ...links[i] }));
}

const rehash = (r: StoredLink): StoredLink => ({ ...r, rowHash: sha256Hex(auditCanonical(r)) });

/** The rows as the page statement reads them: from a place on, by place then id, at most `limit`. */
function fetcher(rows: StoredLink[], calls: Array<[number | null, number]> = []): FetchPage {
  const sorted = [...rows].sort((a, b) => a.chainSeq - b.chainSeq || (a.id < b.id ? -1 : 1));
  return async (fromSeq, limit) => {
    calls.push([fromSeq, limit]);
    return sorted.filter((r) => fromSeq === null || r.chainSeq >= fromSeq).slice(0, limit);
  };
}

const rows = chain(25);
const head = (c: StoredLink[]) => ({ seq: c[c.length - 1].chainSeq, hash: c[c.length - 1].rowHash });
const marks = (c: StoredLink[], more: Partial<ChainMarks> = {}): ChainMarks => ({
  head: head(c),
  checkpoints: [],
  ...more,
});
// Pages of 4 with 2 rows of lookahead: the 25 events take 7 pages, so breaks fall on page edges too.
const options = { pageRows: 4, aheadRows: 2 };
const walk = (c: StoredLink[], m: ChainMarks = marks(rows)) => walkStoredChain(fetcher(c), m, options);
const at = (id: string) => rows.find((r) => r.id === id)!;
const swap = (c: StoredLink[], a: number, b: number) =>
  c.map((r) => (r.chainSeq === a ? { ...r, chainSeq: b } : r.chainSeq === b ? { ...r, chainSeq: a } : r));

describe('walking a stored chain in pages', () => {
  it('verifies an untouched chain in pages, each starting where the last one stopped', async () => {
    const calls: Array<[number | null, number]> = [];
    const out = await walkStoredChain(fetcher(rows, calls), marks(rows), options);
    expect(out).toEqual({ verified: 25, first: rows[0], last: rows[24] });
    expect(calls).toEqual([
      [null, 6],
      [5, 6],
      [9, 6],
      [13, 6],
      [17, 6],
      [21, 6],
    ]);
  });

  it.each<[string, (c: StoredLink[]) => StoredLink[], string, string | null, number]>([
    [
      'a detail edited',
      (c) => c.map((r) => (r.id === 'e010' ? { ...r, details: '{"n":99}' } : r)),
      'content_edited',
      'e010',
      9,
    ],
    [
      'an edit re-hashed',
      (c) => c.map((r) => (r.id === 'e012' ? rehash({ ...r, userId: 'x' }) : r)),
      'content_edited',
      'e012',
      11,
    ],
    [
      'an edit re-hashed at the end of a page',
      (c) => c.map((r) => (r.id === 'e008' ? rehash({ ...r, userId: 'x' }) : r)),
      'content_edited',
      'e008',
      7,
    ],
    ['a row deleted', (c) => c.filter((r) => r.id !== 'e007'), 'row_missing', 'e008', 6],
    ['a row deleted at a page edge', (c) => c.filter((r) => r.id !== 'e005'), 'row_missing', 'e006', 4],
    [
      'a forged row at a taken place',
      (c) => [...c, { ...c[15], id: 'e016x', details: '{}' }],
      'row_inserted',
      'e016x',
      16,
    ],
    ['two rows swapped', (c) => swap(c, 13, 14), 'order_changed', 'e014', 12],
    ['two rows swapped across a page edge', (c) => swap(c, 8, 9), 'order_changed', 'e009', 7],
    ['the last events deleted', (c) => c.slice(0, 20), 'row_missing', 'e020', 20],
    ['the first event deleted', (c) => c.slice(1), 'row_missing', 'e002', 0],
  ])('finds %s', async (_name, tamper, kind, event, verified) => {
    const out = await walk(tamper(rows));
    expect(out.broken).toMatchObject({ kind, event: event === null ? null : { id: event } });
    expect(out.verified).toBe(verified);
  });

  it('finds a forged row past the head', async () => {
    const forged = rehash({ ...rows[24], id: 'forged', chainSeq: 26, prevHash: rows[24].rowHash });
    expect((await walk([...rows, forged])).broken).toMatchObject({ kind: 'row_inserted', event: { id: 'forged' } });
  });

  it('finds a last event edited and re-hashed, by the hash the head recorded', async () => {
    const edited = rows.map((r) => (r.id === 'e025' ? rehash({ ...r, action: 'KB_READ' }) : r));
    expect((await walk(edited)).broken).toMatchObject({ kind: 'content_edited', event: { id: 'e025' } });
  });

  it('finds events deleted from the end with the head moved back, by the checkpoint past them', async () => {
    const cut = rows.slice(0, 18);
    const out = await walk(cut, { head: head(cut), checkpoints: [{ seq: 20, hash: at('e020').rowHash }] });
    expect(out.broken).toMatchObject({ kind: 'row_missing', event: { id: 'e018' } });
  });

  it('starts a purged chain after the checkpoint of its purge', async () => {
    const kept = rows.slice(10);
    const purge = { seq: 10, hash: at('e010').rowHash };
    const out = await walk(kept, marks(rows, { checkpoints: [{ seq: 4, hash: at('e004').rowHash }, purge] }));
    expect(out).toEqual({ verified: 15, first: at('e011'), last: at('e025') });
  });

  it('refuses a purged chain without the checkpoint of its purge', async () => {
    const out = await walk(rows.slice(10), marks(rows, { checkpoints: [{ seq: 4, hash: at('e004').rowHash }] }));
    expect(out.broken).toMatchObject({ kind: 'row_missing', event: { id: 'e011' } });
    expect(out.broken?.message).toContain('the last checkpoint below it is at place 4');
  });

  it('finds a chain rewritten from a place on, by the checkpoint taken there', async () => {
    const events = rows.map((r) => ({ ...r, details: r.chainSeq >= 15 ? '{"forged":true}' : r.details }));
    const { links } = linkEvents(events, new Map(), sha256Hex);
    const forged = events.map((e, i) => ({ ...e, ...links[i] }));
    const out = await walk(forged, { head: head(forged), checkpoints: [{ seq: 18, hash: at('e018').rowHash }] });
    expect(out.broken).toMatchObject({ kind: 'content_edited', event: { id: 'e018' } });
  });

  it('verifies a chain without a head, and says what that leaves unproven', async () => {
    const out = await walk(rows, { head: null, checkpoints: [] });
    expect(out.broken).toBeUndefined();
    expect(out.verified).toBe(25);
    expect(out.note).toMatch(/no head row/);
  });

  it.each<[string, ChainMarks, object]>([
    ['nothing written', { head: null, checkpoints: [] }, { verified: 0, first: null, last: null }],
    [
      'every event purged: the head is the purge checkpoint',
      { head: { seq: 25, hash: 'h' }, checkpoints: [{ seq: 25, hash: 'h' }] },
      { verified: 0, first: null, last: null },
    ],
    [
      'every event deleted',
      { head: { seq: 25, hash: 'h' }, checkpoints: [{ seq: 20, hash: 'g' }] },
      { verified: 0, broken: { kind: 'row_missing', event: null } },
    ],
    [
      'every event and the head deleted',
      { head: null, checkpoints: [{ seq: 20, hash: 'g' }] },
      { verified: 0, broken: { kind: 'row_missing', event: null } },
    ],
  ])('a chain without events: %s', async (_name, m, expected) => {
    expect(await walk([], m)).toMatchObject(expected);
  });
});

describe('splitBatch', () => {
  const seqs = (c: StoredLink[]) => c.map((r) => r.chainSeq);
  const batch = (places: number[]) => places.map((p, i) => ({ ...rows[0], id: `r${i}`, chainSeq: p }));
  it.each<[string, number[], number[], number[], number | null]>([
    ['a short batch is the end', [1, 2, 3], [1, 2, 3], [], null],
    ['a full batch: the page, the lookahead, the next place', [1, 2, 3, 4, 5, 6], [1, 2, 3, 4], [5, 6], 5],
    ['a place is never split across pages', [1, 2, 3, 5, 5, 6], [1, 2, 3], [5, 5, 6], 5],
    ['a batch at one place is the last page', [7, 7, 7, 7, 7, 7], [7, 7, 7, 7, 7, 7], [], null],
  ])('%s', (_name, places, page, ahead, next) => {
    const out = splitBatch(batch(places), options);
    expect([seqs(out.page), seqs(out.ahead), out.next]).toEqual([page, ahead, next]);
  });
});
