/**
 * CheckHealth: what "Save & test" shows. For now it proves the backend runs and reads its
 * settings; the MySQL checks (reachability, credentials, tables, indexes, grants) come with the
 * ledger settings.
 */
import { toPluginError } from '../errors';
import { getMetrics } from '../metrics';
import { HealthStatus, type CheckHealthRequest, type CheckHealthResponse } from '../proto/messages';
import type { PluginState } from '../pluginState';
import type { RequestContext } from './requestContext';

function details(value: Record<string, unknown>): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export async function checkHealth(
  state: PluginState,
  req: CheckHealthRequest,
  ctx: RequestContext
): Promise<CheckHealthResponse> {
  let response: CheckHealthResponse;
  try {
    const ds = state.instances.get(req.pluginContext!);
    if (ds.settingsError) {
      response = {
        status: HealthStatus.ERROR,
        message: `The datasource settings cannot be read: ${ds.settingsError}`,
        jsonDetails: details({ code: 'settings.invalid' }),
      };
    } else {
      response = {
        status: HealthStatus.OK,
        message: 'LLM Ops Ledger backend is running.',
        jsonDetails: details({
          instance: ds.id,
          version: state.version,
          description: ds.settings?.jsonData.description ?? '',
        }),
      };
    }
  } catch (err) {
    const pluginError = toPluginError(err);
    ctx.logger.error('health check failed', { error: pluginError.message });
    response = {
      status: HealthStatus.ERROR,
      message: pluginError.message,
      jsonDetails: details({ code: pluginError.code }),
    };
  }
  getMetrics().healthChecks.inc({ status: response.status === HealthStatus.OK ? 'ok' : 'error' });
  return response;
}
