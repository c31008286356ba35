import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAYLOAD_MAGIC, TRAILER_BYTES, type Payload, readPayload, release } from './payload';

/** An "executable" laid out as scripts/build-backend.mjs appends the payload. */
function executable(dir: string, source: string, cache: Buffer): string {
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(cache.length, 0);
  trailer.writeUInt32LE(source.length, 4);
  trailer.write(PAYLOAD_MAGIC, 8, 'latin1');
  const file = join(dir, 'gpx_test');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from('\x7fELF and the rest of node'), cache, Buffer.from(source), trailer])
  );
  return file;
}

function read(file: string): Promise<Payload> {
  return new Promise((resolve, reject) => readPayload((err, payload) => (err ? reject(err) : resolve(payload!)), file));
}

describe('the payload appended to the executable', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-payload-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the bundle and its code cache back', async () => {
    const cache = Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);
    const payload = await read(executable(dir, '(function () {return 42})', cache));
    expect(payload.source).toBe('(function () {return 42})');
    expect(payload.cache).toEqual(cache);
    // The cache starts the read buffer, so V8 gets it aligned.
    expect(payload.cache!.byteOffset).toBe(0);
    release(payload);
    expect(payload.buffer.byteLength).toBe(0);
  });

  it('has no cache when the executable was built without one', async () => {
    const payload = await read(executable(dir, '(function () {})', Buffer.alloc(0)));
    expect(payload).toMatchObject({ source: '(function () {})', cache: undefined });
  });

  it('refuses an executable without a payload', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, Buffer.alloc(64, 1));
    expect(() => readPayload(() => undefined, file)).toThrow(`carries no backend (no ${PAYLOAD_MAGIC} trailer)`);
    writeFileSync(file, 'short');
    expect(() => readPayload(() => undefined, file)).toThrow('too short');
  });
});
