/**
 * `POST /v1/audit`: audit events from the application (who did what). Details are masked before they
 * are stored: e-mail addresses become [EMAIL] and token-like secrets [TOKEN], with the same rules the
 * datasource applies for readers without the personal-data permission (src/shared/masking.ts) — the
 * audit trail must never become a copy of credentials or addresses.
 */
import { createHash } from 'node:crypto';
import * as z from '../../src/shared/zod';
import { maskText } from '../../src/shared/masking';
import { hex, instant, instantMs, ledgerId, type ItemRow } from './items';

/** Stored details are at most this long (the JSON text after masking). */
export const MAX_DETAILS_BYTES = 64 * 1024;

export const auditItemSchema = z.object({
  id: z.optional(hex(32)),
  tenant_id: z.optional(z.nullable(ledgerId)),
  user_id: z.optional(z.nullable(ledgerId)),
  action: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9_.:-]+$/, { error: 'expected an action name: letters, digits and _.:- (e.g. KB_CREATE)' })
    ),
  details: z.optional(z.nullable(z.union([z.record(z.string(), z.unknown()), z.string()]))),
  timestamp: instant,
});

export type AuditItem = z.infer<typeof auditItemSchema>;

export interface AuditRow {
  id: string;
  tenantId: string | null;
  userId: string | null;
  action: string;
  /** Masked JSON text (or masked plain text when the item sent a string), or null. */
  details: string | null;
  timestampMs: number;
}

export function auditRowOf(item: AuditItem, tenantFromKey: string | null): ItemRow<AuditRow> {
  const details =
    item.details === undefined || item.details === null
      ? null
      : maskText(typeof item.details === 'string' ? item.details : JSON.stringify(item.details));
  if (details !== null && Buffer.byteLength(details) > MAX_DETAILS_BYTES) {
    return { ok: false, field: 'details', message: `at most ${MAX_DETAILS_BYTES} bytes of details` };
  }
  const tenantId = tenantFromKey ?? item.tenant_id ?? null;
  const timestampMs = instantMs(item.timestamp);
  // Without an id, the event's content is its identity: the same event sent again is one row.
  const id =
    item.id?.toLowerCase() ??
    createHash('sha256')
      .update(JSON.stringify(['audit', tenantId, item.user_id ?? null, item.action, details, timestampMs]))
      .digest('hex')
      .slice(0, 32);
  return { ok: true, row: { id, tenantId, userId: item.user_id ?? null, action: item.action, details, timestampMs } };
}
