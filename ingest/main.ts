/**
 * The ingest service: `npm run ingest -- [options]` from a clone (scripts/ingest.mjs bundles this file),
 * `node ingest.cjs [options]` in the demo stack's image. `hash-key <key>` prints what to put in the key
 * list for a key.
 */
import type { AddressInfo } from 'node:net';
import { hashKey } from './auth/apiKeys';
import { INGEST_USAGE, parseIngestConfig, UsageError } from './config';
import { startIngest } from './service';

function log(line: string) {
  process.stderr.write(`${new Date().toISOString()} ingest: ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'hash-key') {
    if (argv.length !== 2 || !argv[1]) {
      process.stderr.write('usage: hash-key <key>\n');
      return 2;
    }
    process.stdout.write(`${hashKey(argv[1])}\n`);
    return 0;
  }
  let config;
  try {
    config = parseIngestConfig(argv, process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${INGEST_USAGE}`);
      return 2;
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(INGEST_USAGE);
    return 0;
  }
  const service = await startIngest(config, log);
  const { address, port } = service.server.address() as AddressInfo;
  log(
    `listening on ${address}:${port}; writing ${config.usageTable} and ${config.auditTable} in ${config.mysql.database} at ${config.mysql.host}:${config.mysql.port}`
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: finishing the writes under way`);
      service.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    log(`fatal: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  }
);
