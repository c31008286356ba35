/** The service's latest traces from Jaeger, as a table whose trace ids open the trace view. */
import type { DataSourceRef } from '@grafana/schema';
import { PanelBuilders, SceneQueryRunner, type SceneFlexLayout } from '@grafana/scenes';
import { pick } from '../common/ledgerData';
import { headerActions, panelRow, section } from './healthLayout';
import { jaegerSearchQuery } from './serviceHealthQueries';

export function jaegerRunner(ref: DataSourceRef, serviceName: string): SceneQueryRunner {
  return new SceneQueryRunner({ datasource: ref, queries: [jaegerSearchQuery(serviceName)] });
}

export function tracesSection(ref: DataSourceRef, serviceName: string): SceneFlexLayout {
  const runner = jaegerRunner(ref, serviceName);
  // One query: nothing to pick, but the runner still sits on the section like the others.
  const traces = PanelBuilders.table()
    .setTitle('Latest traces')
    .setDescription(
      `The service's most recent traces in the time range (at most ${jaegerSearchQuery(serviceName).limit}). A trace id opens the trace.`
    )
    .setData(pick(runner, 'traces'))
    .setHeaderActions(headerActions())
    .build();
  return section(runner, [panelRow([traces], 360)]);
}
