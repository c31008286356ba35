// npm run bench:ingest [-- --spans N] [--per-request N] [--senders N] [--no-pin]: bundles
// tests/bench/ingestBench.ts with esbuild and runs it (see that file for what it measures).
import { runTool } from './lib/nodeTool.mjs';

await runTool('bench-ingest', 'tests/bench/ingestBench.ts');
