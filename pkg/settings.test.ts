import { readSettings } from './settings';
import type { DataSourceInstanceSettings } from './proto/messages';
import { pluginContext } from './testing/fixtures';

function ds(jsonData: unknown, secure: Record<string, string> = {}): DataSourceInstanceSettings {
  return {
    ...pluginContext().dataSourceInstanceSettings!,
    jsonData: Buffer.from(typeof jsonData === 'string' ? jsonData : JSON.stringify(jsonData)),
    decryptedSecureJsonData: secure,
  };
}

const base = { host: 'db', database: 'rag_flow', user: 'ro' };

describe('readSettings', () => {
  it('fills the defaults around the required fields', () => {
    const r = readSettings(ds(base, { password: 'pw' }));
    expect(r.ok).toBe(true);
    expect(r.ok && r.settings).toMatchObject({
      host: 'db',
      port: 3306,
      database: 'rag_flow',
      user: 'ro',
      password: 'pw',
      tls: { mode: 'disabled' },
      usageTable: 'token_usage_log',
      auditTable: 'audit_log',
      timeAxis: 'timestamp',
      maxRows: 50000,
      queryTimeoutSeconds: 30,
      auditMinRole: 'Admin',
      piiMinRole: 'Admin',
    });
    expect(r.ok && r.settings.usageColumns.model).toBe('model_name');
  });

  it('takes renamed columns and keeps the defaults for the others and for empty names', () => {
    const r = readSettings(ds({ ...base, usageColumns: { model: 'llm_name', cost: '' } }));
    expect(r.ok && r.settings.usageColumns).toMatchObject({ model: 'llm_name', cost: 'cost', tenantId: 'tenant_id' });
  });

  it.each([
    ['no host', { database: 'x' }, 'host', /not set/],
    ['no database', { host: 'db' }, 'database', /not set/],
    ['a port out of range', { ...base, port: 70000 }, 'port', /<=65535/],
    ['a port as text', { ...base, port: '3306' }, 'port', /expected/],
    ['a table name with SQL in it', { ...base, usageTable: 'x; DROP TABLE y' }, 'usageTable', /plain identifier/],
    [
      'a column name with a backtick',
      { ...base, auditColumns: { action: 'a`b' } },
      'auditColumns.action',
      /plain identifier/,
    ],
    ['an unknown column meaning', { ...base, usageColumns: { modle: 'm' } }, 'usageColumns', /[Uu]nrecognized key/],
    ['an unknown time axis', { ...base, timeAxis: 'date' }, 'timeAxis', /expected one of/],
    ['max rows over the limit', { ...base, maxRows: 10_000_000 }, 'maxRows', /<=1000000/],
    ['an unknown role', { ...base, auditMinRole: 'Owner' }, 'auditMinRole', /expected one of/],
    ['jsonData that is not JSON', '{', 'jsonData', /not valid JSON/],
    [
      'a price from a day no calendar has',
      { ...base, prices: [{ model: 'm', effectiveFrom: '2025-02-30', inputPerMillion: 1, outputPerMillion: 1 }] },
      'prices.0.effectiveFrom',
      /not a calendar date/,
    ],
    [
      'a budget of zero',
      { ...base, budgets: [{ tenant: 't', monthlyBudget: 0 }] },
      'budgets.0.monthlyBudget',
      /Too small/,
    ],
  ])('refuses %s, naming the field', (_label, jsonData, field, message) => {
    const r = readSettings(ds(jsonData));
    expect(r).toMatchObject({ ok: false, field });
    expect(!r.ok && r.message).toMatch(message);
  });

  it('takes an empty table name as the default, as an empty column name', () => {
    const r = readSettings(ds({ ...base, usageTable: '', auditTable: '' }));
    expect(r.ok && [r.settings.usageTable, r.settings.auditTable]).toEqual(['token_usage_log', 'audit_log']);
  });

  it('accepts a client certificate without its key while TLS is disabled (it is not used)', () => {
    const r = readSettings(ds({ ...base, tlsMode: 'disabled' }, { tlsClientCert: 'PEM' }));
    expect(r.ok && r.settings.tls).toEqual({ mode: 'disabled', clientCert: 'PEM' });
  });

  it.each([
    [
      'a price for a blank model',
      { prices: [{ model: ' ', effectiveFrom: '2025-01-01', inputPerMillion: 1, outputPerMillion: 1 }] },
      'prices.0.model',
    ],
    ['a budget for a blank tenant', { budgets: [{ tenant: ' ', monthlyBudget: 1 }] }, 'budgets.0.tenant'],
  ])('refuses %s, as the config page does', (_label, jsonData, field) => {
    expect(readSettings(ds({ ...base, ...jsonData }))).toEqual({ ok: false, field, message: 'is empty' });
  });

  it.each([
    ['verify-ca without a CA', { ...base, tlsMode: 'verify-ca' }, {}, 'tlsCACert'],
    [
      'a client certificate without its key',
      { ...base, tlsMode: 'required' },
      { tlsClientCert: 'PEM' },
      'tlsClientKey',
    ],
  ])('refuses %s', (_label, jsonData, secure, field) => {
    expect(readSettings(ds(jsonData, secure))).toMatchObject({ ok: false, field });
  });
});
