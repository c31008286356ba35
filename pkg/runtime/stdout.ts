/**
 * After the handshake line, stdout belongs to go-plugin, which discards it through a scanner that
 * stops at the first line over 64 KiB (later writes could then block on a full pipe). So nothing
 * may write there again: console output and stray stdout writes are turned into log lines.
 */
import { format } from 'node:util';
import type { Logger } from './logger';

export function sealStdout(logger: Logger): void {
  const toLog =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger.log(level, format(...args), { source: 'console' });
  console.log = toLog('info');
  console.info = toLog('info');
  // Replaced, not called: a dependency's console.debug becomes a debug log line.
  // eslint-disable-next-line no-console
  console.debug = toLog('debug');
  console.warn = toLog('warn');
  console.error = toLog('error');
  process.stdout.write = ((chunk: unknown) => {
    logger.debug(String(chunk).trimEnd(), { source: 'stdout' });
    return true;
  }) as typeof process.stdout.write;
}
