-- Grants of the rollup job's maintenance pass (`gpx_ledger_linux_<arch> rollup --maintain`, README
-- "Retention"): audit checkpoints, partitions ahead, and retention. Without this file the job only
-- refreshes the rollups (004_rollup_user.sql); with it, the job's account `ledger_rollup` may also
--   * audit_log: SELECT (the chains it verifies before a purge) and INSERT (each purge's own audit
--     event, AUDIT_RETENTION_PURGE), never UPDATE;
--   * audit_chain_head: SELECT, INSERT, UPDATE (that event is appended to a hash chain, as the ingest
--     appends); audit_checkpoint: SELECT, INSERT (checkpoints are written, never changed or deleted);
--   * on an unpartitioned table: DELETE (retention deletes in batches);
--   * on a table partitioned by month (schema/mysql/partitioned/): ALTER (REORGANIZE PARTITION adds
--     months ahead) and DROP (DROP PARTITION removes old ones), instead of DELETE.
-- Each grant is made only for what exists (the 007 tables, the partitioned layout), through prepared
-- statements, so this file never fails on a database without them: run it again after applying
-- 007_audit_chain.sql or partitioning a table. Re-running is harmless.
--
-- Run it as an administrator *in the ledger's database*, after 004_rollup_user.sql (and 007 where
-- used); it has no password to fill in:
--
--   mysql -u root -p rag_flow < schema/mysql/008_maintenance_user.sql
--
-- Works on MySQL 8.0+ and MariaDB 10.6+ (Galera included: no GET_LOCK, triggers or events). If the
-- ledger's tables are renamed, grant on those instead.

SET @m_schema = DATABASE();

-- audit_log: read the chains, append the purge's own event.
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @m_schema AND table_name = 'audit_log') > 0,
  'GRANT SELECT, INSERT ON audit_log TO ''ledger_rollup''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- Retention: DELETE on an unpartitioned table, ALTER and DROP on a partitioned one.
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.partitions WHERE table_schema = @m_schema AND table_name = 'audit_log' AND partition_name IS NOT NULL) > 0,
  'GRANT ALTER, DROP ON audit_log TO ''ledger_rollup''@''%''',
  IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @m_schema AND table_name = 'audit_log') > 0,
    'GRANT DELETE ON audit_log TO ''ledger_rollup''@''%''', 'DO 0'));
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

SET @ddl = IF((SELECT COUNT(*) FROM information_schema.partitions WHERE table_schema = @m_schema AND table_name = 'token_usage_log' AND partition_name IS NOT NULL) > 0,
  'GRANT ALTER, DROP ON token_usage_log TO ''ledger_rollup''@''%''',
  IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @m_schema AND table_name = 'token_usage_log') > 0,
    'GRANT DELETE ON token_usage_log TO ''ledger_rollup''@''%''', 'DO 0'));
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- The hash chains (007_audit_chain.sql), when they exist.
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @m_schema AND table_name = 'audit_chain_head') > 0,
  'GRANT SELECT, INSERT, UPDATE ON audit_chain_head TO ''ledger_rollup''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @m_schema AND table_name = 'audit_checkpoint') > 0,
  'GRANT SELECT, INSERT ON audit_checkpoint TO ''ledger_rollup''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
