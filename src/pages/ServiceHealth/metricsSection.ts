/**
 * The RED panels (requests, errors, duration) and the process's CPU and memory, from one Prometheus
 * runner holding every PromQL expression of the page; each panel picks its queries by refId.
 */
import { type DataQuery, type DataSourceRef, AxisPlacement, StackingMode } from '@grafana/schema';
import { PanelBuilders, SceneQueryRunner, type SceneFlexLayout } from '@grafana/scenes';
import { pick } from '../common/ledgerData';
import { headerActions, panelRow, section } from './healthLayout';
import {
  expressionsOf,
  serviceHealthQueries,
  type HealthExpression,
  type HealthQueryName,
} from './serviceHealthQueries';

/** Grafana's Prometheus query model, as far as the page sets it. */
export interface PrometheusQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  range: boolean;
  instant: boolean;
  editorMode: 'code';
}

export function prometheusQuery(e: HealthExpression): PrometheusQuery {
  return { refId: e.name, expr: e.expr, legendFormat: e.legend, range: true, instant: false, editorMode: 'code' };
}

export function prometheusRunner(ref: DataSourceRef, serviceName: string): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: ref,
    queries: expressionsOf(serviceHealthQueries(serviceName), 'promql').map(prometheusQuery),
    // One point per pixel column at most, as a dashboard panel does; $__rate_interval follows.
    maxDataPointsFromWidth: true,
  });
}

const ROW_HEIGHT = 280;

export function metricsSection(ref: DataSourceRef, serviceName: string): SceneFlexLayout {
  const runner = prometheusRunner(ref, serviceName);
  const timeseries = (title: string, description: string, ...refIds: HealthQueryName[]) =>
    PanelBuilders.timeseries()
      .setTitle(title)
      .setDescription(description)
      .setData(pick(runner, ...refIds))
      .setHeaderActions(headerActions());

  const requests = timeseries(
    'Request rate',
    'Requests per second by HTTP status, from flask_http_request_total (prometheus-flask-exporter).',
    'requestRate'
  )
    .setUnit('reqps')
    .setCustomFieldConfig('stacking', { mode: StackingMode.Normal })
    .setCustomFieldConfig('fillOpacity', 20)
    .build();

  const errors = timeseries(
    'Errors',
    'Share of responses with a 5xx status (left axis) and unhandled exceptions per second (right axis), from flask_http_request_total and flask_http_request_exceptions_total.',
    'errorRatio',
    'exceptionRate'
  )
    .setUnit('percentunit')
    .setMin(0)
    .setOverrides((b) =>
      b
        .matchFieldsByQuery('exceptionRate')
        .overrideUnit('reqps')
        .overrideCustomFieldConfig('axisPlacement', AxisPlacement.Right)
    )
    .build();

  const latency = timeseries(
    'Latency',
    'Request duration over all endpoints: percentiles estimated from the flask_http_request_duration_seconds histogram buckets, and the mean from its sum and count.',
    'latencyP50',
    'latencyP90',
    'latencyP99',
    'latencyMean'
  )
    .setUnit('s')
    .setMin(0)
    .build();

  const cpu = timeseries(
    'CPU',
    "CPU cores used by the service's process, per instance: process_cpu_seconds_total from the process collector of the same prometheus_client as the request metrics. It covers the application process, not every process of its container.",
    'cpu'
  )
    .setUnit('short')
    .setMin(0)
    .setCustomFieldConfig('axisLabel', 'cores')
    .build();

  const memory = timeseries(
    'Memory',
    "Resident memory of the service's process, per instance: process_resident_memory_bytes from the process collector of the same prometheus_client as the request metrics. It covers the application process, not the container's whole memory use.",
    'memory'
  )
    .setUnit('bytes')
    .setMin(0)
    .build();

  return section(runner, [
    panelRow([requests, errors], ROW_HEIGHT),
    panelRow([latency], ROW_HEIGHT),
    panelRow([cpu, memory], ROW_HEIGHT),
  ]);
}
