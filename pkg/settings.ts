/**
 * A ledger datasource's settings, read from the plugin context and validated. jsonData arrives as
 * raw JSON bytes; the secrets come decrypted in `decryptedSecureJsonData`. The rules are the ones the
 * config editor shows (src/shared/datasourceSettingsSchema.ts); problems are reported with the
 * field's name (`port: …`), never thrown past the caller.
 */
import {
  DEFAULT_AUDIT_COLUMNS,
  DEFAULT_SETTINGS,
  DEFAULT_TENANT_COLUMNS,
  DEFAULT_USAGE_COLUMNS,
  DEFAULT_USER_COLUMNS,
  type AuditColumns,
  type NameMode,
  type TenantColumns,
  type UserColumns,
  type UserLabel,
  type OrgRole,
  type RollupMode,
  type TimeAxis,
  type TlsMode,
  type UsageColumns,
  type PriceOverride,
  type TenantBudget,
} from '../src/shared/datasourceSettings';
import { checkSettings } from '../src/shared/datasourceSettingsSchema';
import type { DataSourceInstanceSettings } from './proto/messages';

export interface TlsSettings {
  mode: TlsMode;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
}

export interface LedgerSettings {
  uid: string;
  name: string;
  description: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  tls: TlsSettings;
  usageTable: string;
  auditTable: string;
  usageColumns: UsageColumns;
  auditColumns: AuditColumns;
  timeAxis: TimeAxis;
  names: NameMode;
  tenantTable: string;
  tenantColumns: TenantColumns;
  userTable: string;
  userColumns: UserColumns;
  userLabel: UserLabel;
  pinnedTenant?: string;
  maxRows: number;
  queryTimeoutSeconds: number;
  auditMinRole: OrgRole;
  piiMinRole: OrgRole;
  prices: PriceOverride[];
  budgets: TenantBudget[];
  rollups: RollupMode;
  rollupMaxAgeSeconds: number;
  lastUpdatedMS: number;
}

export type SettingsResult = { ok: true; settings: LedgerSettings } | { ok: false; field: string; message: string };

function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes || bytes.length === 0) {
    return {};
  }
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** Empty strings in column maps mean "use the default", as the ConfigEditor leaves them. */
function withDefaults<T extends object>(defaults: T, given: Partial<Record<keyof T, string>> | undefined): T {
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {}) as Array<[keyof T, string]>) {
    if (value) {
      (out as Record<keyof T, string>)[key] = value;
    }
  }
  return out;
}

const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value : undefined);

export function readSettings(ds: DataSourceInstanceSettings): SettingsResult {
  let raw: unknown;
  try {
    raw = parseJson(ds.jsonData);
  } catch (err) {
    return { ok: false, field: 'jsonData', message: `is not valid JSON: ${(err as Error).message}` };
  }
  const secure = ds.decryptedSecureJsonData ?? {};
  const checked = checkSettings(raw, (key) => nonEmpty(secure[key]) !== undefined);
  if (!checked.ok) {
    return { ok: false, field: checked.issue.path.join('.') || 'jsonData', message: checked.issue.message };
  }
  // Past the check, the host and the database are set and the TLS secrets fit the mode.
  const j = checked.jsonData;
  const tlsMode = j.tlsMode ?? DEFAULT_SETTINGS.tlsMode;
  return {
    ok: true,
    settings: {
      uid: ds.uid,
      name: ds.name,
      description: j.description ?? '',
      host: j.host!,
      port: j.port ?? DEFAULT_SETTINGS.port,
      database: j.database!.trim(),
      user: nonEmpty(j.user) ?? '',
      password: secure.password ?? '',
      tls: {
        mode: tlsMode,
        caCert: nonEmpty(secure.tlsCACert),
        clientCert: nonEmpty(secure.tlsClientCert),
        clientKey: nonEmpty(secure.tlsClientKey),
      },
      // An empty table name means the default, as an empty column name does.
      usageTable: j.usageTable || DEFAULT_SETTINGS.usageTable,
      auditTable: j.auditTable || DEFAULT_SETTINGS.auditTable,
      usageColumns: withDefaults(DEFAULT_USAGE_COLUMNS, j.usageColumns),
      auditColumns: withDefaults(DEFAULT_AUDIT_COLUMNS, j.auditColumns),
      timeAxis: j.timeAxis ?? DEFAULT_SETTINGS.timeAxis,
      names: j.names ?? DEFAULT_SETTINGS.names,
      tenantTable: j.tenantTable || DEFAULT_SETTINGS.tenantTable,
      tenantColumns: withDefaults(DEFAULT_TENANT_COLUMNS, j.tenantColumns),
      userTable: j.userTable || DEFAULT_SETTINGS.userTable,
      userColumns: withDefaults(DEFAULT_USER_COLUMNS, j.userColumns),
      userLabel: j.userLabel ?? DEFAULT_SETTINGS.userLabel,
      pinnedTenant: nonEmpty(j.pinnedTenant),
      maxRows: j.maxRows ?? DEFAULT_SETTINGS.maxRows,
      queryTimeoutSeconds: j.queryTimeoutSeconds ?? DEFAULT_SETTINGS.queryTimeoutSeconds,
      auditMinRole: j.auditMinRole ?? DEFAULT_SETTINGS.auditMinRole,
      piiMinRole: j.piiMinRole ?? DEFAULT_SETTINGS.piiMinRole,
      prices: j.prices ?? [],
      budgets: j.budgets ?? [],
      rollups: j.rollups ?? DEFAULT_SETTINGS.rollups,
      rollupMaxAgeSeconds: j.rollupMaxAgeSeconds ?? DEFAULT_SETTINGS.rollupMaxAgeSeconds,
      lastUpdatedMS: ds.lastUpdatedMS,
    },
  };
}
