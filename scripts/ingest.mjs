// npm run ingest -- --mysql-host <host> --mysql-user <user> [options]   (`--help` lists them all)
// Bundles the ingest service (ingest/main.ts) into .build/ingest.cjs and runs it with the given
// arguments. The database password comes from LLMOPS_INGEST_DB_PASSWORD, the API keys' hashes from
// --keys-file or LLMOPS_INGEST_KEYS (README "Ingest").
import { runTool } from './lib/nodeTool.mjs';

await runTool('ingest', 'ingest/main.ts');
