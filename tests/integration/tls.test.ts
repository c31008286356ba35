/**
 * TLS to MySQL, with a MariaDB that serves a certificate from a test CA and a user that may only
 * connect over TLS: each mode of the datasource settings does what it says.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySchema, startDatabase, type TestDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, startHost, userHeaders, type Host } from './host';

/** A CA and a server certificate for 127.0.0.1 and localhost; and a second, unrelated CA. */
function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  for (const ca of ['ca', 'other-ca']) {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`
    );
  }
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=ledger-test-db'
  );
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext'
  );
  return { ca: readFileSync(join(dir, 'ca.pem'), 'utf8'), otherCa: readFileSync(join(dir, 'other-ca.pem'), 'utf8') };
}

describe('TLS to MySQL', () => {
  let dir: string;
  let db: TestDatabase;
  let host: Host;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tls-'));
    const { ca, otherCa } = makeCertificates(dir);
    db = await startDatabase({
      local: true,
      serverArgs: [
        `--ssl-ca=${join(dir, 'ca.pem')}`,
        `--ssl-cert=${join(dir, 'server.pem')}`,
        `--ssl-key=${join(dir, 'server.key')}`,
      ],
    });
    const conn = await db.connect();
    await applySchema(conn);
    await conn.query("CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-pass' REQUIRE SSL");
    await conn.query(`GRANT SELECT ON \`${db.database}\`.* TO 'tls'@'%'`);
    await conn.end();
    const tlsUser = { ...db, user: 'tls', password: 'tls-pass' };
    host = await startHost({
      yaml: datasourcesYaml([
        ledgerDatasource('required', tlsUser, { tlsMode: 'required' }),
        {
          ...ledgerDatasource('verify-full', tlsUser, { tlsMode: 'verify-full' }),
          secureJsonData: { password: 'tls-pass', tlsCACert: ca },
        },
        {
          ...ledgerDatasource('verify-ca', tlsUser, { tlsMode: 'verify-ca' }),
          secureJsonData: { password: 'tls-pass', tlsCACert: ca },
        },
        {
          ...ledgerDatasource('wrong-ca', tlsUser, { tlsMode: 'verify-full' }),
          secureJsonData: { password: 'tls-pass', tlsCACert: otherCa },
        },
        ledgerDatasource('plaintext', tlsUser, { tlsMode: 'disabled' }),
      ]),
    });
  });

  afterAll(async () => {
    host?.cleanup();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function health(uid: string) {
    const res = await fetch(`${host.url}/api/datasources/uid/${uid}/health`, { headers: userHeaders() });
    return (await res.json()) as {
      status: string;
      message: string;
      details?: { checks: Array<{ check: string; code?: string }> };
    };
  }

  it.each(['required', 'verify-full', 'verify-ca'])('connects with tlsMode %s', async (uid) => {
    const h = await health(uid);
    expect(h.status).toBe('OK');
    expect(h.message).toMatch(/^Connected to MySQL/);
  });

  it('refuses a server whose certificate the configured CA did not sign', async () => {
    const h = await health('wrong-ca');
    expect(h.status).toBe('ERROR');
    expect(h.details?.checks[0].code).toBe('db.tls');
    expect(h.message).toMatch(/^TLS with MySQL at 127\.0\.0\.1:\d+ failed: /);
  });

  it('is refused by a server that requires TLS when TLS is disabled', async () => {
    const h = await health('plaintext');
    expect(h.status).toBe('ERROR');
    expect(h.details?.checks[0].code).toBe('db.access_denied');
  });
});
