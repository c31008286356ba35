import { hashKey } from './auth/apiKeys';
import { parseIngestConfig, UsageError } from './config';

const KEYS = `${hashKey('k1')} tenant-a`;
const base = ['--mysql-user', 'ledger_ingest'];
const env = { LLMOPS_INGEST_KEYS: KEYS, LLMOPS_INGEST_DB_PASSWORD: 'pw' };

describe('ingest command line', () => {
  it('fills every default', () => {
    const c = parseIngestConfig(base, env);
    expect(c).toMatchObject({
      listenHost: '0.0.0.0',
      listenPort: 4318,
      mysql: {
        host: '127.0.0.1',
        port: 3306,
        database: 'rag_flow',
        user: 'ledger_ingest',
        password: 'pw',
        tlsMode: 'disabled',
      },
      usageTable: 'token_usage_log',
      auditTable: 'audit_log',
      allowUnauthenticated: false,
      tenantAttributes: ['tenant.id'],
      defaultTenant: null,
      maxBodyBytes: 64 * 1024 * 1024,
      batchRows: 2000,
      queueRows: 50000,
      retryAfterSeconds: 5,
    });
    expect(c !== 'help' && [...c.keys]).toEqual([[hashKey('k1'), 'tenant-a']]);
  });

  it('reads a key file and repeated tenant attributes', () => {
    const c = parseIngestConfig(
      [
        ...base,
        '--keys-file',
        '/keys',
        '--tenant-attribute',
        'org.id',
        '--tenant-attribute',
        'tenant.id',
        '--listen',
        '[::1]:9999',
      ],
      {},
      (path) => (path === '/keys' ? KEYS : '')
    );
    expect(c).toMatchObject({ tenantAttributes: ['org.id', 'tenant.id'], listenHost: '::1', listenPort: 9999 });
  });

  it.each([
    ['no user', [], env, '--mysql-user: required'],
    ['no keys and no --allow-unauthenticated', base, {}, 'no API keys'],
    ['a bad key list', base, { LLMOPS_INGEST_KEYS: 'x t' }, 'LLMOPS_INGEST_KEYS: entry 1'],
    ['a bad port', [...base, '--mysql-port', '70000'], env, '--mysql-port'],
    ['a bad listen address', [...base, '--listen', '4318'], env, '--listen'],
    ['a table name with a quote', [...base, '--usage-table', 'x`y'], env, '--usage-table'],
    ['an unknown TLS mode', [...base, '--tls-mode', 'on'], env, '--tls-mode'],
    ['verify-ca without a CA', [...base, '--tls-mode', 'verify-ca'], env, '--tls-ca-file'],
    ['a default tenant too long', [...base, '--default-tenant', 'x'.repeat(33)], env, '--default-tenant'],
    ['zero batch rows', [...base, '--batch-rows', '0'], env, '--batch-rows'],
    ['an unknown option', [...base, '--pasword', 'x'], env, 'pasword'],
  ])('refuses %s, naming it', (_name, argv, environment, message) => {
    expect(() => parseIngestConfig(argv as string[], environment as NodeJS.ProcessEnv)).toThrow(UsageError);
    expect(() => parseIngestConfig(argv as string[], environment as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('accepts anonymous writes only when asked', () => {
    expect(parseIngestConfig([...base, '--allow-unauthenticated', '--default-tenant', 'demo'], {})).toMatchObject({
      allowUnauthenticated: true,
      defaultTenant: 'demo',
    });
  });
});
