/** Builders for protocol messages in unit tests. */
import type { DataQuery, PluginContext } from '../proto/messages';
import { Logger } from '../runtime/logger';
import type { RequestContext } from '../services/requestContext';

export function pluginContext(
  overrides: { uid?: string; lastUpdatedMS?: number; jsonData?: string; role?: string } = {}
): PluginContext {
  return {
    orgId: 1,
    pluginId: 'llmops-ledger-datasource',
    user: { login: 'ana', name: 'Ana', email: 'ana@example.com', role: overrides.role ?? 'Admin' },
    dataSourceInstanceSettings: {
      id: 1,
      name: 'Ledger',
      url: '',
      user: '',
      database: '',
      basicAuthEnabled: false,
      basicAuthUser: '',
      jsonData: Buffer.from(overrides.jsonData ?? '{"description":"test"}'),
      decryptedSecureJsonData: { password: 'secret' },
      lastUpdatedMS: overrides.lastUpdatedMS ?? 1000,
      uid: overrides.uid ?? 'ledger',
      apiVersion: '',
    },
    grafanaConfig: {},
    pluginVersion: '0.1.0',
    userAgent: 'Grafana/12.4.0 (linux; amd64)',
    apiVersion: '',
    namespace: 'default',
  };
}

export function dataQuery(refId: string, json: unknown, queryType = ''): DataQuery {
  return {
    refId,
    maxDataPoints: 100,
    intervalMS: 1000,
    timeRange: { fromEpochMS: 1_700_000_000_000, toEpochMS: 1_700_000_060_000 },
    json: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)),
    queryType,
  };
}

export function requestContext(signal: AbortSignal = new AbortController().signal): RequestContext {
  return { signal, logger: new Logger({ write: () => {} }) };
}

export const quietLogger = new Logger({ write: () => {} });
