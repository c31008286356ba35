// npm run bench:audit [-- --events N] [--runs N]: bundles tests/bench/auditVerifyBench.ts with esbuild
// and runs it (see that file for what it measures). Needs the built plugin and host
// (npm run build:backend && npm run build:host).
import { runTool } from './lib/nodeTool.mjs';

await runTool('bench-audit', 'tests/bench/auditVerifyBench.ts');
