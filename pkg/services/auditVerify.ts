/**
 * `auditVerify`: whether the audit trail's hash chains (schema/mysql/007_audit_chain.sql) hold, one
 * row per chain; and `auditTrailState`: the oldest event held and the last purge. Both are audit
 * trail queries: the audit role and the pinned tenant apply as for the events themselves.
 *
 * A chain is walked whole, whatever the time range, in pages of its places (./auditChainWalk.ts);
 * chains one after the other, so a verification holds one connection. Without the chain's columns
 * and tables every event is "not chained", with a notice naming the migration: not an error.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { AuditTrailStateQuery, AuditVerifyQuery } from '../../src/shared/queryModel';
import { requireAudit } from '../access';
import { runSelect } from '../db/run';
import type { Frame, Notice } from '../frames';
import {
  chainCheckpointsStatement,
  chainFirstSeqStatement,
  chainHeadStatement,
  chainKeysStatement,
  chainPageStatement,
  chainSchemaStatement,
  hasChainSchema,
  notChainedStatement,
  oldestEventStatement,
  purgeEventsStatement,
  VERIFY_AHEAD_ROWS,
  VERIFY_PAGE_ROWS,
} from '../queries/auditVerify';
import type { Statement } from '../queries/sql';
import type { LedgerSettings } from '../settings';
import {
  storedLink,
  walkStoredChain,
  type ChainMark,
  type FetchPage,
  type LinkRow,
  type WalkResult,
} from './auditChainWalk';
import {
  auditTrailStateFrame,
  auditVerifyFrame,
  latestPurge,
  type ChainReport,
  type PurgeRow,
} from './auditVerifyFrames';
import type { LedgerCall, QueryInput } from './ledger';
import type { RequestContext } from './requestContext';
import { NO_NAMES } from './nameFrames';
import { tenantNamesFor } from './names';

export const NOT_CHAINED_NOTICE =
  "The audit log has no hash chain, so nothing can be verified: apply schema/mysql/007_audit_chain.sql (it also grants this datasource's read-only user SELECT on the chain's tables), then send audit events through the ingest.";

/**
 * The chains a query may verify, or undefined for every chain: the one it names, else the tenants it
 * lists; a pinned datasource only ever its tenant's.
 */
export function chainScope(
  s: Pick<LedgerSettings, 'pinnedTenant'>,
  q: Pick<AuditVerifyQuery, 'tenant' | 'tenants'>
): string[] | undefined {
  const asked =
    q.tenant !== undefined ? [q.tenant] : q.tenants && q.tenants.length > 0 ? [...new Set(q.tenants)] : undefined;
  if (s.pinnedTenant) {
    return asked ? asked.filter((k) => k === s.pinnedTenant) : [s.pinnedTenant];
  }
  return asked;
}

/** One chain's row, from its walk and its count of events without a link. */
export function chainReport(tenant: string, walk: WalkResult, notChained: number): ChainReport {
  const status = walk.broken ? 'broken' : walk.verified > 0 ? 'verified' : notChained > 0 ? 'not chained' : 'empty';
  return {
    tenant,
    status,
    verified: walk.verified,
    firstVerifiedMs: walk.first?.createTime ?? null,
    lastVerifiedMs: walk.last?.createTime ?? null,
    notChained,
    breakKind: walk.broken?.kind ?? null,
    breakEventId: walk.broken?.event?.id ?? null,
    breakTimeMs: walk.broken?.event?.createTime ?? null,
    message: walk.broken?.message ?? walk.note ?? null,
  };
}

type Select = <T>(statement: Statement) => Promise<T[]>;

/**
 * The pages of one chain, each a bounded range of places (see chainPageStatement). A batch that
 * comes back short is the chain's end or a gap (deleted events); the rows past the range, if any,
 * are read to tell which, as the walk needs the event after a gap.
 */
export function chainPages(s: LedgerSettings, key: string, select: Select): FetchPage {
  return async (fromSeq, limit) => {
    let from = fromSeq;
    if (from === null) {
      const [row] = await select<{ first: number | string | null }>(chainFirstSeqStatement(s, key));
      if (row?.first === null || row?.first === undefined) {
        return [];
      }
      from = Number(row.first);
    }
    const rows = await select<LinkRow>(chainPageStatement(s, key, from, from + limit, limit));
    if (rows.length < limit) {
      rows.push(...(await select<LinkRow>(chainPageStatement(s, key, from + limit, null, limit - rows.length))));
    }
    return rows.map((r) => storedLink(key, r));
  };
}

const mark = (r: { seq: number | string; hash: string }): ChainMark => ({ seq: Number(r.seq), hash: String(r.hash) });

export async function auditVerify(
  call: LedgerCall,
  q: AuditVerifyQuery,
  { refId, range }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  requireAudit(call.access, call.settings);
  const s = call.settings;
  const select: Select = <T>(statement: Statement) =>
    runSelect<T & RowDataPacket>(call.ds, statement, { signal: ctx.signal, timeoutSeconds: s.queryTimeoutSeconds });
  const scope = chainScope(s, q);
  const shape = { refId, forAlerting: q.forAlerting };
  // The badge names each chain's tenant; an alert's labels keep the ids (no lookup then).
  const namesOf = (reports: ChainReport[]) =>
    q.forAlerting
      ? Promise.resolve(NO_NAMES)
      : tenantNamesFor(
          call,
          reports.map((r) => r.tenant).filter((t) => t !== ''),
          ctx
        );
  if (scope?.length === 0) {
    return auditVerifyFrame([], shape);
  }
  const chained = hasChainSchema(s, await select<{ t: string; c: string }>(chainSchemaStatement(s)));
  const counts = new Map(
    (await select<{ k: string; n: number | string }>(notChainedStatement(s, range, { chained, keys: scope }))).map(
      (r) => [String(r.k), Number(r.n)] as const
    )
  );
  if (!chained) {
    const keys = scope ?? [...counts.keys()];
    const reports = keys.map((k) => chainReport(k, { verified: 0, first: null, last: null }, counts.get(k) ?? 0));
    // Not chained at all: say so, whatever the counts.
    return auditVerifyFrame(
      reports.map((r) => ({ ...r, status: 'not chained' })),
      { ...shape, notices: [{ severity: 'warning', text: NOT_CHAINED_NOTICE }], names: await namesOf(reports) }
    );
  }
  let keys = scope;
  const notices: Notice[] = [];
  if (!keys) {
    const found = (await select<{ k: string }>(chainKeysStatement(s, s.maxRows + 1))).map((r) => String(r.k));
    keys = [...new Set([...found, ...counts.keys()])].sort();
  }
  if (keys.length > s.maxRows) {
    notices.push({
      severity: 'warning',
      text: `Only the first ${s.maxRows} chains were verified (the datasource's max rows): pick tenants to verify the others.`,
    });
    keys = keys.slice(0, s.maxRows);
  }
  const reports: ChainReport[] = [];
  for (const key of keys) {
    const [head] = await select<{ seq: number; hash: string }>(chainHeadStatement(key));
    const checkpoints = await select<{ seq: number; hash: string }>(chainCheckpointsStatement(key));
    const walk = await walkStoredChain(
      chainPages(s, key, select),
      { head: head ? mark(head) : null, checkpoints: checkpoints.map(mark) },
      { pageRows: VERIFY_PAGE_ROWS, aheadRows: VERIFY_AHEAD_ROWS }
    );
    reports.push(chainReport(key, walk, counts.get(key) ?? 0));
  }
  return auditVerifyFrame(reports, {
    ...shape,
    notices: notices.length > 0 ? notices : undefined,
    names: await namesOf(reports),
  });
}

export async function auditTrailState(
  call: LedgerCall,
  q: AuditTrailStateQuery,
  { refId }: QueryInput,
  ctx: RequestContext
): Promise<Frame> {
  requireAudit(call.access, call.settings);
  const s = call.settings;
  const options = { signal: ctx.signal, timeoutSeconds: s.queryTimeoutSeconds };
  const [oldest, purges] = await Promise.all([
    runSelect<{ oldest: number | string | null } & RowDataPacket>(call.ds, oldestEventStatement(s, q.tenants), options),
    runSelect<PurgeRow & RowDataPacket>(call.ds, purgeEventsStatement(s), options),
  ]);
  const oldestMs = oldest[0]?.oldest === null || oldest[0]?.oldest === undefined ? null : Number(oldest[0].oldest);
  return auditTrailStateFrame({ oldestMs, purge: latestPurge(purges, s.auditTable) }, { refId });
}
