/**
 * API keys are configured as SHA-256 hashes, each bound to a tenant (or `*`: the spans name their
 * tenant, e.g. a collector that serves several tenants). A request's key is hashed and looked up;
 * the configuration never holds a usable key, so a leaked config file does not grant writes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Hash (64 hex) → the tenant the key writes as, or null for `*`. */
export type KeyRing = Map<string, string | null>;

const HASH = /^(?:sha256:)?([0-9a-fA-F]{64})$/;
const TENANT = /^[A-Za-z0-9_.:-]{1,32}$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Lines `<hash> <tenant>`; blank lines and `#` comments are skipped; entries may also be separated by
 * `;` or `,` (handy in an environment variable). An error names the line.
 */
export function parseKeyList(text: string): KeyRing {
  const ring: KeyRing = new Map();
  const entries = text
    .split(/[\n;,]/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
  entries.forEach((entry, i) => {
    const [hash, tenant, ...rest] = entry.split(/\s+/);
    const m = HASH.exec(hash ?? '');
    if (!m) {
      throw new Error(`entry ${i + 1}: expected the key's SHA-256 as 64 hex digits, not ${JSON.stringify(hash)}`);
    }
    if (tenant === undefined || rest.length > 0 || (tenant !== '*' && !TENANT.test(tenant))) {
      throw new Error(`entry ${i + 1}: expected "<hash> <tenant id or *>" (tenant: 1 to 32 letters, digits or _.:-)`);
    }
    ring.set(m[1].toLowerCase(), tenant === '*' ? null : tenant);
  });
  return ring;
}

export type KeyCheck = { ok: true; tenant: string | null } | { ok: false; reason: 'missing' | 'unknown' };

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function requestKey(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  const text = Array.isArray(auth) ? auth[0] : auth;
  if (text) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(text);
    return m ? m[1] : text.trim() || null;
  }
  const api = headers['x-api-key'];
  const key = Array.isArray(api) ? api[0] : api;
  return key?.trim() || null;
}

/** Looks the key up by its hash; the comparison of hashes takes the same time whatever they hold. */
export function checkKey(ring: KeyRing, key: string | null): KeyCheck {
  if (!key) {
    return { ok: false, reason: 'missing' };
  }
  const wanted = Buffer.from(hashKey(key), 'hex');
  for (const [hash, tenant] of ring) {
    if (timingSafeEqual(Buffer.from(hash, 'hex'), wanted)) {
      return { ok: true, tenant };
    }
  }
  return { ok: false, reason: 'unknown' };
}
