// npm run workload -- [--mysql-url mysql://user:pass@host:port/db] [--metrics-port 9100] [--otlp-url URL] [--rps 2]
// Bundles the demo workload (tools/workload/main.ts) into .build/workload.cjs and runs it with the
// given arguments (`--help` lists them all).
import { runTool } from './lib/nodeTool.mjs';

await runTool('workload');
