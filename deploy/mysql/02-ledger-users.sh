#!/bin/bash
# Run by the mysql image's entrypoint on the first start (empty data directory), after
# 01-ledger.sql has created the two ledger tables in $MYSQL_DATABASE (rag_flow). Creates:
#   * ledger_ro: the read-only account of Grafana's ledger datasource, from the repository's template
#     schema/mysql/002_readonly_user.sql (SELECT on the two tables), password $LEDGER_DB_PASSWORD;
#   * ledger_ingest: the ingest's account, from schema/mysql/006_ingest_user.sql (writes on the usage
#     table, SELECT and INSERT on the audit table), password $LEDGER_INGEST_PASSWORD;
#   * ledger_rollup: the rollup job's account, from schema/mysql/004_rollup_user.sql (SELECT on the usage
#     table, writes on the rollup tables, and SELECT on them for ledger_ro), password $LEDGER_ROLLUP_PASSWORD,
#     and the grants of its maintenance pass from schema/mysql/008_maintenance_user.sql (audit chain
#     checkpoints, retention).
# The entrypoint sources this file or runs it, depending on its mode; it only uses the mysql client
# on the init server's socket, so both work. Passwords must not contain a single quote.
set -euo pipefail

: "${LEDGER_DB_PASSWORD:?set LEDGER_DB_PASSWORD (the ledger datasource's password)}"
: "${LEDGER_INGEST_PASSWORD:?set LEDGER_INGEST_PASSWORD (the ingest's password)}"
: "${LEDGER_ROLLUP_PASSWORD:?set LEDGER_ROLLUP_PASSWORD (the rollup job's password)}"

ledger_sql() {
  MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot "$MYSQL_DATABASE"
}

# A password as a sed replacement: \, / and & escaped.
sed_escape() { printf '%s' "$1" | sed 's/[\/&\\]/\\&/g'; }
sed "s/__LEDGER_RO_PASSWORD__/$(sed_escape "$LEDGER_DB_PASSWORD")/" /ledger-schema/002_readonly_user.sql | ledger_sql
# After ledger_ro exists and the rollup tables do (01-rollups.sql): it grants ledger_ro SELECT on them.
sed "s/__LEDGER_ROLLUP_PASSWORD__/$(sed_escape "$LEDGER_ROLLUP_PASSWORD")/" /ledger-schema/004_rollup_user.sql | ledger_sql
sed "s/__LEDGER_INGEST_PASSWORD__/$(sed_escape "$LEDGER_INGEST_PASSWORD")/" /ledger-schema/006_ingest_user.sql | ledger_sql
# The rollup job's maintenance (--maintain: checkpoints, retention): after 004 and the audit chain (007).
ledger_sql < /ledger-schema/008_maintenance_user.sql
