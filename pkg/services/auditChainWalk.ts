/**
 * Walks one audit chain from its first remaining event to its head, a page at a time, with the
 * shared verifier (src/shared/auditChain.ts): startWalk from genesis or from the checkpoint of the
 * last purge, walkChain over each page with a few rows of lookahead, finishWalk against the head
 * and the latest checkpoint. No SQL here: `fetchPage` brings the rows (./auditVerify.ts), so the
 * paging is tested with chains held in memory.
 */
import { createHash } from 'node:crypto';
import { finishWalk, startWalk, walkChain, type ChainBreak, type StoredLink } from '../../src/shared/auditChain';

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A stored audit row with its chain columns, under the names the chain page statements give them. */
export interface LinkRow {
  id: string;
  tenant_id: string | null;
  user_id: string | null;
  action: string;
  details: string | null;
  create_time: number | string | null;
  chain_seq: number | string;
  prev_hash: string | null;
  row_hash: string | null;
}

/**
 * A stored row as the verifier reads it: every column as the canonical form covers it. The
 * maintenance job reads the rows it verifies before a purge the same way.
 */
export function storedLink(chainKey: string, r: LinkRow): StoredLink {
  return {
    id: String(r.id),
    tenantId: r.tenant_id ?? null,
    userId: r.user_id ?? null,
    action: String(r.action),
    details: r.details ?? null,
    createTime: Number(r.create_time),
    chainKey,
    chainSeq: Number(r.chain_seq),
    prevHash: r.prev_hash ?? '',
    rowHash: r.row_hash ?? '',
  };
}

export interface ChainMark {
  seq: number;
  hash: string;
}

/** What a chain's tables hold besides its events. */
export interface ChainMarks {
  head: ChainMark | null;
  /** In place order. */
  checkpoints: ChainMark[];
}

/**
 * Rows of the chain from place `fromSeq` on (from its first event when null), ordered by place then
 * id, at most `limit`.
 */
export type FetchPage = (fromSeq: number | null, limit: number) => Promise<StoredLink[]>;

export interface WalkResult {
  /** Events whose links hold, up to the break if there is one. */
  verified: number;
  first: StoredLink | null;
  last: StoredLink | null;
  broken?: { kind: ChainBreak; event: StoredLink | null; message: string };
  /** Something the walk could not prove, on a chain that holds (no head row). */
  note?: string;
}

export interface WalkOptions {
  pageRows: number;
  aheadRows: number;
}

/**
 * Splits a fetched batch into the page to walk and the lookahead, never splitting one place across
 * two pages (two events claiming a place must meet in one walk step). `next` is where the following
 * batch starts, or null when this batch reached the chain's end.
 */
export function splitBatch(
  rows: StoredLink[],
  { pageRows, aheadRows }: Pick<WalkOptions, 'pageRows' | 'aheadRows'>
): { page: StoredLink[]; ahead: StoredLink[]; next: number | null } {
  if (rows.length < pageRows + aheadRows) {
    return { page: rows, ahead: [], next: null };
  }
  const cut = rows[pageRows].chainSeq;
  let k = pageRows;
  while (k > 0 && rows[k - 1].chainSeq === cut) {
    k--;
  }
  if (k === 0) {
    // A whole batch at one place: the walk breaks at its second event (row_inserted), so this page is the last.
    return { page: rows, ahead: [], next: null };
  }
  return { page: rows.slice(0, k), ahead: rows.slice(k), next: cut };
}

export async function walkStoredChain(
  fetchPage: FetchPage,
  marks: ChainMarks,
  options: WalkOptions
): Promise<WalkResult> {
  const batchRows = options.pageRows + options.aheadRows;
  let rows = await fetchPage(null, batchRows);
  const { head, checkpoints } = marks;
  const latestCheckpoint = checkpoints.length > 0 ? checkpoints[checkpoints.length - 1] : null;
  if (rows.length === 0) {
    return emptyChain(head, checkpoints);
  }
  const firstSeq = rows[0].chainSeq;
  // The checkpoint a purged chain starts from: the latest at or below the first remaining event.
  const below = [...checkpoints].reverse().find((c) => c.seq < firstSeq) ?? null;
  const start = startWalk(firstSeq, below);
  if ('missingBefore' in start) {
    return {
      verified: 0,
      first: null,
      last: null,
      broken: {
        kind: 'row_missing',
        event: rows[0],
        message:
          `the chain starts at place ${firstSeq}: the events before it are missing` +
          (below ? ` (the last checkpoint below it is at place ${below.seq})` : ' (no checkpoint of a purge)'),
      },
    };
  }
  // Place → hash: every checkpoint, and the head, which must name the last event.
  const recorded = new Map(checkpoints.map((c) => [c.seq, c.hash] as const));
  if (head && !recorded.has(head.seq)) {
    recorded.set(head.seq, head.hash);
  }
  let state = start.state;
  // The last two events verified before the page: a break found at a page's first event may concern them.
  let tail: StoredLink[] = [];
  for (;;) {
    const { page, ahead, next } = splitBatch(rows, options);
    const out = walkChain(page, ahead, state, sha256Hex, recorded);
    state = out.state;
    if (out.broken) {
      if (out.broken.event === state.last) {
        // An event edited and re-hashed is found at the next one, after it was counted: uncount it.
        const seen = [...tail, ...page];
        const previous = seen[seen.indexOf(out.broken.event) - 1] ?? null;
        const verified = state.verified - 1;
        return { verified, first: verified > 0 ? state.first : null, last: previous, broken: out.broken };
      }
      return { verified: state.verified, first: state.first, last: state.last, broken: out.broken };
    }
    tail = [...tail, ...page].slice(-2);
    if (next === null) {
      break;
    }
    rows = await fetchPage(next, batchRows);
  }
  const end = finishWalk(state, [
    ...(head ? [{ source: 'head' as const, ...head }] : []),
    ...(latestCheckpoint ? [{ source: 'checkpoint' as const, ...latestCheckpoint }] : []),
  ]);
  const result: WalkResult = { verified: state.verified, first: state.first, last: state.last };
  if (end) {
    // The chain ends early or runs past its head: what was verified before still holds.
    return { ...result, broken: end };
  }
  return head
    ? result
    : { ...result, note: 'the chain has no head row: events deleted from its end would not be noticed' };
}

/**
 * A chain without events: every event purged (its head is the checkpoint a purge left), or all
 * deleted (a head or checkpoint records events that are gone), or nothing written yet.
 */
function emptyChain(head: ChainMark | null, checkpoints: ChainMark[]): WalkResult {
  const none = { verified: 0, first: null, last: null };
  const latest = checkpoints.length > 0 ? checkpoints[checkpoints.length - 1] : null;
  if (head && latest && latest.seq === head.seq && latest.hash === head.hash) {
    return none;
  }
  const mark = head ?? latest;
  if (!mark) {
    return none;
  }
  return {
    ...none,
    broken: {
      kind: 'row_missing',
      event: null,
      message: `no event of the chain remains, but its ${head ? 'head' : 'checkpoint'} records place ${mark.seq}${head ? ' with no checkpoint of a purge there' : ''}`,
    },
  };
}
