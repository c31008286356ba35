-- LLM Ops ledger: the two tables the llmops-ledger-datasource reads.
--
-- Conventions follow RAGFlow's Peewee models (api/db/db_models.py), so both tables could also be
-- declared as `DataBaseModel` classes there:
--   * `id` VARCHAR(32): uuid.uuid1().hex written by the application;
--   * the four base columns: `create_time` / `update_time` BIGINT epoch milliseconds and
--     `create_date` / `update_date` DATETIME (seconds);
--   * JSON stored as text (`LONGTEXT`), utf8mb4.
-- Our additions: `timestamp` is the instant of the LLM call in UTC with milliseconds. It is the same
-- instant as `create_time`; the datasource can use either one as its time axis, so each has its own
-- indexes.
--
-- Idempotent (CREATE TABLE IF NOT EXISTS, indexes declared inline). Works on MySQL 8.0+ and
-- MariaDB 10.6+. Apply with: mysql --default-character-set=utf8mb4 <db> < schema/mysql/001_ledger.sql

CREATE TABLE IF NOT EXISTS token_usage_log (
  id               VARCHAR(32)   NOT NULL,
  -- NULL when no user is known (ingestion, background tasks).
  user_id          VARCHAR(32)   NULL,
  tenant_id        VARCHAR(32)   NOT NULL,
  -- RAGFlow's llm_name, e.g. gpt-4o-mini; llm_factory is the provider (OpenAI, Anthropic, Ollama).
  model_name       VARCHAR(128)  NOT NULL,
  llm_factory      VARCHAR(128)  NULL,
  -- chat | embedding | rerank | image2text | speech2text | tts
  model_type       VARCHAR(32)   NULL,
  -- input_tokens includes cached_tokens; output_tokens includes reasoning_tokens.
  input_tokens     INT           NOT NULL DEFAULT 0,
  output_tokens    INT           NOT NULL DEFAULT 0,
  cached_tokens    INT           NULL,
  reasoning_tokens INT           NULL,
  -- USD at the price in force when the call was made; NULL = price unknown (estimated at query time).
  cost             DECIMAL(20,8) NULL,
  `timestamp`      DATETIME(3)   NOT NULL,
  request_id       VARCHAR(64)   NULL,
  conversation_id  VARCHAR(32)   NULL,
  latency_ms       INT           NULL,
  -- Outcome of the call: ok | error | timeout.
  status           VARCHAR(16)   NULL,
  -- The OpenTelemetry trace and span of the call (32 and 16 lower-case hex), when the writer knows
  -- them (the OTLP ingest does); the datasource links a call to its trace. 005_trace_columns.sql
  -- adds them to a table made before they existed.
  trace_id         VARCHAR(32)   NULL,
  span_id          VARCHAR(16)   NULL,
  parent_span_id   VARCHAR(16)   NULL,
  create_time      BIGINT        NULL,
  create_date      DATETIME      NULL,
  update_time      BIGINT        NULL,
  update_date      DATETIME      NULL,
  PRIMARY KEY (id),
  -- Time-range rollups (totals, by model / tenant / user) read only these index pages.
  KEY idx_tul_ts_rollup (`timestamp`, tenant_id, model_name, user_id, input_tokens, output_tokens, cost),
  KEY idx_tul_ct_rollup (create_time, tenant_id, model_name, user_id, input_tokens, output_tokens, cost),
  -- One tenant, user or model over a time range (pinned tenant, filters, variables).
  KEY idx_tul_tenant_ts (tenant_id, `timestamp`),
  KEY idx_tul_tenant_ct (tenant_id, create_time),
  KEY idx_tul_user_ts (user_id, `timestamp`),
  KEY idx_tul_user_ct (user_id, create_time),
  KEY idx_tul_model_ts (model_name, `timestamp`),
  KEY idx_tul_model_ct (model_name, create_time),
  -- A trace's calls, and the children of a span (the ingest's `trace_id = ? AND parent_span_id = ?`).
  KEY idx_tul_trace (trace_id, parent_span_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS audit_log (
  id          VARCHAR(32)  NOT NULL,
  -- NULL when the actor is unknown (e.g. a failed login for an unknown e-mail address).
  user_id     VARCHAR(32)  NULL,
  tenant_id   VARCHAR(32)  NULL,
  -- Action name: USER_LOGIN_SUCCESS, USER_LOGIN_FAILURE, KB_CREATE, API_KEY_REVOKE, ...
  action      VARCHAR(128) NOT NULL,
  -- JSON text: ip, email, resource id/name, {"before": ..., "after": ...} for updates.
  details     LONGTEXT     NULL,
  create_time BIGINT       NULL,
  create_date DATETIME     NULL,
  update_time BIGINT       NULL,
  update_date DATETIME     NULL,
  PRIMARY KEY (id),
  KEY idx_al_ct (create_time),
  KEY idx_al_tenant_ct (tenant_id, create_time),
  KEY idx_al_action_ct (action, create_time),
  KEY idx_al_user_ct (user_id, create_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
