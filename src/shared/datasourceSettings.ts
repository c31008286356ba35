/**
 * Settings of a ledger datasource instance: `jsonData` (plain) and `secureJsonData` (encrypted by
 * Grafana, sent to the backend only). The ConfigEditor writes these names and the backend reads them.
 * Their rules are in datasourceSettingsSchema.ts, which only the backend and the config editor import:
 * no validation library here, since every part of the frontend imports this.
 */

/** Grafana org roles, weakest first. */
export const ORG_ROLES = ['Viewer', 'Editor', 'Admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** How the backend connects to MySQL over TLS. */
export const TLS_MODES = ['disabled', 'required', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** Every encrypted mode presents the client certificate, when one is set; `disabled` uses no certificate. */
export const presentsClientCert = (mode: TlsMode) => mode !== 'disabled';

/**
 * The time axis of the usage table: `timestamp` is a UTC DATETIME column; `create_time` is
 * RAGFlow's BIGINT epoch milliseconds.
 */
export const TIME_AXES = ['timestamp', 'create_time'] as const;
export type TimeAxis = (typeof TIME_AXES)[number];

/** Column names of the usage table, by meaning. Optional columns may be left empty when absent. */
export interface UsageColumns {
  id: string;
  userId: string;
  tenantId: string;
  model: string;
  inputTokens: string;
  outputTokens: string;
  cost: string;
  timestamp: string;
  createTime: string;
}

export interface AuditColumns {
  id: string;
  userId: string;
  tenantId: string;
  action: string;
  details: string;
  createTime: string;
}

/** Columns of the application's tenant table (RAGFlow's `tenant`), read to show tenants by name. */
export interface TenantColumns {
  id: string;
  name: string;
}

/** Columns of the application's user table (RAGFlow's `user`), read to show users by name. */
export interface UserColumns {
  id: string;
  name: string;
  email: string;
}

/**
 * Whether tenants and users are shown by name (`auto`: when the tables can be read) or always by id.
 * Ids stay the values (links, filters, exports, variable values) either way.
 */
export const NAME_MODES = ['auto', 'off'] as const;
export type NameMode = (typeof NAME_MODES)[number];

/** How a user is shown to roles allowed personal data: nickname, e-mail address, or both. */
export const USER_LABELS = ['name', 'email', 'nameAndEmail'] as const;
export type UserLabel = (typeof USER_LABELS)[number];

/**
 * A price that applies from a day on (UTC), until the same model's next entry. It overrides the
 * built-in catalog, whose prices apply to all history before a model's first entry here.
 */
export interface PriceOverride {
  /** Model name as the usage table stores it (matched without case, `@factory` suffix or `provider/` prefix). */
  model: string;
  /** YYYY-MM-DD, UTC. */
  effectiveFrom: string;
  /** USD per million input (prompt) tokens. */
  inputPerMillion: number;
  /** USD per million output (completion) tokens. */
  outputPerMillion: number;
}

export const PRICE_OVERRIDES_MAX = 500;

/** A tenant's monthly LLM budget (USD), for month-to-date and forecast against it. */
export interface TenantBudget {
  tenant: string;
  monthlyBudget: number;
}

export const BUDGETS_MAX = 1000;

export interface LedgerJsonData {
  /** Free text shown in health checks; lets an admin tell instances apart. */
  description?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  tlsMode?: TlsMode;
  usageTable?: string;
  auditTable?: string;
  usageColumns?: Partial<UsageColumns>;
  auditColumns?: Partial<AuditColumns>;
  timeAxis?: TimeAxis;
  /** When set, every statement carries `tenant_id = ?` with this value, whatever the panel asked. */
  pinnedTenant?: string;
  /** Most rows one query returns; more are cut with a notice. */
  maxRows?: number;
  /** Statement time limit, enforced by the server (MAX_EXECUTION_TIME / max_statement_time). */
  queryTimeoutSeconds?: number;
  /** Least org role that may read the audit trail. */
  auditMinRole?: OrgRole;
  /**
   * Least org role that sees personal data unmasked: e-mail addresses and token-like secrets, in every
   * column and in audit details. User and tenant ids are pseudonymous ids and are never masked.
   */
  piiMinRole?: OrgRole;
  /** Show tenants and users by name from the tables below (`auto`, the default), or by id (`off`). */
  names?: NameMode;
  tenantTable?: string;
  tenantColumns?: Partial<TenantColumns>;
  /** User names and e-mail addresses are personal data: shown only to roles at `piiMinRole` or above. */
  userTable?: string;
  userColumns?: Partial<UserColumns>;
  userLabel?: UserLabel;
  /** Effective-dated prices for rows stored without a cost. */
  prices?: PriceOverride[];
  /** Monthly budgets per tenant. */
  budgets?: TenantBudget[];
  /**
   * `auto`: read the rollup tables (schema/mysql/003_rollups.sql) where they answer a query and were
   * refreshed recently enough, the raw table otherwise; `off`: always the raw table.
   */
  rollups?: RollupMode;
  /** How recent the rollup job's last refresh must be for the rollups to be read. */
  rollupMaxAgeSeconds?: number;
}

export const ROLLUP_MODES = ['auto', 'off'] as const;
export type RollupMode = (typeof ROLLUP_MODES)[number];

/** Keys of `secureJsonData`. */
export interface LedgerSecureJsonData {
  password?: string;
  /** PEM; with verify-ca / verify-full. */
  tlsCACert?: string;
  /** PEM client certificate and key, for servers that require client certificates. */
  tlsClientCert?: string;
  tlsClientKey?: string;
}

export const DEFAULT_USAGE_COLUMNS: UsageColumns = {
  id: 'id',
  userId: 'user_id',
  tenantId: 'tenant_id',
  model: 'model_name',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cost: 'cost',
  timestamp: 'timestamp',
  createTime: 'create_time',
};

export const DEFAULT_AUDIT_COLUMNS: AuditColumns = {
  id: 'id',
  userId: 'user_id',
  tenantId: 'tenant_id',
  action: 'action',
  details: 'details',
  createTime: 'create_time',
};

/** RAGFlow's `tenant(id, name)`. */
export const DEFAULT_TENANT_COLUMNS: TenantColumns = { id: 'id', name: 'name' };

/** RAGFlow's `user(id, nickname, email)`. */
export const DEFAULT_USER_COLUMNS: UserColumns = { id: 'id', name: 'nickname', email: 'email' };

export const DEFAULT_SETTINGS = {
  port: 3306,
  tlsMode: 'disabled' as TlsMode,
  usageTable: 'token_usage_log',
  auditTable: 'audit_log',
  timeAxis: 'timestamp' as TimeAxis,
  names: 'auto' as NameMode,
  tenantTable: 'tenant',
  userTable: 'user',
  userLabel: 'nameAndEmail' as UserLabel,
  maxRows: 50_000,
  queryTimeoutSeconds: 30,
  auditMinRole: 'Admin' as OrgRole,
  piiMinRole: 'Admin' as OrgRole,
  rollups: 'auto' as RollupMode,
  /** Five minutes: five runs of the job at its default interval of a minute. */
  rollupMaxAgeSeconds: 300,
};

/** Bounds of the numeric settings (the schema in datasourceSettingsSchema.ts enforces them). */
export const SETTINGS_LIMITS = {
  maxRows: { min: 1, max: 1_000_000 },
  queryTimeoutSeconds: { min: 1, max: 600 },
  rollupMaxAgeSeconds: { min: 30, max: 86_400 },
  port: { min: 1, max: 65535 },
};

/** The longest table or column name MySQL takes. */
export const IDENTIFIER_MAX_LENGTH = 64;

/** Table and column names: plain identifiers only (they are quoted, never taken from a query). */
export const IDENTIFIER_PATTERN = new RegExp(`^[A-Za-z_][A-Za-z0-9_]{0,${IDENTIFIER_MAX_LENGTH - 1}}$`);
