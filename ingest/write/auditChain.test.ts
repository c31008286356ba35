import { auditCanonical, GENESIS_HASH } from '../../src/shared/auditChain';
import type { AuditRow } from '../api/auditItems';
import { chainKeys, linkRows, sha256Hex } from './auditChain';

const row = (id: string, tenantId: string | null, t = 1_764_000_000_000): AuditRow => ({
  id,
  tenantId,
  userId: 'u1',
  action: 'KB_CREATE',
  details: '{"kb":"docs"}',
  timestampMs: t,
});

describe('linkRows', () => {
  it('starts a chain at genesis and links each event to the one before, per tenant', () => {
    const rows = [row('a', 't1'), row('b', 't2'), row('c', 't1'), row('d', null)];
    const { rows: linked, heads } = linkRows(rows, new Map());
    expect(linked.map((r) => [r.id, r.link.chainKey, r.link.chainSeq])).toEqual([
      ['a', 't1', 1],
      ['b', 't2', 1],
      ['c', 't1', 2],
      ['d', '', 1],
    ]);
    expect(linked[0].link.prevHash).toBe(GENESIS_HASH);
    expect(linked[2].link.prevHash).toBe(linked[0].link.rowHash);
    expect(heads.get('t1')).toEqual({ seq: 2, hash: linked[2].link.rowHash });
  });

  it('continues from a stored head', () => {
    const { rows: linked } = linkRows([row('x', 't1')], new Map([['t1', { seq: 41, hash: 'f'.repeat(64) }]]));
    expect(linked[0].link).toMatchObject({ chainSeq: 42, prevHash: 'f'.repeat(64) });
  });

  it('hashes the canonical form, so any column changes the hash', () => {
    const base = linkRows([row('a', 't1')], new Map()).rows[0];
    expect(base.link.rowHash).toBe(
      sha256Hex(
        auditCanonical({
          id: 'a',
          tenantId: 't1',
          userId: 'u1',
          action: 'KB_CREATE',
          details: '{"kb":"docs"}',
          createTime: 1_764_000_000_000,
          chainKey: 't1',
          chainSeq: 1,
          prevHash: GENESIS_HASH,
        })
      )
    );
    const variants: AuditRow[] = [
      { ...row('a', 't1'), userId: 'u2' },
      { ...row('a', 't1'), action: 'KB_DELETE' },
      { ...row('a', 't1'), details: '{"kb":"doc"}' },
      { ...row('a', 't1'), details: null },
      row('a', 't1', 1_764_000_000_001),
      row('b', 't1'),
    ];
    for (const v of variants) {
      expect(linkRows([v], new Map()).rows[0].link.rowHash).not.toBe(base.link.rowHash);
    }
  });

  it('locks chains in one order whatever the batch', () => {
    expect(chainKeys([row('a', 'z'), row('b', null), row('c', 'a'), row('d', 'z')])).toEqual(['', 'a', 'z']);
  });
});
