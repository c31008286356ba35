import { parseRollupCommand, UsageError } from './cli';
import { DEFAULT_MAINTENANCE_OPTIONS } from './maintenance';

const base = ['--host', 'db', '--database', 'rag_flow', '--user', 'ledger_rollup'];
const parse = (args: string[]) => parseRollupCommand([...base, ...args], {});

describe('the rollup command line: maintenance', () => {
  it('maintains nothing without --maintain', () => {
    expect(parse([]).maintenance).toBeUndefined();
  });

  it.each<[string, string[], Partial<typeof DEFAULT_MAINTENANCE_OPTIONS>, number]>([
    ['the defaults: audit a year, usage forever, 3 months ahead', ['--maintain'], {}, 60],
    [
      'every option',
      [
        '--maintain',
        '--maintain-every',
        '15',
        '--audit-retention-days',
        '90',
        '--usage-retention-days',
        '400',
        '--partitions-ahead',
        '6',
        '--purge-batch',
        '5000',
        '--purge-pause',
        '0',
        '--dry-run',
      ],
      { auditRetentionDays: 90, usageRetentionDays: 400, aheadMonths: 6, batchRows: 5000, pauseMs: 0, dryRun: true },
      15,
    ],
    ['0 days keeps audit events forever', ['--maintain', '--audit-retention-days', '0'], { auditRetentionDays: 0 }, 60],
  ])('%s', (_name, args, options, everyMinutes) => {
    const command = parse(args);
    expect(command.maintenance).toEqual({ ...DEFAULT_MAINTENANCE_OPTIONS, ...options });
    expect(command.maintainEveryMs).toBe(everyMinutes * 60_000);
  });

  it.each([
    [['--dry-run'], /--dry-run: only with --maintain/],
    [['--audit-retention-days', '30'], /--audit-retention-days: only with --maintain/],
    [['--maintain', '--audit-retention-days=-1'], /--audit-retention-days: expected a whole number/],
    [['--maintain', '--usage-retention-days', '1.5'], /--usage-retention-days: expected a whole number/],
    [['--maintain', '--purge-batch', '0'], /--purge-batch: expected a positive number/],
  ])('refuses %j', (args, message) => {
    expect(() => parse(args)).toThrow(UsageError);
    expect(() => parse(args)).toThrow(message);
  });
});
