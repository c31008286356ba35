import { getRegistryForScrape } from '../metrics';
import type { CollectMetricsResponse } from '../proto/messages';

/** CollectMetrics: the plugin's registry in Prometheus text format. */
export async function collectMetrics(): Promise<CollectMetricsResponse> {
  const text = await getRegistryForScrape().metrics();
  return { metrics: { prometheus: Buffer.from(text, 'utf8') } };
}
