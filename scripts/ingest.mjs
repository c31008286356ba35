// npm run ingest -- --mysql-host <host> --mysql-user <user> [options]   (`--help` lists them all)
// Bundles the ingest service (ingest/main.ts) into .build/ingest.cjs and runs it with the given
// arguments. The database password comes from LLMOPS_INGEST_DB_PASSWORD, the API keys' hashes from
// --keys-file or LLMOPS_INGEST_KEYS (README "Ingest"). On a fresh clone it installs node_modules
// first (npm ci), so this one command starts it; setup messages go to stderr, keeping stdout for
// the service (`hash-key` prints there).
import { ensureNodeModules } from './lib/setup.mjs';

ensureNodeModules(undefined, (line) => process.stderr.write(`${line}\n`));
const { runTool } = await import('./lib/nodeTool.mjs');
await runTool('ingest', 'ingest/main.ts');
