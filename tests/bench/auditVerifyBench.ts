/**
 * npm run bench:audit [-- --events 1000000] [--runs 3]
 *
 * Audit verification at volume: a throwaway MariaDB holds `events` chained audit events (one big
 * tenant's chain and three small ones of 1 000 events each), linked with the shared linking
 * (src/shared/auditChain.ts) as the ingest links them, heads included. Then `auditVerify` of the big
 * chain through the conformance host and the built plugin, `runs` times (the first also warms
 * MariaDB's buffer pool).
 *
 * Prints, per run and for the best, seconds and events/s, the plugin's peak RSS, and the ratio to the
 * goal (under 5 s for 1 M events). Figures only; nothing is asserted about time.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import type { Connection } from 'mysql2/promise';
import { linkEvents, type ChainHead } from '../../src/shared/auditChain';
import { sha256Hex } from '../../pkg/services/auditChainWalk';
import { applySchema, startDatabase } from '../db/mariadb';
import { datasourcesYaml, ledgerDatasource, queryOne, startHost } from '../integration/host';
import { CHAINED_AUDIT_COLUMNS, chainedAuditRows } from '../integration/retentionSetup';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const EVENTS = arg('events', 1_000_000);
const RUNS = arg('runs', 3);
const SMALL = ['small-a', 'small-b', 'small-c'];
const SMALL_EVENTS = 1000;
const BIG = 'bench-big';
const BATCH = 5000;
const GOAL_SECONDS = 5;
const T0 = Date.UTC(2026, 0, 1);
const ACTIONS = ['USER_LOGIN_SUCCESS', 'KB_UPDATE', 'KB_CREATE', 'API_KEY_CREATE', 'USER_ROLE_CHANGE'];

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Appends `n` events to `tenant`'s chain in batches, as the ingest would: rows, then the head. */
async function fill(conn: Connection, tenant: string, n: number): Promise<void> {
  let heads = new Map<string, ChainHead>();
  for (let from = 0; from < n; from += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, n - from) }, (_, j) => {
      const i = from + j + 1;
      return {
        id: `${tenant}-${i.toString(16).padStart(12, '0')}`,
        tenantId: tenant,
        userId: `u${(i * 7919) % 5000}`,
        action: ACTIONS[i % ACTIONS.length],
        details: JSON.stringify({ kb_id: `kb-${i % 977}`, ip: `10.${i % 250}.${(i >> 8) % 250}.1`, n: i }),
        createTime: T0 + i * 100,
      };
    });
    const linked = linkEvents(events, heads, sha256Hex);
    heads = linked.heads;
    await conn.query(`INSERT INTO audit_log (${CHAINED_AUDIT_COLUMNS}) VALUES ?`, [
      chainedAuditRows(events, linked.links),
    ]);
  }
  const head = heads.get(tenant)!;
  await conn.query('INSERT INTO audit_chain_head (chain_key, chain_seq, row_hash, update_time) VALUES (?, ?, ?, ?)', [
    tenant,
    head.seq,
    head.hash,
    Date.now(),
  ]);
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const bigEvents = EVENTS - SMALL.length * SMALL_EVENTS;
  const db = await startDatabase({ local: true, bufferPool: '1G', redoLog: '512M' });
  const conn = await db.connect();
  try {
    await applySchema(conn);
    await applySchema(conn, '007_audit_chain.sql');
    const filling = performance.now();
    for (const tenant of SMALL) {
      await fill(conn, tenant, SMALL_EVENTS);
    }
    await fill(conn, BIG, bigEvents);
    await conn.query('ANALYZE TABLE audit_log');
    console.log(
      `filled ${fmt(EVENTS)} chained events (${fmt(bigEvents)} in ${BIG}, ${SMALL.length} × ${fmt(SMALL_EVENTS)}) in ${fmt((performance.now() - filling) / 1000, 1)} s`
    );

    const host = await startHost({
      yaml: datasourcesYaml([ledgerDatasource('bench', db, { queryTimeoutSeconds: 300 })]),
    });
    try {
      const seconds: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const started = performance.now();
        const r = await queryOne(host, 'bench', { queryType: 'auditVerify', tenant: BIG }, { from: T0, to: T0 + 1 });
        const s = (performance.now() - started) / 1000;
        if (r.status !== 200) {
          throw new Error(`auditVerify answered ${r.status}: ${r.error}`);
        }
        const [status, verified] = [r.frames[0].data.values[1][0], r.frames[0].data.values[2][0]];
        if (status !== 'verified' || verified !== bigEvents) {
          throw new Error(`expected ${bigEvents} verified events, got ${status} with ${verified}`);
        }
        seconds.push(s);
        console.log(`run ${run}: ${fmt(s, 2)} s, ${fmt(bigEvents / s)} events/s`);
      }
      const best = Math.min(...seconds);
      console.log('');
      console.log(
        `auditVerify of one chain of ${fmt(bigEvents)} events (pages of 5 000, MariaDB and the plugin on this machine):`
      );
      console.log(`  best             ${fmt(best, 2)} s, ${fmt(bigEvents / best)} events/s`);
      console.log(`  plugin peak RSS  ${fmt(peakRssMiB(host.pluginPid), 1)} MiB`);
      console.log(
        `  goal             under ${GOAL_SECONDS} s for 1 M events: ${fmt((best * (1_000_000 / bigEvents)) / GOAL_SECONDS, 2)}× the goal's time (scaled to 1 M)`
      );
    } finally {
      host.cleanup();
    }
  } finally {
    await conn.end();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
