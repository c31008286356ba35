-- LLM Ops ledger rollups: token usage summed per hour and per day (by tenant and model, and by tenant,
-- user and model), so that the Cost page reads a few
-- thousand summary rows instead of millions of calls. Kept equal to token_usage_log by the refresh job
-- (`gpx_ledger_linux_<arch> rollup`, see README "Rollups"); the datasource reads them when the job has
-- refreshed them recently, and the raw table otherwise, with the same figures.
--
-- Every table holds, per bucket and key, the sums the datasource's cost statements compute from raw rows:
-- requests and tokens, the stored cost (exact DECIMAL), and the requests and tokens of calls stored
-- without a cost (priced at query time from the datasource's price list), with the first and last time
-- of those calls. Buckets are whole UTC hours or days since 1970-01-01 on the datasource's time axis.
-- A key column that may be NULL in the ledger is kept as '' with a `_null` flag, so that the primary
-- key is exact and NULL comes back as NULL.
--
-- Idempotent (CREATE TABLE IF NOT EXISTS); plain statements, no triggers, events or GET_LOCK, so the
-- same file works on MySQL 8.0+, MariaDB 10.6+ (Galera included) and MySQL-wire engines. Apply it in
-- the ledger's database, after 001_ledger.sql:
--   mysql --default-character-set=utf8mb4 -u root -p rag_flow < schema/mysql/003_rollups.sql
-- and give the job its user (004_rollup_user.sql) and the datasource's user SELECT on these tables
-- (002_readonly_user.sql does).

-- hour x tenant x model: buckets under a day, today, hourly spikes.
CREATE TABLE IF NOT EXISTS token_usage_rollup_hour (
  hour_index    BIGINT        NOT NULL,
  tenant_null   TINYINT       NOT NULL,
  tenant_id     VARCHAR(64)   NOT NULL,
  model_null    TINYINT       NOT NULL,
  model_name    VARCHAR(255)  NOT NULL,
  requests      BIGINT        NOT NULL,
  input_tokens  BIGINT        NOT NULL,
  output_tokens BIGINT        NOT NULL,
  stored_cost   DECIMAL(30,8) NULL,
  null_requests BIGINT        NOT NULL,
  null_input    BIGINT        NOT NULL,
  null_output   BIGINT        NOT NULL,
  -- epoch ms of the first and last call stored without a cost
  null_first    BIGINT        NULL,
  null_last     BIGINT        NULL,
  PRIMARY KEY (hour_index, tenant_null, tenant_id, model_null, model_name),
  KEY idx_turh_tenant (tenant_id, hour_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- day x tenant x model: totals, breakdowns by tenant or model, budgets, daily series and spikes.
CREATE TABLE IF NOT EXISTS token_usage_rollup_day (
  day_index     INT           NOT NULL,
  tenant_null   TINYINT       NOT NULL,
  tenant_id     VARCHAR(64)   NOT NULL,
  model_null    TINYINT       NOT NULL,
  model_name    VARCHAR(255)  NOT NULL,
  requests      BIGINT        NOT NULL,
  input_tokens  BIGINT        NOT NULL,
  output_tokens BIGINT        NOT NULL,
  stored_cost   DECIMAL(30,8) NULL,
  null_requests BIGINT        NOT NULL,
  null_input    BIGINT        NOT NULL,
  null_output   BIGINT        NOT NULL,
  null_first    BIGINT        NULL,
  null_last     BIGINT        NULL,
  PRIMARY KEY (day_index, tenant_null, tenant_id, model_null, model_name),
  KEY idx_turd_tenant (tenant_id, day_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- hour x tenant x user x model: a user filter or a breakdown by user, for the hours around whole days.
CREATE TABLE IF NOT EXISTS token_usage_rollup_hour_user (
  hour_index    BIGINT        NOT NULL,
  tenant_null   TINYINT       NOT NULL,
  tenant_id     VARCHAR(64)   NOT NULL,
  user_null     TINYINT       NOT NULL,
  user_id       VARCHAR(64)   NOT NULL,
  model_null    TINYINT       NOT NULL,
  model_name    VARCHAR(255)  NOT NULL,
  requests      BIGINT        NOT NULL,
  input_tokens  BIGINT        NOT NULL,
  output_tokens BIGINT        NOT NULL,
  stored_cost   DECIMAL(30,8) NULL,
  null_requests BIGINT        NOT NULL,
  null_input    BIGINT        NOT NULL,
  null_output   BIGINT        NOT NULL,
  null_first    BIGINT        NULL,
  null_last     BIGINT        NULL,
  PRIMARY KEY (hour_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name),
  KEY idx_turhu_tenant (tenant_id, hour_index),
  KEY idx_turhu_user (user_id, hour_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- day x tenant x user x model: a user filter or a breakdown by user, for whole days.
CREATE TABLE IF NOT EXISTS token_usage_rollup_day_user (
  day_index     INT           NOT NULL,
  tenant_null   TINYINT       NOT NULL,
  tenant_id     VARCHAR(64)   NOT NULL,
  user_null     TINYINT       NOT NULL,
  user_id       VARCHAR(64)   NOT NULL,
  model_null    TINYINT       NOT NULL,
  model_name    VARCHAR(255)  NOT NULL,
  requests      BIGINT        NOT NULL,
  input_tokens  BIGINT        NOT NULL,
  output_tokens BIGINT        NOT NULL,
  stored_cost   DECIMAL(30,8) NULL,
  null_requests BIGINT        NOT NULL,
  null_input    BIGINT        NOT NULL,
  null_output   BIGINT        NOT NULL,
  null_first    BIGINT        NULL,
  null_last     BIGINT        NULL,
  PRIMARY KEY (day_index, tenant_null, tenant_id, user_null, user_id, model_null, model_name),
  KEY idx_turdu_tenant (tenant_id, day_index),
  KEY idx_turdu_user (user_id, day_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row (id = 1): what the rollups hold and who refreshes them.
CREATE TABLE IF NOT EXISTS token_usage_rollup_state (
  id                  TINYINT      NOT NULL,
  -- the layout of the rollup tables; the datasource ignores rollups of another version
  schema_version      INT          NOT NULL,
  -- the usage table and time axis (timestamp | create_time) the rollups were built from
  source_table        VARCHAR(64)  NOT NULL,
  time_axis           VARCHAR(16)  NOT NULL,
  -- every closed hour below this instant (epoch ms, a whole hour) is in the rollups
  watermark_ms        BIGINT       NULL,
  -- the highest create_time the last refresh saw: rows written after it are looked at next time
  ct_high_water       BIGINT       NULL,
  refreshed_at        DATETIME(3)  NULL,
  last_refresh_ms     INT          NULL,
  last_refresh_hours  INT          NULL,
  -- the refresh lease: one job at a time, whatever the number of hosts
  lease_owner         VARCHAR(128) NULL,
  lease_until         DATETIME(3)  NULL,
  -- the last reconcile of closed days against the raw table, and the drift it found and repaired
  reconciled_at       DATETIME(3)  NULL,
  reconcile_days      INT          NULL,
  drift_days_last     INT          NULL,
  drift_days_total    BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
