import { handshakeLine, negotiate } from './handshake';

describe('go-plugin handshake', () => {
  it.each([
    [{ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2' }, true],
    [{ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '3,2' }, true],
    [{ grafana_plugin_type: 'datasource' }, true],
    [{ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1' }, false],
    [{ grafana_plugin_type: 'panel', PLUGIN_PROTOCOL_VERSIONS: '2' }, false],
    [{ PLUGIN_PROTOCOL_VERSIONS: '2' }, false],
  ])('negotiates %j → %s', (env, ok) => {
    const result = negotiate(env as NodeJS.ProcessEnv);
    expect(result.ok).toBe(ok);
    if (result.ok) {
      expect(result.appVersion).toBe(2);
    }
  });

  it('explains why a direct start is refused', () => {
    const result = negotiate({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/not meant to be run directly/);
  });

  it.each([
    [{ network: 'unix', address: '/tmp/plugin1/grpc.sock' }, undefined, '1|2|unix|/tmp/plugin1/grpc.sock|grpc\n'],
    [{ network: 'tcp', address: '127.0.0.1:10001' }, undefined, '1|2|tcp|127.0.0.1:10001|grpc\n'],
    [{ network: 'unix', address: '/s' }, 'MIIB', '1|2|unix|/s|grpc|MIIB\n'],
  ] as const)('prints %j as the handshake line', (listen, cert, line) => {
    expect(handshakeLine(2, listen, cert)).toBe(line);
  });
});
