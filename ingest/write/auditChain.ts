/**
 * Appending audit events to their tenants' hash chains (schema/mysql/007_audit_chain.sql): the
 * ingest's rows through the shared linking (src/shared/auditChain.ts), with node:crypto's SHA-256.
 * The writer stores the linked rows and moves the heads in the transaction that holds the heads'
 * locks (so a chain never forks).
 */
import { createHash } from 'node:crypto';
import { chainKeyOf, linkEvents, type ChainHead, type ChainLink } from '../../src/shared/auditChain';
import type { AuditRow } from '../api/auditItems';

export type { ChainHead, ChainLink };
export type ChainedAuditRow = AuditRow & { link: ChainLink };

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The chains a batch touches, sorted: heads are locked in this order, so two writers never deadlock. */
export function chainKeys(rows: readonly AuditRow[]): string[] {
  return [...new Set(rows.map((r) => chainKeyOf(r.tenantId)))].sort();
}

/** Links each row after its chain's head; returns the rows with their links and the new heads. */
export function linkRows(
  rows: readonly AuditRow[],
  heads: ReadonlyMap<string, ChainHead>
): { rows: ChainedAuditRow[]; heads: Map<string, ChainHead> } {
  const linked = linkEvents(
    rows.map((r) => ({
      id: r.id,
      tenantId: r.tenantId,
      userId: r.userId,
      action: r.action,
      details: r.details,
      createTime: r.timestampMs,
    })),
    heads,
    sha256Hex
  );
  return { rows: rows.map((r, i) => ({ ...r, link: linked.links[i] })), heads: linked.heads };
}
