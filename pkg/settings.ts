/**
 * Reads a datasource instance's settings from the plugin context. jsonData arrives as raw JSON
 * bytes; bad JSON is reported, not thrown past the caller.
 */
import type { LedgerJsonData } from '../src/shared/datasourceSettings';
import type { DataSourceInstanceSettings } from './proto/messages';

export interface LedgerSettings {
  uid: string;
  name: string;
  jsonData: LedgerJsonData;
  lastUpdatedMS: number;
}

export function parseJsonData(bytes: Uint8Array | undefined): LedgerJsonData {
  if (!bytes || bytes.length === 0) {
    return {};
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('jsonData is not a JSON object');
  }
  return parsed as LedgerJsonData;
}

export function readSettings(ds: DataSourceInstanceSettings): LedgerSettings {
  return {
    uid: ds.uid,
    name: ds.name,
    jsonData: parseJsonData(ds.jsonData),
    lastUpdatedMS: ds.lastUpdatedMS,
  };
}
