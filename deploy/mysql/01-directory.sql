-- The demo stack only: RAGFlow's `tenant` and `user` tables, reduced to the columns the ledger
-- datasource reads for names (RAGFlow's api/db/db_models.py has many more). In a real deployment they
-- are RAGFlow's own. Created before 02-ledger-users.sh, whose copy of 002_readonly_user.sql grants
-- ledger_ro SELECT on (id, name) and (id, nickname, email) when these tables exist; the seed fills
-- them from its catalog (`--directory`).
CREATE TABLE IF NOT EXISTS tenant (
  id   VARCHAR(32)  NOT NULL,
  name VARCHAR(100) NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `user` (
  id       VARCHAR(32)  NOT NULL,
  nickname VARCHAR(100) NULL,
  email    VARCHAR(255) NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
