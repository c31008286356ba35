-- Optional variant of 001_ledger.sql: the same two tables, RANGE-partitioned by calendar month (UTC)
-- so that retention is `ALTER TABLE ... DROP PARTITION`, which is instant, instead of a long DELETE.
-- Use this file *instead of* 001_ledger.sql on a fresh database (it cannot convert existing tables;
-- see schema/README.md). Works on MySQL 8.0+ and MariaDB 10.6+.
--
-- MySQL's rule: every unique key of a partitioned table, the primary key included, must contain all
-- columns of the partitioning expression, because uniqueness is only enforced inside one partition.
-- Hence:
--   * token_usage_log is partitioned on `timestamp` and its primary key is (id, `timestamp`);
--   * audit_log has no `timestamp`, so it is partitioned on create_time (epoch ms), which becomes
--     NOT NULL (a primary-key column cannot be NULL) and the primary key is (id, create_time).
-- `id` alone is then no longer guaranteed unique by the database. The application writes
-- uuid1().hex ids, so this costs nothing in practice; lookups by id still use the primary key (its
-- prefix) in every partition. Peewee models keep `id` as their primary key field unchanged.
--
-- Partition pruning applies to the partitioning column only: a query on token_usage_log filtered
-- by create_time reads every partition (still through the create_time indexes). Point the
-- datasource's time axis at `timestamp` for this variant.
--
-- Partitions exist up to December 2027, plus p_old (everything older) and p_future (MAXVALUE).
-- Each month, split p_future (schema/README.md shows the statements) so that p_future stays empty.

CREATE TABLE IF NOT EXISTS token_usage_log (
  id               VARCHAR(32)   NOT NULL,
  user_id          VARCHAR(32)   NULL,
  tenant_id        VARCHAR(32)   NOT NULL,
  model_name       VARCHAR(128)  NOT NULL,
  llm_factory      VARCHAR(128)  NULL,
  model_type       VARCHAR(32)   NULL,
  input_tokens     INT           NOT NULL DEFAULT 0,
  output_tokens    INT           NOT NULL DEFAULT 0,
  cached_tokens    INT           NULL,
  reasoning_tokens INT           NULL,
  cost             DECIMAL(20,8) NULL,
  `timestamp`      DATETIME(3)   NOT NULL,
  request_id       VARCHAR(64)   NULL,
  conversation_id  VARCHAR(32)   NULL,
  latency_ms       INT           NULL,
  status           VARCHAR(16)   NULL,
  trace_id         VARCHAR(32)   NULL,
  span_id          VARCHAR(16)   NULL,
  parent_span_id   VARCHAR(16)   NULL,
  create_time      BIGINT        NULL,
  create_date      DATETIME      NULL,
  update_time      BIGINT        NULL,
  update_date      DATETIME      NULL,
  PRIMARY KEY (id, `timestamp`),
  KEY idx_tul_ts_rollup (`timestamp`, tenant_id, model_name, user_id, input_tokens, output_tokens, cost),
  KEY idx_tul_ct_rollup (create_time, tenant_id, model_name, user_id, input_tokens, output_tokens, cost),
  KEY idx_tul_tenant_ts (tenant_id, `timestamp`),
  KEY idx_tul_tenant_ct (tenant_id, create_time),
  KEY idx_tul_user_ts (user_id, `timestamp`),
  KEY idx_tul_user_ct (user_id, create_time),
  KEY idx_tul_model_ts (model_name, `timestamp`),
  KEY idx_tul_model_ct (model_name, create_time),
  KEY idx_tul_trace (trace_id, parent_span_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
PARTITION BY RANGE COLUMNS (`timestamp`) (
    PARTITION p_old VALUES LESS THAN ('2026-01-01 00:00:00'),
    PARTITION p2026_01 VALUES LESS THAN ('2026-02-01 00:00:00'),
    PARTITION p2026_02 VALUES LESS THAN ('2026-03-01 00:00:00'),
    PARTITION p2026_03 VALUES LESS THAN ('2026-04-01 00:00:00'),
    PARTITION p2026_04 VALUES LESS THAN ('2026-05-01 00:00:00'),
    PARTITION p2026_05 VALUES LESS THAN ('2026-06-01 00:00:00'),
    PARTITION p2026_06 VALUES LESS THAN ('2026-07-01 00:00:00'),
    PARTITION p2026_07 VALUES LESS THAN ('2026-08-01 00:00:00'),
    PARTITION p2026_08 VALUES LESS THAN ('2026-09-01 00:00:00'),
    PARTITION p2026_09 VALUES LESS THAN ('2026-10-01 00:00:00'),
    PARTITION p2026_10 VALUES LESS THAN ('2026-11-01 00:00:00'),
    PARTITION p2026_11 VALUES LESS THAN ('2026-12-01 00:00:00'),
    PARTITION p2026_12 VALUES LESS THAN ('2027-01-01 00:00:00'),
    PARTITION p2027_01 VALUES LESS THAN ('2027-02-01 00:00:00'),
    PARTITION p2027_02 VALUES LESS THAN ('2027-03-01 00:00:00'),
    PARTITION p2027_03 VALUES LESS THAN ('2027-04-01 00:00:00'),
    PARTITION p2027_04 VALUES LESS THAN ('2027-05-01 00:00:00'),
    PARTITION p2027_05 VALUES LESS THAN ('2027-06-01 00:00:00'),
    PARTITION p2027_06 VALUES LESS THAN ('2027-07-01 00:00:00'),
    PARTITION p2027_07 VALUES LESS THAN ('2027-08-01 00:00:00'),
    PARTITION p2027_08 VALUES LESS THAN ('2027-09-01 00:00:00'),
    PARTITION p2027_09 VALUES LESS THAN ('2027-10-01 00:00:00'),
    PARTITION p2027_10 VALUES LESS THAN ('2027-11-01 00:00:00'),
    PARTITION p2027_11 VALUES LESS THAN ('2027-12-01 00:00:00'),
    PARTITION p2027_12 VALUES LESS THAN ('2028-01-01 00:00:00'),
    PARTITION p_future VALUES LESS THAN (MAXVALUE)
);

CREATE TABLE IF NOT EXISTS audit_log (
  id          VARCHAR(32)  NOT NULL,
  user_id     VARCHAR(32)  NULL,
  tenant_id   VARCHAR(32)  NULL,
  action      VARCHAR(128) NOT NULL,
  details     LONGTEXT     NULL,
  create_time BIGINT       NOT NULL,
  create_date DATETIME     NULL,
  update_time BIGINT       NULL,
  update_date DATETIME     NULL,
  PRIMARY KEY (id, create_time),
  KEY idx_al_ct (create_time),
  KEY idx_al_tenant_ct (tenant_id, create_time),
  KEY idx_al_action_ct (action, create_time),
  KEY idx_al_user_ct (user_id, create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
-- Bounds are UTC month starts in epoch milliseconds.
PARTITION BY RANGE (create_time) (
    PARTITION p_old VALUES LESS THAN (1767225600000),      -- < 2026-01-01
    PARTITION p2026_01 VALUES LESS THAN (1769904000000),   -- < 2026-02-01
    PARTITION p2026_02 VALUES LESS THAN (1772323200000),   -- < 2026-03-01
    PARTITION p2026_03 VALUES LESS THAN (1775001600000),   -- < 2026-04-01
    PARTITION p2026_04 VALUES LESS THAN (1777593600000),   -- < 2026-05-01
    PARTITION p2026_05 VALUES LESS THAN (1780272000000),   -- < 2026-06-01
    PARTITION p2026_06 VALUES LESS THAN (1782864000000),   -- < 2026-07-01
    PARTITION p2026_07 VALUES LESS THAN (1785542400000),   -- < 2026-08-01
    PARTITION p2026_08 VALUES LESS THAN (1788220800000),   -- < 2026-09-01
    PARTITION p2026_09 VALUES LESS THAN (1790812800000),   -- < 2026-10-01
    PARTITION p2026_10 VALUES LESS THAN (1793491200000),   -- < 2026-11-01
    PARTITION p2026_11 VALUES LESS THAN (1796083200000),   -- < 2026-12-01
    PARTITION p2026_12 VALUES LESS THAN (1798761600000),   -- < 2027-01-01
    PARTITION p2027_01 VALUES LESS THAN (1801440000000),   -- < 2027-02-01
    PARTITION p2027_02 VALUES LESS THAN (1803859200000),   -- < 2027-03-01
    PARTITION p2027_03 VALUES LESS THAN (1806537600000),   -- < 2027-04-01
    PARTITION p2027_04 VALUES LESS THAN (1809129600000),   -- < 2027-05-01
    PARTITION p2027_05 VALUES LESS THAN (1811808000000),   -- < 2027-06-01
    PARTITION p2027_06 VALUES LESS THAN (1814400000000),   -- < 2027-07-01
    PARTITION p2027_07 VALUES LESS THAN (1817078400000),   -- < 2027-08-01
    PARTITION p2027_08 VALUES LESS THAN (1819756800000),   -- < 2027-09-01
    PARTITION p2027_09 VALUES LESS THAN (1822348800000),   -- < 2027-10-01
    PARTITION p2027_10 VALUES LESS THAN (1825027200000),   -- < 2027-11-01
    PARTITION p2027_11 VALUES LESS THAN (1827619200000),   -- < 2027-12-01
    PARTITION p2027_12 VALUES LESS THAN (1830297600000),   -- < 2028-01-01
    PARTITION p_future VALUES LESS THAN (MAXVALUE)
);
