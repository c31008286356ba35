/**
 * The audit hash chain's contract, shared by its writer (the ingest) and its verifier (the ledger
 * datasource): what an event's hash covers, in one canonical form, so both sides compute the same
 * bytes. Hashing itself (SHA-256, hex) is the caller's, with node:crypto: this file stays importable
 * by the frontend.
 *
 * The canonical form is a JSON array, which fixes the order and the escaping of every field: a
 * version tag, the chain, the event's place in it, every column a reader sees (id, tenant, user,
 * action, details as stored, time) and the previous event's hash. Editing any of them, moving an
 * event, or changing which event precedes it changes the hash.
 */

/** Bumped if the canonical form ever changes; old rows keep verifying under their version. */
export const AUDIT_CHAIN_VERSION = 'llmops-audit-v1';

/** The `prev_hash` of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain an event belongs to: its tenant's, or '' for events without a tenant. */
export function chainKeyOf(tenantId: string | null): string {
  return tenantId ?? '';
}

export interface ChainedEvent {
  id: string;
  tenantId: string | null;
  userId: string | null;
  action: string;
  /** As stored (masked JSON text), or null. */
  details: string | null;
  /** Epoch ms: the event's create_time. */
  createTime: number;
  chainKey: string;
  chainSeq: number;
  prevHash: string;
}

export function auditCanonical(e: ChainedEvent): string {
  return JSON.stringify([
    AUDIT_CHAIN_VERSION,
    e.chainKey,
    e.chainSeq,
    e.id,
    e.tenantId,
    e.userId,
    e.action,
    e.details,
    e.createTime,
    e.prevHash,
  ]);
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainLink {
  chainKey: string;
  chainSeq: number;
  prevHash: string;
  rowHash: string;
}

/** An event's columns before it has a place in a chain. */
export type UnchainedEvent = Omit<ChainedEvent, 'chainKey' | 'chainSeq' | 'prevHash'>;

/**
 * Links events after their chains' heads (a chain without a head starts from GENESIS_HASH), in the
 * order given; returns each event's link and the chains' new heads. `sha256Hex` is the caller's
 * (node:crypto on both sides). The caller holds the heads' locks while it stores the events and the
 * new heads in one transaction.
 */
export function linkEvents(
  events: readonly UnchainedEvent[],
  heads: ReadonlyMap<string, ChainHead>,
  sha256Hex: (text: string) => string
): { links: ChainLink[]; heads: Map<string, ChainHead> } {
  const next = new Map<string, ChainHead>();
  const links: ChainLink[] = [];
  for (const e of events) {
    const chainKey = chainKeyOf(e.tenantId);
    const head = next.get(chainKey) ?? heads.get(chainKey) ?? { seq: 0, hash: GENESIS_HASH };
    const chainSeq = head.seq + 1;
    const rowHash = sha256Hex(auditCanonical({ ...e, chainKey, chainSeq, prevHash: head.hash }));
    links.push({ chainKey, chainSeq, prevHash: head.hash, rowHash });
    next.set(chainKey, { seq: chainSeq, hash: rowHash });
  }
  return { links, heads: next };
}

/** What verification can find wrong at an event, in the order a walker meets them. */
export type ChainBreak =
  /** The event's hash does not match its content: a column was edited. */
  | 'content_edited'
  /** A link is missing: chain_seq jumps (events deleted), or the head is behind a checkpoint. */
  | 'row_missing'
  /** Two events claim one place, or an event's prev_hash names no event of the chain: a forged row. */
  | 'row_inserted'
  /** The event does not follow the one before it (prev_hash names another event): rows were moved. */
  | 'order_changed';

/** A chained row as read back for verification. */
export type StoredLink = ChainedEvent & { rowHash: string };

/** Where a walk along one chain stands between pages. */
export interface WalkState {
  /** The next place expected, and the hash the event there must name as its predecessor. */
  expectedSeq: number;
  prevHash: string;
  /** Events verified so far, and the first and last of them. */
  verified: number;
  first: StoredLink | null;
  last: StoredLink | null;
}

export interface ChainBreakFound {
  kind: ChainBreak;
  /** The event at which the chain breaks (for row_missing: the first event after the gap). */
  event: StoredLink;
  message: string;
}

/**
 * Where a walk starts: at genesis, or, when the chain's first remaining event is not its first (old
 * events were purged), after the checkpoint taken at the last purged place. Without that
 * checkpoint the events before are missing, not purged.
 */
export function startWalk(
  firstSeq: number,
  checkpoint: { seq: number; hash: string } | null
): { state: WalkState } | { missingBefore: number } {
  const empty = { verified: 0, first: null, last: null };
  if (firstSeq <= 1) {
    return { state: { expectedSeq: 1, prevHash: GENESIS_HASH, ...empty } };
  }
  if (checkpoint && checkpoint.seq === firstSeq - 1) {
    return { state: { expectedSeq: firstSeq, prevHash: checkpoint.hash, ...empty } };
  }
  return { missingBefore: firstSeq };
}

/**
 * Verifies `rows` (one chain, ordered by chain_seq, then id) from `state`. `ahead` are the rows that
 * follow the page (a few are enough): a moved event names a later event as its predecessor. Stops at
 * the first break. The checks, in order:
 *   - two events at one place: row_inserted;
 *   - a place skipped: row_missing;
 *   - a predecessor hash that is a later event's: order_changed;
 *   - a hash that does not match the event's columns: content_edited;
 *   - a predecessor hash that matches nothing: the event before was edited and re-hashed
 *     (content_edited, reported at that event);
 *   - a place whose checkpoint (`checkpoints`: place → hash) recorded another hash: the chain was
 *     rewritten from there on (content_edited).
 */
export function walkChain(
  rows: readonly StoredLink[],
  ahead: readonly StoredLink[],
  state: WalkState,
  sha256Hex: (text: string) => string,
  checkpoints: ReadonlyMap<number, string> = new Map()
): { state: WalkState; broken?: ChainBreakFound } {
  let s = { ...state };
  const later = [...rows, ...ahead];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (s.last && r.chainSeq === s.last.chainSeq) {
      return {
        state: s,
        broken: {
          kind: 'row_inserted',
          event: r,
          message: `two events claim place ${r.chainSeq} of the chain (${s.last.id} and ${r.id})`,
        },
      };
    }
    if (r.chainSeq > s.expectedSeq) {
      const gap = r.chainSeq - s.expectedSeq;
      return {
        state: s,
        broken: {
          kind: 'row_missing',
          event: r,
          message:
            gap === 1
              ? `the event at place ${s.expectedSeq} is missing`
              : `the events at places ${s.expectedSeq} to ${r.chainSeq - 1} are missing`,
        },
      };
    }
    if (r.prevHash !== s.prevHash && later.slice(i + 1).some((x) => x.rowHash === r.prevHash)) {
      return {
        state: s,
        broken: {
          kind: 'order_changed',
          event: r,
          message: `event ${r.id} at place ${r.chainSeq} follows an event stored after it: events were moved`,
        },
      };
    }
    if (sha256Hex(auditCanonical(r)) !== r.rowHash) {
      return {
        state: s,
        broken: {
          kind: 'content_edited',
          event: r,
          message: `event ${r.id} at place ${r.chainSeq} does not match its hash: a column was changed`,
        },
      };
    }
    if (r.prevHash !== s.prevHash) {
      const before = s.last;
      return {
        state: s,
        broken: before
          ? {
              kind: 'content_edited',
              event: before,
              message: `event ${before.id} at place ${before.chainSeq} was changed and re-hashed: the next event recorded another hash for it`,
            }
          : {
              kind: 'row_inserted',
              event: r,
              message: `event ${r.id} at place ${r.chainSeq} does not follow the checkpoint the chain starts from`,
            },
      };
    }
    const recorded = checkpoints.get(r.chainSeq);
    if (recorded !== undefined && recorded !== r.rowHash) {
      return {
        state: s,
        broken: {
          kind: 'content_edited',
          event: r,
          message: `event ${r.id} at place ${r.chainSeq} is not the one a checkpoint recorded: the chain was rewritten from here or before`,
        },
      };
    }
    s = { expectedSeq: r.chainSeq + 1, prevHash: r.rowHash, verified: s.verified + 1, first: s.first ?? r, last: r };
  }
  return { state: s };
}

/**
 * After the last event: the chain must reach its recorded head (audit_chain_head) and every
 * checkpoint taken of it. Events past the head were not appended by a writer (row_inserted); a head
 * or checkpoint past the last event means events were deleted from the end (row_missing).
 */
export function finishWalk(
  state: WalkState,
  marks: Array<{ source: 'head' | 'checkpoint'; seq: number; hash: string }>
): ChainBreakFound | undefined {
  const last = state.last;
  if (!last) {
    return undefined;
  }
  for (const m of [...marks].sort((a, b) => b.seq - a.seq)) {
    if (m.seq > last.chainSeq) {
      return {
        kind: 'row_missing',
        event: last,
        message: `the chain ends at place ${last.chainSeq}, but its ${m.source} records place ${m.seq}: the last ${m.seq - last.chainSeq} event(s) were deleted`,
      };
    }
    if (m.source === 'head' && m.seq < last.chainSeq) {
      return {
        kind: 'row_inserted',
        event: last,
        message: `events after place ${m.seq}, the chain's recorded head, were not appended by a writer`,
      };
    }
  }
  return undefined;
}
