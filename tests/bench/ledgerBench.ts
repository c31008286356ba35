/**
 * npm run bench:ledger [-- --rows 1000000 | --big] — the ledger's main aggregations on seeded data,
 * for windows of 1, 7, 30 and 90 days: the statement the backend builds run directly with mysql2
 * ("raw SQL") against the same query through the conformance host and the plugin (QueryData over
 * HTTP, gRPC, Arrow, the SDK's JSON), as medians of 5 runs and their ratio. Then the frame
 * encoder's rows/s and the plugin's peak RSS. Figures only; nothing is asserted.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import type { Connection } from 'mysql2/promise';
import { startDatabase } from '../db/mariadb';
import { seed } from '../../tools/seed';
import { datasourcesYaml, ledgerDatasource, startHost, userHeaders } from '../integration/host';
import { testSettings } from '../../pkg/testing/settings';
import { intervalsInRange, priceIntervals } from '../../pkg/pricing/priceList';
import { buckets } from '../../pkg/queries/buckets';
import { costBreakdownStatement, costTimeSeriesStatement } from '../../pkg/queries/cost';
import { withTimeout } from '../../pkg/db/run';
import { frameToArrow } from '../../pkg/frames/arrow';
import { frameToJson } from '../../pkg/frames/json';
import type { Statement } from '../../pkg/queries/sql';

const DAY = 24 * 3600 * 1000;
const RUNS = 5;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm the buffer pool and the plugin's pool
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const rows = process.argv.includes('--big') ? 10_000_000 : arg('rows', 1_000_000);
  const end = new Date(Date.UTC(2026, 10, 1));
  const db = await startDatabase({ bufferPool: '2G' });
  const conn: Connection = await db.connect();
  const t0 = performance.now();
  await seed({ connection: conn, rows, seed: 42, end, days: 90, schema: true });
  console.log(`seeded ${rows.toLocaleString('en')} usage rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const host = await startHost({ yaml: datasourcesYaml([ledgerDatasource('bench', db, { maxRows: 1_000_000 })]) });
  const settings = testSettings({ maxRows: 1_000_000 });
  const prices = priceIntervals([]);
  try {
    const lines = ['| window | query | raw SQL ms | QueryData ms | ratio |', '|---|---|---|---|---|'];
    for (const days of [1, 7, 30, 90]) {
      const range = { fromMs: end.getTime() - days * DAY, toMs: end.getTime() };
      const inRange = intervalsInRange(prices, range.fromMs, range.toMs);
      const interval = days <= 1 ? 60_000 : days <= 7 ? 3_600_000 : DAY;
      const cases: Array<[string, object, Statement]> = [
        [
          'costTotals',
          { queryType: 'costTotals' },
          costBreakdownStatement(settings, { range }, 'none', 'cost', 1, inRange),
        ],
        [
          'costTimeSeries by model',
          { queryType: 'costTimeSeries', groupBy: 'model' },
          costTimeSeriesStatement(
            settings,
            { range },
            'model',
            buckets(range.fromMs, range.toMs, interval, 1000),
            inRange
          ),
        ],
        [
          'costBreakdown by user',
          { queryType: 'costBreakdown', groupBy: 'user' },
          costBreakdownStatement(settings, { range }, 'user', 'cost', 1_000_000, inRange),
        ],
      ];
      for (const [label, query, statement] of cases) {
        const raw = await time(() => conn.query(withTimeout(statement.sql, 'mariadb', 600), statement.params));
        const viaHost = await time(async () => {
          const res = await fetch(`${host.url}/api/ds/query`, {
            method: 'POST',
            headers: userHeaders('Admin'),
            body: JSON.stringify({
              from: String(range.fromMs),
              to: String(range.toMs),
              queries: [
                { refId: 'A', datasource: { uid: 'bench' }, intervalMs: interval, maxDataPoints: 1000, ...query },
              ],
            }),
          });
          const body = (await res.json()) as { results: { A: { status: number; error?: string } } };
          if (body.results.A.status !== 200) {
            throw new Error(`${label}: ${body.results.A.error}`);
          }
        });
        lines.push(
          `| ${days} d | ${label} | ${raw.toFixed(1)} | ${viaHost.toFixed(1)} | ${(viaHost / raw).toFixed(2)}× |`
        );
      }
    }
    console.log(lines.join('\n'));

    // The frame encoder alone: one frame of a million rows with the usual column types.
    const n = 1_000_000;
    const frame = {
      refId: 'A',
      fields: [
        {
          name: 'time',
          type: 'time' as const,
          values: Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1000),
        },
        { name: 'cost', type: 'float64' as const, values: Array.from({ length: n }, (_, i) => i * 0.001) },
        { name: 'tokens', type: 'int64' as const, values: Array.from({ length: n }, (_, i) => i) },
        {
          name: 'user',
          type: 'string' as const,
          nullable: true,
          values: Array.from({ length: n }, (_, i) => (i % 10 ? `user-${i % 5000}` : null)),
        },
      ],
    };
    for (const [label, encode] of [
      ['Arrow', frameToArrow],
      ['JSON', frameToJson],
    ] as const) {
      const ms = await time(async () => encode(frame));
      console.log(
        `frame encoder, ${label}: ${((n / ms) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} rows/s (${n.toLocaleString('en')} rows × 4 columns in ${ms.toFixed(0)} ms)`
      );
    }

    const status = readFileSync(`/proc/${host.pluginPid}/status`, 'utf8');
    const peak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    console.log(
      `plugin memory after the runs: peak RSS ${(Number(peak) / 1024).toFixed(1)} MiB, RSS now ${(Number(rss) / 1024).toFixed(1)} MiB`
    );
    console.log(`bench process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
  } finally {
    host.cleanup();
    await conn.end();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
