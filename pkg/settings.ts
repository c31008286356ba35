/**
 * A ledger datasource's settings, read from the plugin context and validated. jsonData arrives as
 * raw JSON bytes; the secrets come decrypted in `decryptedSecureJsonData`. Problems are reported
 * with the field's name (`port: …`), never thrown past the caller.
 */
import * as z from '../src/shared/zod';
import {
  DEFAULT_AUDIT_COLUMNS,
  DEFAULT_SETTINGS,
  DEFAULT_USAGE_COLUMNS,
  IDENTIFIER_PATTERN,
  ORG_ROLES,
  SETTINGS_LIMITS,
  TIME_AXES,
  TLS_MODES,
  type AuditColumns,
  type OrgRole,
  type TimeAxis,
  type TlsMode,
  type UsageColumns,
  PRICE_OVERRIDES_MAX,
  BUDGETS_MAX,
  type PriceOverride,
  type TenantBudget,
} from '../src/shared/datasourceSettings';
import { isCalendarDate } from '../src/shared/pricing';
import type { DataSourceInstanceSettings } from './proto/messages';

const identifier = z
  .string()
  .check(z.regex(IDENTIFIER_PATTERN, 'expected a plain identifier (letters, digits, _; at most 64)'));
const bounded = (limits: { min: number; max: number }) => z.int().check(z.minimum(limits.min), z.maximum(limits.max));
/** A column-name map: known meanings only (a typo is an error), each a plain identifier or '' for the default. */
const columnName = z.union([identifier, z.literal('')]);
function columns<T extends object>(defaults: T) {
  const shape = Object.fromEntries(Object.keys(defaults).map((key) => [key, z.optional(columnName)]));
  return z.strictObject(shape as unknown as Record<keyof T & string, z.ZodMiniOptional<typeof columnName>>);
}

const jsonDataSchema = z.object({
  description: z.optional(z.string()),
  host: z.optional(z.string().check(z.maxLength(255))),
  port: z.optional(bounded(SETTINGS_LIMITS.port)),
  database: z.optional(z.string().check(z.maxLength(64))),
  user: z.optional(z.string().check(z.maxLength(128))),
  tlsMode: z.optional(z.enum(TLS_MODES)),
  usageTable: z.optional(identifier),
  auditTable: z.optional(identifier),
  usageColumns: z.optional(columns(DEFAULT_USAGE_COLUMNS)),
  auditColumns: z.optional(columns(DEFAULT_AUDIT_COLUMNS)),
  timeAxis: z.optional(z.enum(TIME_AXES)),
  pinnedTenant: z.optional(z.string().check(z.maxLength(128))),
  maxRows: z.optional(bounded(SETTINGS_LIMITS.maxRows)),
  queryTimeoutSeconds: z.optional(bounded(SETTINGS_LIMITS.queryTimeoutSeconds)),
  auditMinRole: z.optional(z.enum(ORG_ROLES)),
  piiMinRole: z.optional(z.enum(ORG_ROLES)),
  prices: z.optional(
    z
      .array(
        z.object({
          model: z.string().check(z.minLength(1), z.maxLength(128)),
          effectiveFrom: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')),
          inputPerMillion: z.number().check(z.minimum(0)),
          outputPerMillion: z.number().check(z.minimum(0)),
        })
      )
      .check(z.maxLength(PRICE_OVERRIDES_MAX))
  ),
  budgets: z.optional(
    z
      .array(
        z.object({
          tenant: z.string().check(z.minLength(1), z.maxLength(128)),
          monthlyBudget: z.number().check(z.positive()),
        })
      )
      .check(z.maxLength(BUDGETS_MAX))
  ),
});

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
  pinnedTenant?: string;
  maxRows: number;
  queryTimeoutSeconds: number;
  auditMinRole: OrgRole;
  piiMinRole: OrgRole;
  prices: PriceOverride[];
  budgets: TenantBudget[];
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
  const parsed = jsonDataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue.path.join('.') || 'jsonData', message: issue.message };
  }
  const j = parsed.data;
  const host = nonEmpty(j.host);
  if (!host) {
    return { ok: false, field: 'host', message: 'the MySQL host is not set' };
  }
  if (!nonEmpty(j.database)) {
    return { ok: false, field: 'database', message: 'the database (schema) that holds the ledger tables is not set' };
  }
  const badDate = (j.prices ?? []).findIndex((p) => !isCalendarDate(p.effectiveFrom));
  if (badDate >= 0) {
    return { ok: false, field: `prices.${badDate}.effectiveFrom`, message: 'not a calendar date' };
  }
  const secure = ds.decryptedSecureJsonData ?? {};
  const tlsMode = j.tlsMode ?? DEFAULT_SETTINGS.tlsMode;
  if (tlsMode === 'verify-ca' && !nonEmpty(secure.tlsCACert)) {
    return { ok: false, field: 'tlsCACert', message: 'verify-ca needs the CA certificate' };
  }
  if (nonEmpty(secure.tlsClientCert) !== undefined && nonEmpty(secure.tlsClientKey) === undefined) {
    return { ok: false, field: 'tlsClientKey', message: 'a client certificate needs its key' };
  }
  return {
    ok: true,
    settings: {
      uid: ds.uid,
      name: ds.name,
      description: j.description ?? '',
      host,
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
      usageTable: j.usageTable ?? DEFAULT_SETTINGS.usageTable,
      auditTable: j.auditTable ?? DEFAULT_SETTINGS.auditTable,
      usageColumns: withDefaults(DEFAULT_USAGE_COLUMNS, j.usageColumns),
      auditColumns: withDefaults(DEFAULT_AUDIT_COLUMNS, j.auditColumns),
      timeAxis: j.timeAxis ?? DEFAULT_SETTINGS.timeAxis,
      pinnedTenant: nonEmpty(j.pinnedTenant),
      maxRows: j.maxRows ?? DEFAULT_SETTINGS.maxRows,
      queryTimeoutSeconds: j.queryTimeoutSeconds ?? DEFAULT_SETTINGS.queryTimeoutSeconds,
      auditMinRole: j.auditMinRole ?? DEFAULT_SETTINGS.auditMinRole,
      piiMinRole: j.piiMinRole ?? DEFAULT_SETTINGS.piiMinRole,
      prices: j.prices ?? [],
      budgets: j.budgets ?? [],
      lastUpdatedMS: ds.lastUpdatedMS,
    },
  };
}
