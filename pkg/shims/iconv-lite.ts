/**
 * Stands in for iconv-lite in the bundled backend (esbuild alias in scripts/build-backend.mjs).
 * mysql2 reaches for it only for character sets Node's Buffer does not know:
 * - `cesu8`, its name for MySQL's 3-byte `utf8` (utf8mb3: metadata, information_schema). utf8mb3
 *   holds only the Basic Multilingual Plane, where CESU-8 and UTF-8 are the same bytes;
 * - legacy column charsets, which Node's TextDecoder decodes (full ICU in official Node builds).
 * Our connections are utf8mb4, so strings are only ever encoded as UTF-8. The real package is
 * 480 KiB of tables that every start of the plugin would carry.
 */
const SAME_AS_UTF8 = new Set(['cesu8', 'cesu-8']);

export function getDecoder(encoding: string) {
  const decoder = new TextDecoder(SAME_AS_UTF8.has(encoding.toLowerCase()) ? 'utf-8' : encoding);
  return { write: (buffer: Uint8Array) => decoder.decode(buffer, { stream: true }), end: () => decoder.decode() };
}

export function getEncoder(encoding: string) {
  if (!SAME_AS_UTF8.has(encoding.toLowerCase())) {
    throw new Error(`encoding strings as ${encoding} is not supported; use a utf8mb4 connection`);
  }
  return { write: (text: string) => Buffer.from(text, 'utf8'), end: () => undefined };
}

export default { getDecoder, getEncoder };
