/**
 * The body of Service Health: metrics, logs and traces, one section per datasource. A section whose
 * datasource is not set, not found or of another type explains that in its place; the others render.
 */
import type { DataSourceRef } from '@grafana/schema';
import { SceneFlexLayout } from '@grafana/scenes';
import type { AppSettings } from '../../shared/appSettings';
import { missingSourceScene, resolveHealthSource, type HealthSource } from './healthDatasources';
import { messageRow } from './healthLayout';
import { logsSection } from './logsSection';
import { metricsSection } from './metricsSection';
import { tracesSection } from './tracesSection';

const SECTIONS: Array<[HealthSource, (ref: DataSourceRef, serviceName: string) => SceneFlexLayout]> = [
  ['prometheus', metricsSection],
  ['loki', logsSection],
  ['jaeger', tracesSection],
];

export function getServiceHealthScene(settings: AppSettings): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'column',
    children: SECTIONS.map(([source, build]) => {
      const resolved = resolveHealthSource(source, settings);
      return resolved.ok ? build(resolved.ref, settings.serviceName) : messageRow(missingSourceScene(source, resolved));
    }),
  });
}
