// npm run seed -- --rows N --seed S [--url mysql://user:pass@host:port/db] [--end 2026-11-01] [--days 90] [--schema]
// Bundles the demo-data generator (tools/seed/main.ts) into .build/seed.cjs and runs it with the
// given arguments (`--help` lists them all).
import { runTool } from './lib/nodeTool.mjs';

await runTool('seed');
