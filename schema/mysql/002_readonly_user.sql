-- Template: a read-only account for the llmops-ledger-datasource (SELECT on the two ledger tables,
-- nothing else). The datasource's health check warns when its user can write to the tables.
--
-- Before applying, replace the placeholder __LEDGER_RO_PASSWORD__ with a real password, and
-- run it as an administrator *in the ledger's database* (the grants name the tables without a
-- database, so they apply to the current one), for example:
--
--   sed "s/__LEDGER_RO_PASSWORD__/$LEDGER_RO_PASSWORD/" schema/mysql/002_readonly_user.sql \
--     | mysql -u root -p rag_flow
--
-- Narrow '%' to the Grafana server's address (e.g. 'ledger_ro'@'10.0.0.12') where you can.
-- Re-running is harmless: the user is created only once; change its password with ALTER USER.
-- Works on MySQL 8.0+ and MariaDB 10.6+.

CREATE USER IF NOT EXISTS 'ledger_ro'@'%' IDENTIFIED BY '__LEDGER_RO_PASSWORD__';

GRANT SELECT ON token_usage_log TO 'ledger_ro'@'%';
GRANT SELECT ON audit_log TO 'ledger_ro'@'%';

-- When 007_audit_chain.sql has run, the datasource also reads the audit hash chains' heads and
-- checkpoints to verify them; 007 grants it when it runs after this file.
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'audit_chain_head') > 0,
  'GRANT SELECT ON audit_chain_head TO ''ledger_ro''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'audit_checkpoint') > 0,
  'GRANT SELECT ON audit_checkpoint TO ''ledger_ro''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- Tenant and user names (RAGFlow's tenant and user tables): only the columns shown, never the
-- password or access token. Without them the datasource shows ids, and "Save & test" says so. If the
-- datasource's settings name other tables or columns, grant those instead.
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'tenant') > 0,
  'GRANT SELECT (id, name) ON tenant TO ''ledger_ro''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
SET @ddl = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'user') > 0,
  'GRANT SELECT (id, nickname, email) ON `user` TO ''ledger_ro''@''%''', 'DO 0');
PREPARE stmt FROM @ddl;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
