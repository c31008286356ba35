/**
 * The backend bundle and its V8 code cache, appended by scripts/build-backend.mjs to the end of the
 * single executable, after everything the ELF headers describe, so the kernel never maps them:
 *
 *   [executable with the SEA blob][code cache][bundle, ASCII][trailer: u32 LE cache length,
 *   u32 LE bundle length, 8 bytes PAYLOAD_MAGIC]
 *
 * As SEA assets they lie in a mapped segment, and reading them leaves ~2 MiB of the executable's
 * pages resident for the life of the process (on top of the copy V8 needs). Read with pread(2)
 * instead, they pass through a buffer that is freed once the script is compiled. The read runs on
 * libuv's thread pool, so that its page faults (most of its cost) overlap with the main thread's
 * work; the cache comes first so that it starts at the buffer's (aligned) start, which spares V8 a
 * copy.
 */
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';

export const PAYLOAD_MAGIC = 'LEDGPAY1';
export const TRAILER_BYTES = 16;

export interface Payload {
  /** The bundle, wrapped as a CommonJS function. */
  source: string;
  /** V8's code cache for `source`, when the executable has one. */
  cache?: Buffer;
  /** The memory both were read into; see release(). */
  buffer: ArrayBuffer;
}

/**
 * Frees the read buffer now, once the script is compiled. Alive while the main thread allocated,
 * its ArrayBuffer is in V8's old generation by then, and its 2 MiB would wait for a full GC, seconds
 * later. Transferred, the memory belongs to a new ArrayBuffer that nothing references, which the next
 * young-generation GC frees.
 */
export function release(payload: Payload): void {
  structuredClone(payload.buffer, { transfer: [payload.buffer] });
}

function openExecutable(file?: string): { fd: number; file: string } {
  if (file) {
    return { fd: openSync(file, 'r'), file };
  }
  try {
    // The file this process was started from, even if a new version has replaced it since.
    return { fd: openSync('/proc/self/exe', 'r'), file: '/proc/self/exe' };
  } catch {
    return { fd: openSync(process.execPath, 'r'), file: process.execPath };
  }
}

/** Reads `buffer.length` bytes at `position`, in as many reads as it takes. */
function readFully(fd: number, buffer: Buffer, position: number, done: (err: Error | null) => void, from = 0): void {
  read(fd, buffer, from, buffer.length - from, position + from, (err, n) => {
    if (err) {
      done(err);
    } else if (n === 0) {
      done(new Error('the executable ends inside its payload'));
    } else if (from + n < buffer.length) {
      readFully(fd, buffer, position, done, from + n);
    } else {
      done(null);
    }
  });
}

/**
 * Reads the payload of the running executable (or of `executable`): the trailer at once (it throws
 * if there is none), the rest on the thread pool; `done` gets the payload, or the error that stopped
 * the read.
 */
export function readPayload(done: (err: Error | null, payload?: Payload) => void, executable?: string): void {
  const { fd, file } = openExecutable(executable);
  let cacheBytes: number;
  let sourceBytes: number;
  let start: number;
  try {
    const size = fstatSync(fd).size;
    const trailer = Buffer.alloc(TRAILER_BYTES);
    if (size < TRAILER_BYTES || readSync(fd, trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES) !== TRAILER_BYTES) {
      throw new Error(`${file} is too short to carry the backend`);
    }
    if (trailer.toString('latin1', 8) !== PAYLOAD_MAGIC) {
      throw new Error(`${file} carries no backend (no ${PAYLOAD_MAGIC} trailer)`);
    }
    cacheBytes = trailer.readUInt32LE(0);
    sourceBytes = trailer.readUInt32LE(4);
    start = size - TRAILER_BYTES - cacheBytes - sourceBytes;
    if (start < 0) {
      throw new Error(`${file} is too short to carry the backend its trailer describes`);
    }
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const bytes = Buffer.allocUnsafeSlow(cacheBytes + sourceBytes);
  readFully(fd, bytes, start, (err) => {
    closeSync(fd);
    if (err) {
      done(err);
      return;
    }
    done(null, {
      // ASCII (the build checks), so Latin-1 is exact and needs no decoding.
      source: bytes.toString('latin1', cacheBytes),
      cache: cacheBytes > 0 ? bytes.subarray(0, cacheBytes) : undefined,
      buffer: bytes.buffer,
    });
  });
}
