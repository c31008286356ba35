/**
 * How the config sections change the datasource settings. Every change goes through these
 * functions, so that the rules hold for every field: an empty value removes the key (the default
 * applies), numbers are stored as numbers, secrets only ever go to secureJsonData.
 */
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import type {
  AuditColumns,
  LedgerJsonData,
  LedgerSecureJsonData,
  TenantColumns,
  UsageColumns,
  UserColumns,
} from '../../../shared/datasourceSettings';
import type { LedgerOptions } from '../../types';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<LedgerOptions, LedgerSecureJsonData>;
export type LedgerSettings = ConfigEditorProps['options'];

/** Sets a jsonData key; `undefined` or an empty string removes it. */
export function withJsonData<K extends keyof LedgerJsonData>(
  options: LedgerSettings,
  key: K,
  value: LedgerJsonData[K] | undefined
): LedgerSettings {
  const { [key]: _previous, ...rest } = options.jsonData;
  const jsonData = value === undefined || value === '' ? rest : { ...rest, [key]: value };
  return { ...options, jsonData: jsonData as LedgerOptions };
}

export type ColumnsKey = 'usageColumns' | 'auditColumns' | 'tenantColumns' | 'userColumns';
export type ColumnMeaning<C extends ColumnsKey> = C extends 'usageColumns'
  ? keyof UsageColumns
  : C extends 'auditColumns'
    ? keyof AuditColumns
    : C extends 'tenantColumns'
      ? keyof TenantColumns
      : keyof UserColumns;

/** Sets one column name; an empty name removes it, and an empty column map removes the map. */
export function withColumn<C extends ColumnsKey>(
  options: LedgerSettings,
  columnsKey: C,
  meaning: ColumnMeaning<C>,
  name: string
): LedgerSettings {
  const { [meaning]: _previous, ...rest } = (options.jsonData[columnsKey] ?? {}) as Record<string, string>;
  const columns = name === '' ? rest : { ...rest, [meaning]: name };
  return withJsonData(options, columnsKey, Object.keys(columns).length > 0 ? columns : undefined);
}

export type SecretKey = keyof LedgerSecureJsonData;

export function withSecret(options: LedgerSettings, key: SecretKey, value: string): LedgerSettings {
  return { ...options, secureJsonData: { ...options.secureJsonData, [key]: value } };
}

/**
 * A stored secret never comes back to the browser. Resetting clears its "configured" flag and sends
 * an empty value, which Grafana stores on save; a new value can then be typed.
 */
export function withSecretReset(options: LedgerSettings, key: SecretKey): LedgerSettings {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...options.secureJsonData, [key]: '' },
  };
}

/** Whether a secret is stored, or typed and about to be stored. */
export function hasSecret(options: LedgerSettings, key: SecretKey): boolean {
  return Boolean(options.secureJsonFields?.[key]) || (options.secureJsonData?.[key] ?? '').trim() !== '';
}

/** The text of a number input as a jsonData value: empty is `undefined` (the key is removed). */
export function parseNumberInput(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  const value = Number(trimmed);
  return Number.isNaN(value) ? undefined : value;
}
