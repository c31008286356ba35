-- The OpenTelemetry trace of each LLM call: trace_id, span_id and parent_span_id on token_usage_log,
-- and the index the ingest and the "most expensive calls" panel read them by. Tables created from
-- 001_ledger.sql since these columns exist have them already; this adds them to older tables
-- (RAGFlow's, or a ledger made by an earlier release).
--
-- Idempotent: each change is made only when information_schema says it is missing, through a
-- prepared statement, because MySQL 8 has no ADD COLUMN IF NOT EXISTS (MariaDB does). No procedures,
-- triggers or events, so it runs on MySQL 8.0+, MariaDB 10.6+ (Galera included) and MySQL-wire
-- engines. Apply it in the ledger's database:
--   mysql --default-character-set=utf8mb4 -u root -p rag_flow < schema/mysql/005_trace_columns.sql
-- On a large table the ALTER rebuilds it; MySQL 8 and MariaDB do that online (ALGORITHM=INPLACE,
-- writes continue), but plan it like any migration of a big table.

SET @tul_schema = DATABASE();

SET @ddl = IF(
  (SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = @tul_schema AND table_name = 'token_usage_log' AND column_name = 'trace_id') = 0,
  'ALTER TABLE token_usage_log ADD COLUMN trace_id VARCHAR(32) NULL',
  'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

SET @ddl = IF(
  (SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = @tul_schema AND table_name = 'token_usage_log' AND column_name = 'span_id') = 0,
  'ALTER TABLE token_usage_log ADD COLUMN span_id VARCHAR(16) NULL',
  'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

SET @ddl = IF(
  (SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = @tul_schema AND table_name = 'token_usage_log' AND column_name = 'parent_span_id') = 0,
  'ALTER TABLE token_usage_log ADD COLUMN parent_span_id VARCHAR(16) NULL',
  'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- A trace's calls, and the children of a span (the ingest's `trace_id = ? AND parent_span_id = ?`).
SET @ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = @tul_schema AND table_name = 'token_usage_log' AND index_name = 'idx_tul_trace') = 0,
  'ALTER TABLE token_usage_log ADD KEY idx_tul_trace (trace_id, parent_span_id)',
  'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
