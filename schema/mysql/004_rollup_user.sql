-- Template: the account of the rollup refresh job (`gpx_ledger_linux_<arch> rollup`). It reads the
-- usage table and writes the rollup tables, nothing else: no write on the ledger, no DDL. The
-- datasource's read-only account (002_readonly_user.sql) gets SELECT on the rollup tables.
--
-- Before applying, replace __LEDGER_ROLLUP_PASSWORD__ with a real password, and run it as an
-- administrator *in the ledger's database*, after 002_readonly_user.sql and 003_rollups.sql:
--
--   sed "s/__LEDGER_ROLLUP_PASSWORD__/$LEDGER_ROLLUP_PASSWORD/" schema/mysql/004_rollup_user.sql \
--     | mysql -u root -p rag_flow
--
-- Narrow '%' to the host the job runs on where you can. Re-running is harmless. Works on MySQL 8.0+
-- and MariaDB 10.6+. If the datasource reads a renamed usage table, grant SELECT on that one instead.

CREATE USER IF NOT EXISTS 'ledger_rollup'@'%' IDENTIFIED BY '__LEDGER_ROLLUP_PASSWORD__';

GRANT SELECT ON token_usage_log TO 'ledger_rollup'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON token_usage_rollup_hour TO 'ledger_rollup'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON token_usage_rollup_day TO 'ledger_rollup'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON token_usage_rollup_hour_user TO 'ledger_rollup'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON token_usage_rollup_day_user TO 'ledger_rollup'@'%';
GRANT SELECT, INSERT, UPDATE ON token_usage_rollup_state TO 'ledger_rollup'@'%';

-- The datasource reads the rollups with its read-only account.
GRANT SELECT ON token_usage_rollup_hour TO 'ledger_ro'@'%';
GRANT SELECT ON token_usage_rollup_day TO 'ledger_ro'@'%';
GRANT SELECT ON token_usage_rollup_hour_user TO 'ledger_ro'@'%';
GRANT SELECT ON token_usage_rollup_day_user TO 'ledger_ro'@'%';
GRANT SELECT ON token_usage_rollup_state TO 'ledger_ro'@'%';
