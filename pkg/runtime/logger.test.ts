import { formatTimestamp, levelFromEnv, Logger } from './logger';

function capture(min: 'trace' | 'debug' | 'info' = 'trace') {
  const lines: string[] = [];
  const logger = new Logger({ write: (l) => lines.push(l) }, min);
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l)) };
}

describe('logger (go-plugin JSON log lines)', () => {
  it('writes one JSON object per line with string @level, @message and a 6-digit @timestamp', () => {
    const { logger, lines, entries } = capture();
    logger.info('hello', { uid: 'ds1', n: 3 });
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].trimEnd()).not.toContain('\n');
    const [e] = entries();
    expect(e['@level']).toBe('info');
    expect(e['@message']).toBe('hello');
    expect(e['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(e.uid).toBe('ds1');
    expect(e.n).toBe(3);
  });

  it.each(['trace', 'debug', 'info', 'warn', 'error'] as const)('uses the level name %s that hclog parses', (level) => {
    const { logger, entries } = capture();
    logger.log(level, 'x');
    expect(entries()[0]['@level']).toBe(level);
  });

  it('never lets a field overwrite @level/@message/@timestamp with a non-string', () => {
    const { logger, entries } = capture();
    logger.info('m', { '@level': 5, '@message': null, '@timestamp': 0 });
    const [e] = entries();
    expect(e['@level']).toBe('info');
    expect(e['@message']).toBe('m');
    expect(typeof e['@timestamp']).toBe('string');
  });

  it('keeps lines far below the host 64 KiB limit', () => {
    const { logger, lines } = capture();
    logger.error('x'.repeat(200_000), { big: 'y'.repeat(100_000), obj: { deep: 'z'.repeat(100_000) } });
    expect(Buffer.byteLength(lines[0])).toBeLessThan(32 * 1024);
  });

  it('writes large integers as text so the host does not print them as floats', () => {
    const { logger, entries } = capture();
    logger.info('m', { lastUpdatedMS: 1795675350957, small: 42, ratio: 0.5 });
    expect(entries()[0]).toMatchObject({ lastUpdatedMS: '1795675350957', small: 42, ratio: 0.5 });
  });

  it('writes errors as their message and bigint as text', () => {
    const { logger, entries } = capture();
    logger.warn('w', { error: new Error('boom'), big: 10n });
    expect(entries()[0]).toMatchObject({ error: 'boom', big: '10' });
  });

  it('drops lines below its level and carries bound fields', () => {
    const { logger, entries } = capture('info');
    const child = logger.with({ rpc: 'QueryData' });
    child.debug('hidden');
    child.info('shown');
    expect(entries()).toHaveLength(1);
    expect(entries()[0].rpc).toBe('QueryData');
  });

  it('formats timestamps with microseconds', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 26, 6, 25, 4, 123), 45)).toBe('2026-11-26T06:25:04.123045Z');
  });

  it.each([
    ['INFO', 'info'],
    ['warn', 'warn'],
    ['verbose', 'debug'],
    [undefined, 'debug'],
  ])('reads level %s from the environment as %s', (value, level) => {
    expect(levelFromEnv(value)).toBe(level);
  });
});
