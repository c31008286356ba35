/**
 * npm run seed -- --rows N --seed S [--url mysql://user:pass@host:port/db] [--end 2026-11-01]
 *                 [--days 90] [--audit N] [--schema] [--replace] [--directory]
 * Bundled and started by scripts/seed.mjs.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DAYS, seed } from './seed';

const USAGE = `usage: npm run seed -- --rows N --seed S [options]
  --rows N       usage rows (default 100000)
  --seed S       seed; the same seed, rows, end and days give the same rows (default 1)
  --url URL      mysql://user:password@host:port/database (default $MYSQL_URL)
  --end DATE     exclusive end of the data, ISO 8601 in UTC (default: today 00:00 UTC)
  --days N       days of data before --end (default ${DEFAULT_DAYS})
  --audit N      audit events (default max(400, rows / 50))
  --schema       apply schema/mysql/001_ledger.sql first
  --replace      empty both tables first (otherwise they must be empty)
  --directory    also write the catalog's tenants and users into existing tenant(id, name) and
                 user(id, nickname, email) tables, for names (the demo stack's; never RAGFlow's own)`;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`--${name} must be a non-negative integer, not ${value}`);
  }
  return n;
}

function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      seed: { type: 'string' },
      url: { type: 'string' },
      end: { type: 'string' },
      days: { type: 'string' },
      audit: { type: 'string' },
      schema: { type: 'boolean' },
      replace: { type: 'boolean' },
      directory: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const url = values.url ?? process.env.MYSQL_URL;
  if (!url) {
    throw new Error('give --url mysql://user:password@host:port/database (or set MYSQL_URL)');
  }
  let end = startOfTodayUtc();
  if (values.end !== undefined) {
    // A bare date or date-time without an offset means UTC.
    const text = /[zZ]|[+-]\d\d:?\d\d$/.test(values.end) || !values.end.includes('T') ? values.end : `${values.end}Z`;
    end = new Date(text);
    if (Number.isNaN(end.getTime())) {
      throw new Error(`--end: not a date: ${values.end}`);
    }
  }
  const rows = integer('rows', values.rows, 100000);
  const result = await seed({
    url,
    rows,
    seed: values.seed ?? '1',
    end,
    days: integer('days', values.days, DEFAULT_DAYS),
    auditRows: values.audit === undefined ? undefined : integer('audit', values.audit, 0),
    schema: values.schema ?? false,
    replace: values.replace ?? false,
    directory: values.directory ?? false,
    log: (line) => process.stdout.write(`[seed] ${line}\n`),
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  const mib = (result.bytes / 1024 / 1024).toFixed(1);
  process.stdout.write(
    [
      `[seed] seed ${result.seed}: ${result.rows} usage rows and ${result.auditRows} audit events, ` +
        `${iso(result.window.start)} .. ${iso(result.window.end)}`,
      `[seed] spend spike: ${result.spike.tenant.name} on ${result.spike.model}, ` +
        `${iso(result.spike.start)} .. ${iso(result.spike.end)}`,
      `[seed] failed-login burst: ${result.burst.events} events from ${result.burst.ip} at ${iso(result.burst.start)}`,
      `[seed] ${(result.ms / 1000).toFixed(2)} s, ${result.rowsPerSecond} rows/s, ${mib} MiB of TSV`,
      '',
    ].join('\n')
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`[seed] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
