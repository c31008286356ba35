import { testSettings } from '../testing/settings';
import { poolOptions } from './pool';

const settings = (jsonData: object, secure: Record<string, string> = {}) =>
  testSettings({ user: 'ro', ...jsonData }, { password: 'pw', ...secure });

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
