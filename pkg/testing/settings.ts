/** Validated settings for builder tests: the required fields plus what the case sets. */
import { readSettings, type LedgerSettings } from '../settings';
import { pluginContext } from './fixtures';

export function testSettings(jsonData: object = {}, secure?: Record<string, string>): LedgerSettings {
  const ds = pluginContext().dataSourceInstanceSettings!;
  const r = readSettings({
    ...ds,
    decryptedSecureJsonData: secure ?? ds.decryptedSecureJsonData,
    jsonData: Buffer.from(JSON.stringify({ host: 'db', database: 'rag_flow', ...jsonData })),
  });
  if (!r.ok) {
    throw new Error(`${r.field}: ${r.message}`);
  }
  return r.settings;
}
