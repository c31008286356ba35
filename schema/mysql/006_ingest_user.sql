-- Template: the account of the ingest service (`npm run ingest`, the compose service `ingest`). It
-- writes LLM calls and audit events, nothing else: no DDL, no access to the rollup tables.
--   * token_usage_log: SELECT, INSERT, UPDATE (a re-sent span is an upsert) and DELETE (when a child
--     span arrives after its parent and both carry the same usage, the parent's row goes);
--   * audit_log: SELECT, INSERT (an audit event is never changed or deleted by the ingest).
--
-- Before applying, replace __LEDGER_INGEST_PASSWORD__ with a real password, and run it as an
-- administrator *in the ledger's database*, after 001_ledger.sql:
--
--   sed "s/__LEDGER_INGEST_PASSWORD__/$LEDGER_INGEST_PASSWORD/" schema/mysql/006_ingest_user.sql \
--     | mysql -u root -p rag_flow
--
-- Narrow '%' to the host the ingest runs on where you can. Re-running is harmless. Works on MySQL 8.0+
-- and MariaDB 10.6+. If the ingest writes renamed tables (--usage-table, --audit-table), grant on those.

CREATE USER IF NOT EXISTS 'ledger_ingest'@'%' IDENTIFIED BY '__LEDGER_INGEST_PASSWORD__';

GRANT SELECT, INSERT, UPDATE, DELETE ON token_usage_log TO 'ledger_ingest'@'%';
GRANT SELECT, INSERT ON audit_log TO 'ledger_ingest'@'%';

-- When 007_audit_chain.sql has run, the ingest also appends to the audit hash chains
-- (audit_chain_head: SELECT, INSERT, UPDATE); 007 grants it when it runs after this file.
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'audit_chain_head') > 0,
  'GRANT SELECT, INSERT, UPDATE ON audit_chain_head TO ''ledger_ingest''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
