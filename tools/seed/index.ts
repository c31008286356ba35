/** The demo-data generator: `seed()` and what tests and query code cross-check against. */
export { seed, seedPlan, usageChunks, auditChunks, connectionOptions, DEFAULT_DAYS } from './seed';
export type { SeedOptions, SeedPlan, SeedResult } from './seed';
export * from './catalog';
export { AUDIT_ACTIONS, ACTION_WEIGHTS, BURST_IP, auditRows, burstOf, defaultAuditRows } from './audit';
export type { AuditAction, AuditRow, Burst } from './audit';
export { usageRows, usageCounts } from './usage';
export type { UsageRow } from './usage';
export * from './rhythm';
export { Rng } from './prng';
export {
  applySchemaFile,
  splitSqlStatements,
  schemaDir,
  LEDGER_SCHEMA,
  PARTITIONED_SCHEMA,
  READONLY_USER_SCHEMA,
} from './schema';
