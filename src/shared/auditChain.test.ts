import { createHash } from 'node:crypto';
import {
  auditCanonical,
  finishWalk,
  GENESIS_HASH,
  linkEvents,
  startWalk,
  walkChain,
  type StoredLink,
  type WalkState,
} from './auditChain';

const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

/** A chain of n events of tenant t1, as the writer stores them. */
function chain(n: number): StoredLink[] {
  const events = Array.from({ length: n }, (_, i) => ({
    id: `e${i + 1}`,
    tenantId: 't1',
    userId: 'u1',
    action: 'KB_UPDATE',
    details: JSON.stringify({ n: i + 1 }),
    createTime: 1_764_000_000_000 + i,
  }));
  const { links } = linkEvents(events, new Map(), sha);
  return events.map((e, i) => ({ ...e, ...links[i] }));
}

const fresh = (): WalkState => ({ expectedSeq: 1, prevHash: GENESIS_HASH, verified: 0, first: null, last: null });
const rehash = (r: StoredLink): StoredLink => ({ ...r, rowHash: sha(auditCanonical(r)) });

function verify(rows: StoredLink[], head?: { seq: number; hash: string }, checkpoints = new Map<number, string>()) {
  const sorted = [...rows].sort((a, b) => a.chainSeq - b.chainSeq || (a.id < b.id ? -1 : 1));
  const start = startWalk(sorted[0].chainSeq, null);
  if ('missingBefore' in start) {
    return { kind: 'row_missing', at: sorted[0].id };
  }
  // Pages of 3, with 2 rows of lookahead, as the datasource pages.
  let state = start.state;
  for (let i = 0; i < sorted.length; i += 3) {
    const out = walkChain(sorted.slice(i, i + 3), sorted.slice(i + 3, i + 5), state, sha, checkpoints);
    if (out.broken) {
      return { kind: out.broken.kind, at: out.broken.event.id, message: out.broken.message };
    }
    state = out.state;
  }
  const end = finishWalk(state, head ? [{ source: 'head', ...head }] : []);
  return end ? { kind: end.kind, at: end.event.id, message: end.message } : { verified: state.verified };
}

describe('the audit hash chain', () => {
  const rows = chain(10);
  const head = { seq: 10, hash: rows[9].rowHash };

  it('verifies an untouched chain', () => {
    expect(verify(rows, head)).toEqual({ verified: 10 });
  });

  it.each([
    [
      'a detail edited',
      (c: StoredLink[]) => c.map((r) => (r.id === 'e4' ? { ...r, details: '{"n":40}' } : r)),
      'content_edited',
      'e4',
    ],
    [
      'a user edited',
      (c: StoredLink[]) => c.map((r) => (r.id === 'e7' ? { ...r, userId: 'mallory' } : r)),
      'content_edited',
      'e7',
    ],
    [
      'an edit re-hashed',
      (c: StoredLink[]) => c.map((r) => (r.id === 'e5' ? rehash({ ...r, action: 'KB_READ' }) : r)),
      'content_edited',
      'e5',
    ],
    ['a row deleted', (c: StoredLink[]) => c.filter((r) => r.id !== 'e6'), 'row_missing', 'e7'],
    [
      'two rows deleted at a page edge',
      (c: StoredLink[]) => c.filter((r) => r.id !== 'e3' && r.id !== 'e4'),
      'row_missing',
      'e5',
    ],
    [
      'a forged row at a taken place',
      (c: StoredLink[]) => [...c, { ...c[4], id: 'forged', details: '{}' }],
      'row_inserted',
      'forged',
    ],
    [
      'a forged row past the head',
      (c: StoredLink[]) => [...c, rehash({ ...c[9], id: 'forged', chainSeq: 11, prevHash: c[9].rowHash })],
      'row_inserted',
      'forged',
    ],
    [
      'two rows swapped',
      (c: StoredLink[]) =>
        c.map((r) => (r.id === 'e1' ? { ...r, chainSeq: 2 } : r.id === 'e2' ? { ...r, chainSeq: 1 } : r)),
      'order_changed',
      'e2',
    ],
    [
      'two rows swapped across a page',
      (c: StoredLink[]) =>
        c.map((r) => (r.id === 'e3' ? { ...r, chainSeq: 4 } : r.id === 'e4' ? { ...r, chainSeq: 3 } : r)),
      'order_changed',
      'e4',
    ],
    ['the head truncated', (c: StoredLink[]) => c.slice(0, 8), 'row_missing', 'e8'],
    ['the first event deleted', (c: StoredLink[]) => c.slice(1), 'row_missing', 'e2'],
  ])('finds %s', (_name, tamper, kind, at) => {
    expect(verify(tamper(rows), head)).toMatchObject({ kind, at });
  });

  it('finds a chain rewritten after a checkpoint', () => {
    // Everything from e6 on rewritten consistently (no secret stops that), but a checkpoint at 8 remains.
    const events = chain(10).map((r) => ({ ...r, details: r.chainSeq >= 6 ? '{"forged":true}' : r.details }));
    const { links } = linkEvents(events, new Map(), sha);
    const forged = events.map((e, i) => ({ ...e, ...links[i] }));
    expect(verify(forged, { seq: 10, hash: forged[9].rowHash })).toEqual({ verified: 10 });
    expect(verify(forged, { seq: 10, hash: forged[9].rowHash }, new Map([[8, rows[7].rowHash]]))).toMatchObject({
      kind: 'content_edited',
      at: 'e8',
    });
  });

  it('starts after the checkpoint of a purge, and not without one', () => {
    const rest = rows.slice(4);
    expect(startWalk(5, { seq: 4, hash: rows[3].rowHash })).toEqual({
      state: { expectedSeq: 5, prevHash: rows[3].rowHash, verified: 0, first: null, last: null },
    });
    expect(startWalk(5, null)).toEqual({ missingBefore: 5 });
    expect(startWalk(5, { seq: 3, hash: rows[2].rowHash })).toEqual({ missingBefore: 5 });
    const start = startWalk(5, { seq: 4, hash: rows[3].rowHash });
    const out = walkChain(rest, [], (start as { state: WalkState }).state, sha);
    expect(out.broken).toBeUndefined();
    expect(out.state.verified).toBe(6);
    // A checkpoint whose hash is not the purged event's: the first remaining event does not follow it.
    const wrong = walkChain(rest, [], { ...fresh(), expectedSeq: 5, prevHash: 'f'.repeat(64) }, sha);
    expect(wrong.broken?.kind).toBe('row_inserted');
  });
});
