/**
 * npm run bench:ledger [-- --rows 10000000 | --big] [--runs 10] [--job-only] — the LLM Cost page on a
 * large ledger.
 *
 * Seeds `rows` usage rows over the 61 days before now (164 k calls a day at 10 M, a mid-size RAG
 * service) into a throwaway MariaDB (4 GiB buffer pool), builds the rollups with the rollup job (the
 * executable's `rollup` subcommand), then sends the Cost page's 9 queries in one QueryData through the
 * conformance host, as the page does with every variable on All, for windows of 1, 7, 30 and 90 days
 * ending now: to a datasource that reads only the raw table and to one that reads the rollups,
 * alternately, `runs` times each after a warm-up. Prints p50 and p95 of both and their ratio; then the
 * job's cost (the first build, and a refresh after a minute of new rows), the rollup tables' sizes, the
 * frame encoder's rows/s and the plugin's peak RSS. The job runs every 30 s meanwhile, as its service
 * would. Figures only; nothing is asserted. It needs `npm run build` and `npm run build:host`.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startDatabase } from '../db/mariadb';
import { seed } from '../../tools/seed';
import { TENANTS } from '../../tools/seed/catalog';
import { datasourcesYaml, ledgerDatasource, startHost, userHeaders } from '../integration/host';
import { installRollups, logLine, RO, runJob, startJob } from '../integration/rollupSetup';
import {
  COST_SERIES,
  VARIABLE_FILTERS,
  breakdownQuery,
  budgetQuery,
  spendByModelQuery,
  spikesQuery,
  topSpendersQuery,
  totalsQuery,
  unpricedModelsQuery,
} from '../../src/pages/Cost/costQueries';
import { interpolateQuery } from '../../src/datasource/templating';
import { ALL_VALUE } from '../../src/shared/queryTypes';
import { HOUR_MS } from '../../pkg/rollups/grains';
import { frameToArrow } from '../../pkg/frames/arrow';
import { frameToJson } from '../../pkg/frames/json';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const DAYS = 61;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** The Cost page's 9 queries, every variable on All (the datasource turns `*` into no filter). */
function costPage(uid: string, days: number): Array<Record<string, unknown>> {
  const all = (text: string, format?: (values: string[]) => string) => (format ? format([ALL_VALUE]) : ALL_VALUE);
  const budgets = TENANTS.slice(0, 4).map((t, i) => ({ tenant: t.id, monthlyBudget: 20 + 10 * i }));
  return [
    totalsQuery(VARIABLE_FILTERS),
    spendByModelQuery(VARIABLE_FILTERS),
    breakdownQuery('tenant', VARIABLE_FILTERS),
    breakdownQuery('user', VARIABLE_FILTERS),
    breakdownQuery('model', VARIABLE_FILTERS),
    topSpendersQuery(VARIABLE_FILTERS),
    budgetQuery(['$tenant'], budgets),
    spikesQuery(VARIABLE_FILTERS),
    unpricedModelsQuery(VARIABLE_FILTERS),
  ].map((q) => ({
    ...interpolateQuery(q, all),
    datasource: { uid },
    // The page's runner (COST_SERIES): at most 60 points, at least an hour; Grafana sends the min
    // interval when the range divided by the points is smaller, the backend widens it to the points.
    intervalMs: Math.max(HOUR_MS, (days * DAY) / COST_SERIES.maxDataPoints),
    maxDataPoints: COST_SERIES.maxDataPoints,
  }));
}

async function main(): Promise<void> {
  const rows = process.argv.includes('--big') ? 10_000_000 : arg('rows', 1_000_000);
  const runs = arg('runs', 10);
  // `--job-only`: only the job's figures (the first build, a refresh, the tables' sizes).
  const skipPage = process.argv.includes('--job-only');
  const end = Math.floor(Date.now() / MIN) * MIN;
  const db = await startDatabase({ bufferPool: '4G', redoLog: '1G' });
  const conn: Connection = await db.connect();
  let t = performance.now();
  await seed({ connection: conn, rows, seed: 42, end: new Date(end), days: DAYS, schema: true });
  console.log(
    `seeded ${rows.toLocaleString('en')} usage rows over ${DAYS} days in ${((performance.now() - t) / 1000).toFixed(1)} s`
  );
  await installRollups(conn);
  t = performance.now();
  const built = logLine(await runJob(db), /rollups refreshed/);
  console.log(
    `rollup job, first build: ${built.hours} hours and ${built.days} days in ${((performance.now() - t) / 1000).toFixed(1)} s`
  );

  // The job keeps running, as its service would: the datasource reads rollups refreshed in the last 5 minutes.
  const job = startJob(db, ['--interval', '30']);
  const ro = { ...db, ...RO };
  const host = await startHost({
    yaml: datasourcesYaml([
      ledgerDatasource('raw', ro, { maxRows: 1_000_000, queryTimeoutSeconds: 600, rollups: 'off' }),
      ledgerDatasource('rollups', ro, { maxRows: 1_000_000, queryTimeoutSeconds: 600 }),
    ]),
  });
  try {
    const page = async (uid: string, days: number): Promise<number> => {
      const started = performance.now();
      const res = await fetch(`${host.url}/api/ds/query`, {
        method: 'POST',
        headers: userHeaders('Admin'),
        body: JSON.stringify({
          from: String(Date.now() - days * DAY),
          to: String(Date.now()),
          queries: costPage(uid, days),
        }),
      });
      const body = (await res.json()) as { results: Record<string, { status: number; error?: string }> };
      const ms = performance.now() - started;
      for (const [refId, r] of Object.entries(body.results)) {
        if (r.status !== 200) {
          throw new Error(`${uid} ${refId}: ${r.error}`);
        }
      }
      return ms;
    };
    const lines = [
      `Cost page, 9 queries in one QueryData, ${runs} runs each (alternating), ${rows.toLocaleString('en')} rows:`,
      '| window | raw p50 ms | raw p95 ms | rollups p50 ms | rollups p95 ms | raw ÷ rollups (p50) |',
      '|---|---|---|---|---|---|',
    ];
    for (const days of skipPage ? [] : [1, 7, 30, 90]) {
      await page('raw', days);
      await page('rollups', days);
      const raw: number[] = [];
      const rolled: number[] = [];
      for (let i = 0; i < runs; i++) {
        raw.push(await page('raw', days));
        rolled.push(await page('rollups', days));
      }
      const [r50, r95, u50, u95] = [
        percentile(raw, 50),
        percentile(raw, 95),
        percentile(rolled, 50),
        percentile(rolled, 95),
      ];
      lines.push(
        `| ${days} d | ${r50.toFixed(0)} | ${r95.toFixed(0)} | ${u50.toFixed(0)} | ${u95.toFixed(0)} | ${(r50 / u50).toFixed(1)}× |`
      );
      console.log(lines[lines.length - 1]);
    }
    console.log(lines.join('\n'));

    // Each query alone, from the rollups: where the page's time goes.
    const single = async (q: Record<string, unknown>, days: number): Promise<number> => {
      const started = performance.now();
      await fetch(`${host.url}/api/ds/query`, {
        method: 'POST',
        headers: userHeaders('Admin'),
        body: JSON.stringify({ from: String(Date.now() - days * DAY), to: String(Date.now()), queries: [q] }),
      });
      return performance.now() - started;
    };
    const windows = [1, 7, 30, 90];
    const perQuery = [
      `| query, from the rollups, p50 of 3 | ${windows.map((d) => `${d} d ms`).join(' | ')} |`,
      `|---|${windows.map(() => '---').join('|')}|`,
    ];
    for (const [i, q] of (skipPage ? [] : costPage('rollups', 90)).entries()) {
      const cells: string[] = [];
      for (const days of windows) {
        const query = { ...costPage('rollups', days)[i], refId: 'A' };
        await single(query, days);
        const ms = [await single(query, days), await single(query, days), await single(query, days)];
        cells.push(percentile(ms, 50).toFixed(0));
      }
      perQuery.push(`| ${String(q.refId)} (${String(q.queryType)}) | ${cells.join(' | ')} |`);
    }
    console.log(perQuery.join('\n'));

    job.child.kill('SIGTERM');
    await job.done;
    // A minute of new calls (the seed's rate), then one refresh: what the job costs every minute.
    const perMinute = Math.round(rows / DAYS / 1440);
    const refreshes: number[] = [];
    for (let round = 0; round < 5; round++) {
      const now = Date.now();
      const values = Array.from({ length: perMinute }, (_, i) => [
        `bench${round}x${String(i).padStart(8, '0')}`.padEnd(32, '0'),
        TENANTS[i % TENANTS.length].id,
        'gpt-4o-mini',
        500 + i,
        50,
        i % 7 ? 0.0002 : null,
        new Date(now - (i % 60) * 1000),
        now,
      ]);
      await conn.query(
        'INSERT INTO token_usage_log (id, tenant_id, model_name, input_tokens, output_tokens, cost, timestamp, create_time) VALUES ?',
        [values]
      );
      const run = logLine(await runJob(db), /rollups refreshed/);
      refreshes.push(Number(run.tookMs));
    }
    console.log(
      `rollup refresh after a minute of new rows (${perMinute} rows): median ${percentile(refreshes, 50)} ms, max ${Math.max(...refreshes)} ms over ${refreshes.length} runs (the job runs once a minute)`
    );

    const sizes = await conn.query<RowDataPacket[]>(
      `SELECT table_name AS name, table_rows AS n, data_length + index_length AS bytes FROM information_schema.tables
       WHERE table_schema = DATABASE() AND table_name LIKE 'token_usage_%'
       ORDER BY table_name`
    );
    for (const s of sizes[0]) {
      const [[{ exact }]] = await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS exact FROM \`${String(s.name)}\``);
      console.log(
        `${String(s.name)}: ${Number(exact).toLocaleString('en')} rows, ${(Number(s.bytes) / 1024 / 1024).toFixed(1)} MiB (data and indexes)`
      );
    }

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
      encode(frame);
      const started = performance.now();
      encode(frame);
      const ms = performance.now() - started;
      console.log(
        `frame encoder, ${label}: ${((n / ms) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} rows/s (${n.toLocaleString('en')} rows × 4 columns in ${ms.toFixed(0)} ms)`
      );
    }

    const status = readFileSync(`/proc/${host.pluginPid}/status`, 'utf8');
    const peak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    console.log(`plugin peak RSS after the runs: ${(Number(peak) / 1024).toFixed(1)} MiB`);
  } finally {
    job.child.kill('SIGTERM');
    host.cleanup();
    await conn.end();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
