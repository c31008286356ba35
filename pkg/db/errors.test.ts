import { mapDbError } from './errors';

describe('mapDbError', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:3306' }, 'db.unreachable', 503],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND mysql' }, 'db.unreachable', 503],
    [{ code: 'PROTOCOL_CONNECTION_LOST', message: 'Connection lost' }, 'db.unreachable', 503],
    [{ code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, message: "Access denied for user 'ro'" }, 'db.access_denied', 502],
    [{ code: 'ER_BAD_DB_ERROR', errno: 1049, message: "Unknown database 'x'" }, 'db.unknown_database', 502],
    [{ code: 'HANDSHAKE_NO_SSL_SUPPORT', message: 'Server does not support secure connection' }, 'db.tls', 502],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'db.tls', 502],
    [
      { code: 'ER_QUERY_TIMEOUT', errno: 3024, message: 'maximum statement execution time exceeded' },
      'db.timeout',
      504,
    ],
    [
      {
        code: 'ER_STATEMENT_TIMEOUT',
        errno: 1969,
        message: 'Query execution was interrupted (max_statement_time exceeded)',
      },
      'db.timeout',
      504,
    ],
    [{ code: 'ER_NO_SUCH_TABLE', errno: 1146, message: "Table 'x.y' doesn't exist" }, 'db.schema', 502],
    [{ code: 'ER_PARSE_ERROR', errno: 1064, message: 'syntax' }, 'db.error', 502],
  ])('maps %j to %s (%s, downstream)', (err, code, status) => {
    const mapped = mapDbError(Object.assign(new Error(err.message), err), 'db:3306');
    expect(mapped).toMatchObject({ code, status, source: 'downstream' });
  });

  it('says where: the server in the message', () => {
    expect(mapDbError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'db.example:3306').message).toBe(
      'MySQL at db.example:3306 is unreachable: refused'
    );
  });
});
