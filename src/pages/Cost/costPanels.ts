/**
 * The LLM Cost panels. Each takes its data (a pick of the page's runner) and returns a VizPanel with
 * units, overrides and links set, so that a panel reads the same in the app and on a dashboard.
 */
import {
  FieldColorModeId,
  MappingType,
  SpecialValueMatch,
  ThresholdsMode,
  type DataLink,
  type DataTransformerConfig,
  type ThresholdsConfig,
} from '@grafana/data';
import { PanelBuilders, SceneDataTransformer, type SceneDataProvider, type VizPanel } from '@grafana/scenes';
import {
  BarGaugeDisplayMode,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  LegendDisplayMode,
  SortOrder,
  StackingMode,
  TableCellDisplayMode,
  TooltipDisplayMode,
  VizOrientation,
} from '@grafana/schema';
import { QUERY_DEFAULTS } from '../../shared/queryTypes';
import {
  GROUP_NAME,
  RESULT_FRAMES,
  UNIT,
  displayNameOf,
  displayNamePattern,
  fixedFields,
  type ResultField,
} from '../../shared/resultFrames';
import { AddToDashboardButton } from '../common/AddToDashboardButton';
import { pick } from '../common/ledgerData';

const USD = UNIT.usd;
const TOKENS = 'short';
const TOTALS = RESULT_FRAMES.costTotals.fields;
const BUDGET = RESULT_FRAMES.budget.fields;
const SPIKES = RESULT_FRAMES.spendSpikes.fields;
const CALLS = RESULT_FRAMES.costTopCalls.fields;

/** Share of the budget: fine below 80 %, a warning from 80 %, near from 95 %, over at 100 %. */
export const BUDGET_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'green' },
    { value: 0.8, color: 'yellow' },
    { value: 0.95, color: 'orange' },
    { value: 1, color: 'red' },
  ],
};

const tableFields = [
  ...fixedFields(RESULT_FRAMES.costBreakdown),
  ...fixedFields(RESULT_FRAMES.budget),
  ...fixedFields(RESULT_FRAMES.spendSpikes),
  ...fixedFields(RESULT_FRAMES.costTopCalls),
];
/** Columns of the breakdown, budget and spike tables that hold money, by the names the tables show. */
const MONEY_COLUMNS = [...new Set(tableFields.filter((f) => f.unit === USD).map(displayNameOf))];
/** Columns that count tokens or requests. */
const COUNT_COLUMNS = [...new Set(tableFields.filter((f) => f.type === 'int64').map(displayNameOf))];

/** A pick of the runner followed by more transformations, for panels that reshape their frames. */
export function pickThen(
  runner: SceneDataProvider,
  refId: string,
  transformations: DataTransformerConfig[]
): SceneDataTransformer {
  const data = pick(runner, refId);
  data.setState({ transformations: [...data.state.transformations, ...transformations] });
  return data;
}

function link(title: string, url: string): DataLink {
  return { title, url };
}

/** One number of the costTotals frame. */
export function totalStat(
  title: string,
  data: SceneDataProvider,
  field: keyof typeof TOTALS,
  description: string
): VizPanel {
  const spec: ResultField = TOTALS[field];
  return PanelBuilders.stat()
    .setTitle(title)
    .setDescription(description)
    .setData(data)
    .setUnit(spec.unit ?? TOKENS)
    .setDecimals(field === 'costPerRequest' ? 4 : undefined)
    .setColor({ mode: FieldColorModeId.Fixed, fixedColor: 'text' })
    .setOption('reduceOptions', { values: false, calcs: ['lastNotNull'], fields: displayNamePattern(spec) })
    .setOption('colorMode', BigValueColorMode.Value)
    .setOption('graphMode', BigValueGraphMode.None)
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}

/** Month-to-date spend and month-end forecast, summed over the tenants of the budget frame. */
export function monthToDateStat(data: SceneDataProvider): VizPanel {
  return (
    PanelBuilders.stat()
      .setTitle('Month to date')
      .setDescription(
        'Spend since the first of the month (UTC) and the month-end forecast (from the weekday rhythm of the last weeks), ' +
          'summed over the tenants selected; with All, over the tenants with a budget (every tenant when none has one).'
      )
      .setData(data)
      .setUnit(USD)
      .setColor({ mode: FieldColorModeId.Fixed, fixedColor: 'text' })
      // The stat sums the rows of spent and forecast, found by what they display.
      .setOption('reduceOptions', {
        values: false,
        calcs: ['sum'],
        fields: displayNamePattern(BUDGET.spent, BUDGET.forecast),
      })
      .setOption('textMode', BigValueTextMode.ValueAndName)
      .setOption('graphMode', BigValueGraphMode.None)
      .setHeaderActions([new AddToDashboardButton({})])
      .build()
  );
}

/** `alias` = `of` / budget. calculateField finds its operands by display name. */
function share(alias: ResultField, of: ResultField): DataTransformerConfig {
  const byName = (field: ResultField) => ({ matcher: { id: 'byName', options: displayNameOf(field) } });
  return {
    id: 'calculateField',
    options: {
      mode: 'binary',
      alias: alias.name,
      timeSeries: false,
      binary: { left: byName(of), operator: '/', right: byName(BUDGET.budget) },
    },
  };
}

/**
 * Only tenants with a budget count towards the share used: a tenant without one would add spend
 * against nothing. Then spend, forecast and budget are summed and the shares computed from the sums.
 */
export const BUDGET_USED_TRANSFORMATIONS: DataTransformerConfig[] = [
  {
    id: 'filterByValue',
    options: {
      type: 'include',
      match: 'all',
      filters: [{ fieldName: BUDGET.budget.name, config: { id: 'isNotNull', options: {} } }],
    },
  },
  {
    id: 'reduce',
    options: {
      mode: 'reduceFields',
      reducers: ['sum'],
      fields: {
        id: 'byNames',
        options: { mode: 'include', names: [BUDGET.budget.name, BUDGET.spent.name, BUDGET.forecast.name] },
      },
    },
  },
  share(BUDGET.used, BUDGET.spent),
  share(BUDGET.forecastUsed, BUDGET.forecast),
];

/** The budgets' total and the share of it spent and forecast, coloured at 80 / 95 / 100 %. */
export function budgetUsedStat(data: SceneDataProvider): VizPanel {
  return (
    PanelBuilders.stat()
      .setTitle('Budget used')
      .setDescription(
        'Tenants with a monthly budget: the sum of their budgets, and the share spent so far and forecast by the month end.'
      )
      .setData(data)
      .setUnit('percentunit')
      .setThresholds(BUDGET_THRESHOLDS)
      .setColor({ mode: FieldColorModeId.Thresholds })
      // No budgeted tenant leaves 0 / 0: say so instead of NaN.
      .setMappings([
        { type: MappingType.SpecialValue, options: { match: SpecialValueMatch.NaN, result: { text: 'no budget' } } },
      ])
      // One row after the reduce; `last`, not `lastNotNull`, which would drop the NaN mapped above.
      .setOption('reduceOptions', {
        values: false,
        calcs: ['last'],
        fields: displayNamePattern(BUDGET.budget, BUDGET.used, BUDGET.forecastUsed),
      })
      .setOption('textMode', BigValueTextMode.ValueAndName)
      .setOption('colorMode', BigValueColorMode.Value)
      .setOption('graphMode', BigValueGraphMode.None)
      .setOverrides((b) =>
        b
          .matchFieldsWithName(displayNameOf(BUDGET.budget))
          .overrideUnit(USD)
          .overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'text' })
      )
      .setHeaderActions([new AddToDashboardButton({})])
      .build()
  );
}

/** One row per tenant: budget, month to date, share used, forecast and forecast share. */
export function budgetTable(data: SceneDataProvider, tenantLink?: string): VizPanel {
  return PanelBuilders.table()
    .setTitle('Budget by tenant')
    .setDescription(
      'Month to date (UTC) against each tenant’s monthly budget (the app’s budgets first, then the datasource’s).'
    )
    .setData(data)
    .setOverrides((b) => {
      moneyAndCounts(b);
      for (const share of [BUDGET.used, BUDGET.forecastUsed]) {
        b.matchFieldsWithName(displayNameOf(share))
          .overrideUnit('percentunit')
          .overrideThresholds(BUDGET_THRESHOLDS)
          .overrideColor({ mode: FieldColorModeId.Thresholds })
          .overrideMin(0)
          .overrideMax(1)
          .overrideCustomFieldConfig('cellOptions', {
            type: TableCellDisplayMode.Gauge,
            mode: BarGaugeDisplayMode.Basic,
            valueDisplayMode: BarGaugeValueMode.Text,
          });
      }
      if (tenantLink) {
        b.matchFieldsWithName(displayNameOf(BUDGET.tenant)).overrideLinks([link('Show this tenant', tenantLink)]);
      }
    })
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}

/** Spend per interval, one stacked series per model. */
export function spendByModelPanel(data: SceneDataProvider): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Spend over time by model')
    .setData(data)
    .setUnit(USD)
    .setCustomFieldConfig('stacking', { mode: StackingMode.Normal, group: 'A' })
    .setCustomFieldConfig('fillOpacity', 60)
    .setCustomFieldConfig('lineWidth', 1)
    .setOption('legend', { showLegend: true, displayMode: LegendDisplayMode.Table, placement: 'right', calcs: ['sum'] })
    .setOption('tooltip', { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending })
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}

// `b` is the overrides builder of any panel; only the standard overrides are used.
type Overrides = Parameters<Parameters<ReturnType<typeof PanelBuilders.table>['setOverrides']>[0]>[0];

function moneyAndCounts(b: Overrides) {
  for (const name of MONEY_COLUMNS) {
    b.matchFieldsWithName(name).overrideUnit(USD);
  }
  for (const name of COUNT_COLUMNS) {
    b.matchFieldsWithName(name).overrideUnit(TOKENS);
  }
}

/** One row per tenant, user or model; `groupLink` makes the group column lead to its drilldown. */
export function breakdownTable(
  title: string,
  data: SceneDataProvider,
  group: 'tenant' | 'user' | 'model',
  groupLink?: { title: string; url: string }
): VizPanel {
  return PanelBuilders.table()
    .setTitle(title)
    .setData(data)
    .setOption('sortBy', [{ displayName: displayNameOf(TOTALS.cost), desc: true }])
    .setOverrides((b) => {
      moneyAndCounts(b);
      if (groupLink) {
        b.matchFieldsWithName(GROUP_NAME[group]).overrideLinks([link(groupLink.title, groupLink.url)]);
      }
    })
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}

/** The users who spent most, as horizontal bars. */
export function topSpendersPanel(data: SceneDataProvider): VizPanel {
  return (
    PanelBuilders.bargauge()
      .setTitle('Top spenders')
      .setDescription('The users who spent most in the time range.')
      .setData(data)
      .setUnit(USD)
      .setMin(0)
      .setColor({ mode: FieldColorModeId.ContinuousGrYlRd })
      // One bar per row, named after the row's user.
      .setOption('reduceOptions', { values: true, calcs: [], fields: displayNamePattern(TOTALS.cost) })
      .setOption('orientation', VizOrientation.Horizontal)
      .setOption('displayMode', BarGaugeDisplayMode.Gradient)
      .setOption('showUnfilled', true)
      .setHeaderActions([new AddToDashboardButton({})])
      .build()
  );
}

/** Days where a tenant's spend was far above its own baseline, the most unusual first. */
export function spikesTable(data: SceneDataProvider, tenantLink: string): VizPanel {
  return PanelBuilders.table()
    .setTitle('Spend spikes')
    .setDescription(
      `Days where a tenant spent far more than usual (the median of its previous ${QUERY_DEFAULTS.spendSpikes.baselineDays} days); ` +
        'score: robust standard deviations above it.'
    )
    .setData(data)
    .setOption('sortBy', [{ displayName: displayNameOf(SPIKES.score), desc: true }])
    .setOverrides((b) => {
      moneyAndCounts(b);
      b.matchFieldsWithName(displayNameOf(SPIKES.score)).overrideDecimals(1);
      b.matchFieldsWithName(displayNameOf(SPIKES.key('tenant'))).overrideLinks([link('Show this tenant', tenantLink)]);
    })
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}

/**
 * A trace id's link: Explore with the Jaeger datasource and the trace id as its query, which is how
 * Grafana's Jaeger datasource looks a trace up (as the Loki datasource's derived field links to it).
 * The name only titles the Explore pane; the uid is what opens it.
 */
export function traceLink(jaegerDatasourceUid: string): DataLink {
  return {
    title: 'Open the trace',
    url: '',
    internal: {
      datasourceUid: jaegerDatasourceUid,
      datasourceName: 'Jaeger',
      query: { query: '${__value.raw}' },
    },
  };
}

/**
 * The range's most expensive single calls. The trace id opens the call's trace in the app's Jaeger
 * datasource; a call without a trace id has an empty cell, so there is nothing to follow. Without a
 * Jaeger datasource in the app settings the ids are shown without a link. The span id stays in the
 * frame (for dashboards that want it) but not in the table.
 */
export function topCallsTable(data: SceneDataProvider, jaegerDatasourceUid: string): VizPanel {
  return PanelBuilders.table()
    .setTitle('Most expensive calls')
    .setDescription(
      'The single LLM calls that cost most in the time range (stored cost, else estimated from the price list). ' +
        'A trace id opens the call’s trace.'
    )
    .setData(data)
    .setOverrides((b) => {
      moneyAndCounts(b);
      if (jaegerDatasourceUid !== '') {
        b.matchFieldsWithName(displayNameOf(CALLS.traceId)).overrideLinks([traceLink(jaegerDatasourceUid)]);
      }
      b.matchFieldsWithName(displayNameOf(CALLS.spanId)).overrideCustomFieldConfig('hideFrom', {
        viz: true,
        legend: false,
        tooltip: false,
      });
    })
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}
