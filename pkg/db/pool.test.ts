import { readSettings, type LedgerSettings } from '../settings';
import { poolOptions } from './pool';

function settings(jsonData: object, secure: Record<string, string> = {}): LedgerSettings {
  const r = readSettings({
    id: 1,
    name: 'L',
    url: '',
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: Buffer.from(JSON.stringify({ host: 'db', database: 'rag_flow', user: 'ro', ...jsonData })),
    decryptedSecureJsonData: { password: 'pw', ...secure },
    lastUpdatedMS: 1,
    uid: 'u',
    apiVersion: '',
  });
  if (!r.ok) {
    throw new Error(r.message);
  }
  return r.settings;
}

describe('poolOptions', () => {
  it('connects with the settings, in UTC, without LOCAL INFILE or multiple statements', () => {
    const o = poolOptions(settings({ port: 3307 }));
    expect(o).toMatchObject({
      host: 'db',
      port: 3307,
      user: 'ro',
      password: 'pw',
      database: 'rag_flow',
      timezone: 'Z',
      multipleStatements: false,
    });
    expect(o.flags).toContain('-LOCAL_FILES');
    expect(o.ssl).toBeUndefined();
  });

  it.each([
    ['required', {}, { rejectUnauthorized: false }],
    ['verify-ca', { tlsCACert: 'CA' }, { rejectUnauthorized: true, ca: 'CA' }],
    [
      'verify-full',
      { tlsCACert: 'CA', tlsClientCert: 'C', tlsClientKey: 'K' },
      { rejectUnauthorized: true, ca: 'CA', cert: 'C', key: 'K' },
    ],
  ])('TLS %s', (tlsMode, secure, ssl) => {
    const o = poolOptions(settings({ tlsMode }, secure));
    expect(o.ssl).toMatchObject(ssl);
  });
});
