/**
 * The service's JSON logs from Loki: volume by level and the lines themselves, from one runner.
 * Trace links in the lines come from the Loki datasource's derived fields, which is why the query
 * leaves the line as written.
 */
import {
  type DataQuery,
  type DataSourceRef,
  GraphDrawStyle,
  LogsDedupStrategy,
  LogsSortOrder,
  StackingMode,
} from '@grafana/schema';
import { PanelBuilders, SceneQueryRunner, type SceneFlexLayout } from '@grafana/scenes';
import { pick } from '../common/ledgerData';
import { headerActions, panelRow, section } from './healthLayout';
import { LEVEL_VARIABLE_REGEX } from './levelVariable';
import { expressionsOf, serviceHealthQueries, type HealthExpression } from './serviceHealthQueries';

/** Grafana's Loki query model, as far as the page sets it. */
export interface LokiQuery extends DataQuery {
  expr: string;
  queryType: 'range';
  legendFormat?: string;
}

export function lokiQuery(e: HealthExpression): LokiQuery {
  return { refId: e.name, expr: e.expr, queryType: 'range', legendFormat: e.legend };
}

export function lokiRunner(ref: DataSourceRef, serviceName: string): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: ref,
    queries: expressionsOf(serviceHealthQueries(serviceName, { levelRegex: LEVEL_VARIABLE_REGEX }), 'logql').map(
      lokiQuery
    ),
    maxDataPointsFromWidth: true,
  });
}

export function logsSection(ref: DataSourceRef, serviceName: string): SceneFlexLayout {
  const runner = lokiRunner(ref, serviceName);

  const volume = PanelBuilders.timeseries()
    .setTitle('Log volume')
    .setDescription(
      'Log lines per interval by their JSON level, whatever the level filter says. Lines that are not JSON are not counted.'
    )
    .setData(pick(runner, 'logVolume'))
    .setHeaderActions(headerActions())
    .setUnit('short')
    .setMin(0)
    .setCustomFieldConfig('drawStyle', GraphDrawStyle.Bars)
    .setCustomFieldConfig('fillOpacity', 80)
    .setCustomFieldConfig('stacking', { mode: StackingMode.Normal })
    .setOverrides((b) =>
      b
        .matchFieldsWithNameByRegex('/^(error|critical|fatal)$/i')
        .overrideColor({ mode: 'fixed', fixedColor: 'red' })
        .matchFieldsWithNameByRegex('/^warn(ing)?$/i')
        .overrideColor({ mode: 'fixed', fixedColor: 'orange' })
    )
    .build();

  const logs = PanelBuilders.logs()
    .setTitle('Logs')
    .setDescription(
      "The service's log lines, newest first, filtered by the page's log level. Open a line for its JSON fields and its trace link."
    )
    .setData(pick(runner, 'logs'))
    .setHeaderActions(headerActions())
    .setOption('showTime', true)
    .setOption('wrapLogMessage', true)
    .setOption('enableLogDetails', true)
    .setOption('prettifyLogMessage', false)
    .setOption('sortOrder', LogsSortOrder.Descending)
    .setOption('dedupStrategy', LogsDedupStrategy.none)
    .build();

  return section(runner, [panelRow([volume], 200), panelRow([logs], 480)]);
}
