-- Tamper evidence for the audit trail: a hash chain per tenant (README "Audit you can trust").
--
-- Every audit event the ingest writes (POST /v1/audit) carries its place in its tenant's chain
-- (`chain_key` = the tenant id, '' for events without a tenant; `chain_seq` = 1, 2, 3, …), the hash
-- of the previous event in that chain (`prev_hash`) and its own hash (`row_hash`, SHA-256 over the
-- canonical form in src/shared/auditChain.ts, which the datasource recomputes to verify). Rows written
-- by other means keep these columns NULL: they are "not chained", never "broken".
--
-- `audit_chain_head` holds each chain's last link. A writer locks its chain's head row, appends,
-- and moves the head in the same transaction: two writers of one chain queue on that row and never
-- fork the chain; writers of different tenants never wait on each other. It also works on the
-- partitioned audit_log, where a unique key on (chain_key, chain_seq) would not be enforced across
-- partitions.
--
-- `audit_checkpoint` keeps a chain's head (its hash, its length, when) periodically and before every
-- purge, so that what remains of a chain after old events are purged still verifies from the last
-- link that was removed.
--
-- Idempotent (CREATE TABLE IF NOT EXISTS; columns and index added only when information_schema says
-- they are missing, through prepared statements, as MySQL 8 has no ADD COLUMN IF NOT EXISTS). No
-- triggers, procedures or events: MySQL 8.0+, MariaDB 10.6+ (Galera included), MySQL-wire engines.
-- Apply after 001 (or the partitioned 001), before 006_ingest_user.sql, which grants on these tables:
--   mysql --default-character-set=utf8mb4 -u root -p rag_flow < schema/mysql/007_audit_chain.sql

SET @al_schema = DATABASE();

SET @ddl = IF(
  (SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = @al_schema AND table_name = 'audit_log' AND column_name = 'chain_key') = 0,
  'ALTER TABLE audit_log ADD COLUMN chain_key VARCHAR(32) NULL, ADD COLUMN chain_seq BIGINT NULL, ADD COLUMN prev_hash CHAR(64) NULL, ADD COLUMN row_hash CHAR(64) NULL',
  'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- A chain in order (verification walks it in pages of chain_seq).
SET @ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = @al_schema AND table_name = 'audit_log' AND index_name = 'idx_al_chain') = 0,
  'ALTER TABLE audit_log ADD KEY idx_al_chain (chain_key, chain_seq)',
  'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

CREATE TABLE IF NOT EXISTS audit_chain_head (
  chain_key   VARCHAR(32) NOT NULL,
  chain_seq   BIGINT      NOT NULL,
  row_hash    CHAR(64)    NOT NULL,
  -- epoch ms of the last append
  update_time BIGINT      NOT NULL,
  PRIMARY KEY (chain_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS audit_checkpoint (
  chain_key   VARCHAR(32) NOT NULL,
  -- the chain's last link when the checkpoint was taken, and its hash
  chain_seq   BIGINT      NOT NULL,
  row_hash    CHAR(64)    NOT NULL,
  -- epoch ms
  create_time BIGINT      NOT NULL,
  -- periodic | purge
  reason      VARCHAR(16) NOT NULL,
  PRIMARY KEY (chain_key, chain_seq),
  KEY idx_ac_time (create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Grants for the accounts of 002, 004 and 006 when they exist already (each of those templates also
-- grants on these tables when this file ran first, so either order works): the datasource reads the
-- chain's state to verify it, the ingest appends, the maintenance job writes checkpoints.
SET @ddl = IF((SELECT COUNT(*) FROM mysql.user WHERE user = 'ledger_ro' AND host = '%') > 0,
  'GRANT SELECT ON audit_chain_head TO ''ledger_ro''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
SET @ddl = IF((SELECT COUNT(*) FROM mysql.user WHERE user = 'ledger_ro' AND host = '%') > 0,
  'GRANT SELECT ON audit_checkpoint TO ''ledger_ro''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
SET @ddl = IF((SELECT COUNT(*) FROM mysql.user WHERE user = 'ledger_ingest' AND host = '%') > 0,
  'GRANT SELECT, INSERT, UPDATE ON audit_chain_head TO ''ledger_ingest''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
