/**
 * Which Prometheus, Loki and Jaeger datasources Service Health uses (app settings), and what the page
 * shows in place of a datasource's panels when it cannot query it: an empty uid (the admin chose
 * "not used"), a uid no datasource has (deleted, or provisioned under another uid), or a datasource
 * of another type. The other datasources' panels render all the same.
 */
import type { DataSourceRef } from '@grafana/schema';
import { getDataSourceSrv } from '@grafana/runtime';
import { APP_CONFIG_URL } from '../../constants';
import type { AppSettings } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import { MessageScene } from '../common/MessageScene';

export type HealthSource = 'prometheus' | 'loki' | 'jaeger';

interface SourceInfo {
  /** The datasource plugin id, as `DataSourceInstanceSettings.type`. */
  type: string;
  label: string;
  setting: 'prometheusDatasourceUid' | 'lokiDatasourceUid' | 'jaegerDatasourceUid';
  /** What the page shows from it, for the message that says it is missing. */
  shows: string;
}

export const HEALTH_SOURCES: Record<HealthSource, SourceInfo> = {
  prometheus: {
    type: 'prometheus',
    label: 'Prometheus',
    setting: 'prometheusDatasourceUid',
    shows: 'request rate, errors, latency, CPU and memory',
  },
  loki: { type: 'loki', label: 'Loki', setting: 'lokiDatasourceUid', shows: 'the log volume and the logs' },
  jaeger: { type: 'jaeger', label: 'Jaeger', setting: 'jaegerDatasourceUid', shows: 'the latest traces' },
};

export type ResolvedSource =
  | { ok: true; ref: DataSourceRef }
  | { ok: false; reason: 'unset' }
  | { ok: false; reason: 'missing'; uid: string }
  | { ok: false; reason: 'wrong-type'; uid: string; name: string; type: string };

export function resolveHealthSource(source: HealthSource, settings: AppSettings): ResolvedSource {
  const info = HEALTH_SOURCES[source];
  const uid = settings[info.setting];
  // Checked first: getInstanceSettings('') answers the default datasource, whatever its type.
  if (uid === '') {
    return { ok: false, reason: 'unset' };
  }
  const instance = getDataSourceSrv().getInstanceSettings(uid);
  if (!instance) {
    return { ok: false, reason: 'missing', uid };
  }
  if (instance.type !== info.type) {
    return { ok: false, reason: 'wrong-type', uid, name: instance.name, type: instance.type };
  }
  return { ok: true, ref: { type: instance.type, uid: instance.uid } };
}

const SETTINGS_LINK = { url: APP_CONFIG_URL, text: 'Open the app settings' };

/** The explanation that stands where the source's panels would be. */
export function missingSourceScene(
  source: HealthSource,
  resolved: Exclude<ResolvedSource, { ok: true }>
): MessageScene {
  const { label, shows } = HEALTH_SOURCES[source];
  const testId = testIds.health.missingDatasource(source);
  const choose = `Choose a ${label} datasource in the app settings to see ${shows} here.`;
  switch (resolved.reason) {
    case 'unset':
      return new MessageScene({
        variant: 'call-to-action',
        message: `No ${label} datasource is set for Service Health.`,
        detail: choose,
        link: SETTINGS_LINK,
        testId,
      });
    case 'missing':
      return new MessageScene({
        variant: 'not-found',
        message: `The ${label} datasource "${resolved.uid}" was not found.`,
        detail: `It may have been deleted, or you may not have access to it. ${choose}`,
        link: SETTINGS_LINK,
        testId,
      });
    case 'wrong-type':
      return new MessageScene({
        variant: 'not-found',
        message: `The datasource "${resolved.name}" (${resolved.uid}) is a ${resolved.type} datasource, not ${label}.`,
        detail: choose,
        link: SETTINGS_LINK,
        testId,
      });
  }
}
