import { validateItems } from './items';
import { auditItemSchema, auditRowOf, MAX_DETAILS_BYTES, type AuditItem } from './auditItems';

const good = {
  user_id: 'u1',
  tenant_id: 't1',
  action: 'KB_CREATE',
  timestamp: 1764843300000,
  details: { kb: 'manuals' },
};

describe('POST /v1/audit items', () => {
  it.each<[string, unknown, string]>([
    ['no action', { ...good, action: undefined }, 'action'],
    ['an action with spaces', { ...good, action: 'kb create' }, 'action'],
    ['no time', { ...good, timestamp: undefined }, 'timestamp'],
    ['details as a number', { ...good, details: 5 }, 'details'],
    ['an id of the wrong length', { ...good, id: 'abc' }, 'id'],
  ])('refuses %s, naming %s', (_name, item, field) => {
    const { valid, errors } = validateItems([item, good], auditItemSchema);
    expect(valid.map((v) => v.index)).toEqual([1]);
    expect(errors).toEqual([expect.objectContaining({ index: 0, field })]);
  });

  it('masks e-mail addresses and tokens in the details before they are stored', () => {
    const out = auditRowOf(
      {
        ...good,
        details: { email: 'ana.lopez@example.com', key: 'sk-abcdefghijklmnopqrstuvwx', note: 'by ops@example.org' },
      } as AuditItem,
      null
    );
    expect(out.ok && JSON.parse(out.row.details!)).toEqual({ email: '[EMAIL]', key: '[TOKEN]', note: 'by [EMAIL]' });
  });

  it('masks plain-text details too', () => {
    const out = auditRowOf(
      { ...good, details: 'login ana@example.com Bearer abcdefghijklmnopqrstuvwxyz' } as AuditItem,
      null
    );
    expect(out.ok && out.row.details).toBe('login [EMAIL] [TOKEN]');
  });

  it('gives an event without an id the same id when sent again, and refuses huge details', () => {
    const a = auditRowOf(good as AuditItem, null);
    const b = auditRowOf({ ...good } as AuditItem, null);
    expect(a.ok && b.ok && a.row.id === b.row.id).toBe(true);
    expect(auditRowOf({ ...good, details: 'x'.repeat(MAX_DETAILS_BYTES + 1) } as AuditItem, null)).toMatchObject({
      ok: false,
      field: 'details',
    });
  });

  it('the key decides the tenant', () => {
    const out = auditRowOf(good as AuditItem, 'tk');
    expect(out.ok && out.row.tenantId).toBe('tk');
  });
});
