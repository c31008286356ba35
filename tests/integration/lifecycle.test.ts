/**
 * How the plugin process lives and dies: started directly (handshake line, socket, refusal without
 * the magic cookie), and under the host (signals, orphaned by a crashed host).
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { assertBuilt, eventually, isAlive, ledger, PLUGIN_BINARY, socketDirOf, startHost, userHeaders } from './host';

function runPlugin(env: Record<string, string>, stdin: 'ignore' | 'pipe' = 'ignore') {
  const child = spawn(PLUGIN_BINARY, [], { stdio: [stdin, 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  );
  const firstLine = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, exit, firstLine, stdout: () => stdout, stderr: () => stderr };
}

const GO_PLUGIN_ENV = {
  grafana_plugin_type: 'datasource',
  PLUGIN_PROTOCOL_VERSIONS: '2',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
};

describe('plugin process', () => {
  beforeAll(() => assertBuilt());

  it('refuses to run without the go-plugin magic cookie and prints nothing on stdout', async () => {
    const p = runPlugin({});
    const { code } = await p.exit;
    expect(code).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toMatch(/not meant to be run directly/);
  });

  it('refuses a host that does not speak protocol version 2', async () => {
    const p = runPlugin({ ...GO_PLUGIN_ENV, PLUGIN_PROTOCOL_VERSIONS: '1' });
    expect((await p.exit).code).toBe(1);
    expect(p.stderr()).toMatch(/speaks 2/);
  });

  it('prints one handshake line for a private unix socket, ignores SIGINT, and exits 0 on SIGTERM, removing the socket', async () => {
    const p = runPlugin(GO_PLUGIN_ENV);
    const line = await p.firstLine;
    const [core, app, network, address, protocol, ...rest] = line.split('|');
    expect([core, app, network, protocol, rest]).toEqual(['1', '2', 'unix', 'grpc', []]);
    expect(statSync(address).isSocket()).toBe(true);
    // The socket's directory is private to the plugin's user.
    expect(statSync(dirname(address)).mode & 0o077).toBe(0);

    p.child.kill('SIGINT');
    await eventually(() => expect(p.stderr()).toContain('SIGINT ignored'));
    expect(isAlive(p.child.pid!)).toBe(true);

    p.child.kill('SIGTERM');
    expect(await p.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(dirname(address))).toBe(false);
    // Nothing but the handshake ever went to stdout.
    expect(p.stdout()).toBe(`${line}\n`);
  });

  it('keeps running when its stdin closes', async () => {
    const p = runPlugin(GO_PLUGIN_ENV, 'pipe');
    await p.firstLine;
    p.child.stdin!.end();
    // The warm-up line comes ~250 ms after start, well after stdin's EOF reached the plugin.
    await eventually(() => expect(p.stderr()).toContain('warm-up done'));
    expect(isAlive(p.child.pid!)).toBe(true);
    p.child.kill('SIGTERM');
    expect((await p.exit).code).toBe(0);
  });

  it('answers gRPC health for "plugin" as SERVING and unknown services as NOT_FOUND', async () => {
    const p = runPlugin(GO_PLUGIN_ENV);
    const address = (await p.firstLine).split('|')[3];
    const grpc = await import('@grpc/grpc-js');
    const { healthService } = await import('../../pkg/server/serviceDefinitions');
    const Client = grpc.makeGenericClientConstructor(healthService, 'Health');
    const client = new Client(`unix:${address}`, grpc.credentials.createInsecure()) as any;
    const check = (service: string) =>
      new Promise<{ status?: number; code?: number }>((resolve) =>
        client.Check({ service }, (err: any, res: any) => resolve(err ? { code: err.code } : { status: res.status }))
      );
    expect(await check('plugin')).toEqual({ status: 1 });
    expect(await check('nope')).toEqual({ code: grpc.status.NOT_FOUND });
    client.close();
    p.child.kill('SIGTERM');
    expect((await p.exit).code).toBe(0);
  });

  it('honours PLUGIN_UNIX_SOCKET_DIR, as go-plugin sets it for containers', async () => {
    const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'sockdir-'));
    const p = runPlugin({ ...GO_PLUGIN_ENV, PLUGIN_UNIX_SOCKET_DIR: dir });
    const address = (await p.firstLine).split('|')[3];
    expect(address.startsWith(`${dir}/`)).toBe(true);
    p.child.kill('SIGTERM');
    await p.exit;
    require('node:fs').rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving after SIGINT sent to it under the host', async () => {
    const host = await startHost();
    try {
      process.kill(host.pluginPid, 'SIGINT');
      await eventually(() => expect(host.logs()).toContain('SIGINT ignored'));
      const res = await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/resources/ping`, {
        headers: userHeaders(),
      });
      expect(res.status).toBe(200);
      const stopped = await host.stop();
      expect(stopped.plugins?.[0].graceful).toBe(true);
    } finally {
      host.cleanup();
    }
  });

  it('serves over mutual TLS when the host turns on go-plugin AutoMTLS', async () => {
    const host = await startHost({ args: ['--auto-mtls'] });
    try {
      expect(host.logs()).toMatch(/plugin started: .*tls=mtls/);
      const health = await fetch(`${host.url}/api/datasources/uid/${ledger.uid}/resources/ping`, {
        headers: userHeaders(),
      });
      expect(health.status).toBe(200);
      const res = await fetch(`${host.url}/api/ds/query`, {
        method: 'POST',
        headers: userHeaders(),
        body: JSON.stringify({
          from: 'now-1h',
          to: 'now',
          queries: [{ refId: 'A', datasource: ledger, queryType: 'ping', rows: 2 }],
        }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).results.A.frames[0].data.values[1]).toEqual([0, 1.5]);
      expect((await host.stop()).plugins?.[0].graceful).toBe(true);
    } finally {
      host.cleanup();
    }
  });

  it('exits by itself when the host dies without stopping it (no orphan)', async () => {
    const host = await startHost();
    try {
      const pid = host.pluginPid;
      const socketDir = socketDirOf(host.logs());
      host.process.kill('SIGKILL');
      await eventually(() => expect(isAlive(pid)).toBe(false), 15000, 200);
      // It shut down properly (its stderr pipe was broken by then) and removed its socket.
      expect(existsSync(socketDir)).toBe(false);
    } finally {
      host.cleanup();
    }
  });
});
