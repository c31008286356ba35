/**
 * Stand-in panel plugins. Grafana's core panels (stat, timeseries, table, …) are not on npm, so
 * each id the app uses gets a panel drawn with the @grafana/ui component Grafana's panel is built on
 * (stat, time series, bar gauge, table; the others as tables) and, under it, hidden, the numbers a
 * real one would draw: per frame of its
 * data (after transformations, field config and overrides, which the plugin's VizPanel applies) a
 * plain table with one `<th>` per field (its display name) and one cell per value, raw: numbers
 * unformatted, times as epoch milliseconds. `data-display` holds the value as the real panel would
 * format it (unit, decimals, mappings), for specs that check what the user reads; a value with a
 * data link (a drilldown) is that link, so a spec can follow it as a user would.
 *
 * VizPanel resolves panel plugins through setPluginImportUtils; scenes' own runtime panel registry
 * belongs to the copy bundled in the plugin, which the shell cannot reach.
 */
import React, { Component, type ErrorInfo, type ReactNode } from 'react';
import {
  FieldType,
  PanelPlugin,
  PluginType,
  VizOrientation,
  formattedValueToString,
  getFieldDisplayName,
  getFieldDisplayValues,
  isDateTime,
  type DataFrame,
  type PanelPluginMeta,
  type PanelProps,
  type ReduceDataOptions,
} from '@grafana/data';
import { setPluginImportUtils } from '@grafana/runtime';
import {
  LegendDisplayMode,
  type TableCellHeight,
  type TableSortByFieldState,
  type VizLegendOptions,
} from '@grafana/schema';
import {
  BarGauge,
  BarGaugeDisplayMode,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  Table,
  TimeSeries,
  useTheme2,
} from '@grafana/ui';
import { shellTestIds } from './testIds';

export const STAND_IN_PANEL_IDS = [
  'stat',
  'timeseries',
  'table',
  'barchart',
  'bargauge',
  'gauge',
  'piechart',
  'logs',
  'traces',
  'text',
] as const;

/** A value as text: numbers as JavaScript writes them, times as epoch ms, objects as JSON. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    return String(value.getTime());
  }
  if (isDateTime(value)) {
    return String(value.valueOf());
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The frames of a panel's data, one table each (also the query editor page's preview). A value with
 * a data link is an `<a>` (`links: 'anchor'`), or, under a drawn visualization whose own cells are
 * the links a person clicks, its URL in `data-href` (`links: 'data'`), so that a page has one link
 * per value, as in Grafana.
 */
export function FrameTables({ series, links = 'anchor' }: { series: DataFrame[]; links?: 'anchor' | 'data' }) {
  return (
    <>
      {series.map((frame, index) => (
        <table key={index} className="shell-frame" data-testid={shellTestIds.frame(index)} data-refid={frame.refId}>
          <thead>
            <tr>
              {frame.fields.map((field, f) => (
                <th key={f}>{getFieldDisplayName(field, frame, series)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: frame.length }, (_, row) => (
              <tr key={row}>
                {frame.fields.map((field, f) => {
                  const value: unknown = field.values[row];
                  const display = field.display ? formattedValueToString(field.display(value)) : undefined;
                  // A field's data link (a drilldown) makes the value a link, as in Grafana's table.
                  const link = field.config.links?.length ? field.getLinks?.({ valueRowIndex: row })[0] : undefined;
                  return (
                    <td
                      key={f}
                      data-field={field.name}
                      data-row={row}
                      data-display={display}
                      data-href={links === 'data' ? link?.href : undefined}
                    >
                      {link && links === 'anchor' ? (
                        <a href={link.href} target={link.target} title={link.title}>
                          {rawText(value)}
                        </a>
                      ) : (
                        rawText(value)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

/** Visually hidden, still in the DOM: the machine-readable frames under a drawn visualization. */
const hidden: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

/** A visualization that throws leaves the frames readable and says so, instead of failing the page. */
class VizBoundary extends Component<{ children: ReactNode }, { error?: string; where?: string }> {
  state: { error?: string; where?: string } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error: String(error) };
  }
  componentDidCatch(_error: unknown, info: ErrorInfo) {
    // Which component failed, for whoever reads the page.
    this.setState({ where: info.componentStack?.trim().split('\n').slice(0, 4).join(' < ') });
  }
  render() {
    return this.state.error ? (
      <div data-viz-error={this.state.error} data-viz-error-at={this.state.where} />
    ) : (
      this.props.children
    );
  }
}

interface StatOptions {
  reduceOptions?: ReduceDataOptions;
  colorMode?: BigValueColorMode;
  graphMode?: BigValueGraphMode;
  textMode?: BigValueTextMode;
  justifyMode?: BigValueJustifyMode;
  orientation?: VizOrientation;
  displayMode?: BarGaugeDisplayMode;
  legend?: Partial<VizLegendOptions>;
  // The table panel's options (Grafana's TableOptions, as far as the app sets them).
  frameIndex?: number;
  showHeader?: boolean;
  cellHeight?: TableCellHeight;
  sortBy?: TableSortByFieldState[];
}

/** The values a stat or bar gauge shows: Grafana's field display logic (reducers, units, names, filters). */
function useDisplayValues(props: PanelProps<StatOptions>) {
  const theme = useTheme2();
  const reduceOptions: ReduceDataOptions = { calcs: ['lastNotNull'], ...props.options?.reduceOptions };
  return getFieldDisplayValues({
    data: props.data.series,
    fieldConfig: props.fieldConfig,
    reduceOptions,
    replaceVariables: props.replaceVariables,
    theme,
    timeZone: props.timeZone,
  });
}

/** Stat: one BigValue per display value, side by side (Grafana's stat panel lays them out with VizRepeater). */
function StatViz(props: PanelProps<StatOptions>) {
  const theme = useTheme2();
  const values = useDisplayValues(props);
  const { width, height, options } = props;
  const vertical = options?.orientation === VizOrientation.Vertical;
  const each = vertical
    ? { width, height: height / Math.max(1, values.length) }
    : { width: width / Math.max(1, values.length), height };
  return (
    <div style={{ display: 'flex', flexDirection: vertical ? 'column' : 'row', width, height }}>
      {values.map((v, i) => (
        <BigValue
          key={i}
          theme={theme}
          width={each.width}
          height={each.height}
          value={v.display}
          colorMode={options?.colorMode ?? BigValueColorMode.Value}
          graphMode={BigValueGraphMode.None}
          justifyMode={options?.justifyMode ?? BigValueJustifyMode.Auto}
          textMode={options?.textMode ?? (values.length > 1 ? BigValueTextMode.ValueAndName : BigValueTextMode.Value)}
        />
      ))}
    </div>
  );
}

/** Bar gauge (and bar chart, gauge, pie chart: a bar per value): BarGauge per display value. */
function BarGaugeViz(props: PanelProps<StatOptions>) {
  const theme = useTheme2();
  const values = useDisplayValues(props).slice(0, 50);
  const { width, height, options } = props;
  const each = Math.max(16, Math.min(40, height / Math.max(1, values.length)));
  return (
    <div style={{ width, height, overflow: 'auto' }}>
      {values.map((v, i) => (
        <BarGauge
          key={i}
          theme={theme}
          width={width - 8}
          height={each}
          field={v.field}
          value={v.display}
          orientation={VizOrientation.Horizontal}
          displayMode={options?.displayMode ?? BarGaugeDisplayMode.Gradient}
          showUnfilled
        />
      ))}
    </div>
  );
}

/** Time series: @grafana/ui's uPlot chart with its legend (display names, as Grafana's panel draws them). */
function TimeSeriesViz(props: PanelProps<StatOptions>) {
  const { data, width, height, timeRange, timeZone, options } = props;
  const frames = data.series.filter(
    (f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number)
  );
  if (frames.length === 0) {
    return <div style={{ width, height, display: 'grid', placeItems: 'center' }}>No data</div>;
  }
  const legend: VizLegendOptions = {
    displayMode: LegendDisplayMode.List,
    placement: 'bottom',
    calcs: [],
    showLegend: true,
    ...options?.legend,
  };
  return (
    <TimeSeries
      frames={frames}
      width={width}
      height={height}
      timeRange={timeRange}
      timeZone={timeZone}
      legend={legend}
      options={options}
    />
  );
}

/**
 * Table: @grafana/ui's Table (the one Grafana's table panel renders), one frame at a time as the
 * panel shows it (the first, or `frameIndex`), with the panel's header, sort and cell height options.
 * Its cells show the display values (units, value mappings: names), and a value with one data link
 * is a link, which the specs click as a person would.
 */
function TableViz(props: PanelProps<StatOptions>) {
  const { data, width, height, options, timeRange, fieldConfig, replaceVariables } = props;
  const frame = data.series[Math.min(options?.frameIndex ?? 0, Math.max(0, data.series.length - 1))];
  if (!frame || frame.fields.length === 0) {
    return <div style={{ width, height, display: 'grid', placeItems: 'center' }}>No data</div>;
  }
  return (
    <Table
      data={frame}
      width={width}
      height={height}
      noHeader={options?.showHeader === false}
      showTypeIcons={false}
      resizable={false}
      initialSortBy={options?.sortBy}
      cellHeight={options?.cellHeight}
      timeRange={timeRange}
      fieldConfig={fieldConfig}
      replaceVariables={replaceVariables}
    />
  );
}

const VISUALIZATIONS: Record<string, React.ComponentType<PanelProps<StatOptions>>> = {
  table: TableViz,
  stat: StatViz,
  timeseries: TimeSeriesViz,
  bargauge: BarGaugeViz,
  barchart: BarGaugeViz,
  gauge: BarGaugeViz,
  piechart: BarGaugeViz,
};

/** What a stand-in panel draws: its marker and its frames (and a text panel's text). */
export function StandInFrames({
  pluginId,
  series,
  text,
  state,
  links,
}: {
  pluginId: string;
  series: DataFrame[];
  text?: unknown;
  state?: string;
  links?: 'anchor' | 'data';
}) {
  return (
    <div className="shell-panel" data-testid={shellTestIds.panel(pluginId)} data-state={state}>
      {typeof text === 'string' && <div className="shell-text">{text}</div>}
      <FrameTables series={series} links={links} />
    </div>
  );
}

function standInPanel(id: string): PanelPlugin {
  const Viz = VISUALIZATIONS[id];
  function StandInPanel(props: PanelProps<{ content?: unknown }>) {
    const { data, options } = props;
    if (!Viz) {
      return <StandInFrames pluginId={id} series={data.series} text={options?.content} state={data.state} />;
    }
    // The visualization as Grafana draws it, and under it the frames, hidden, for the specs.
    return (
      <div style={{ position: 'relative' }}>
        <div data-testid={shellTestIds.viz(id)}>
          <VizBoundary>
            <Viz {...(props as PanelProps<StatOptions>)} />
          </VizBoundary>
        </div>
        <div style={hidden}>
          <StandInFrames pluginId={id} series={data.series} state={data.state} links="data" />
        </div>
      </div>
    );
  }
  // useFieldConfig() gives the plugin Grafana's standard field options; without it a PanelPlugin has
  // none, and VizPanel would drop the panel's units, mappings, links and overrides.
  const plugin = new PanelPlugin(StandInPanel).useFieldConfig();
  const meta: PanelPluginMeta = {
    id,
    name: `${id} (shell stand-in)`,
    type: PluginType.panel,
    module: '',
    baseUrl: '',
    sort: 0,
    skipDataQuery: id === 'text',
    info: {
      author: { name: 'test shell' },
      description: `Stands in for Grafana's ${id} panel`,
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      // VizPanel records the plugin version; Grafana's core panels carry Grafana's.
      version: '12.4.0',
    },
  };
  plugin.meta = meta;
  return plugin;
}

const panels = new Map<string, PanelPlugin>(STAND_IN_PANEL_IDS.map((id) => [id, standInPanel(id)]));

/** The field options of a stand-in (Grafana's standard ones), for frames shown outside a VizPanel. */
export function standInFieldConfigRegistry(id: (typeof STAND_IN_PANEL_IDS)[number]) {
  return panels.get(id)!.fieldConfigRegistry;
}

export function initStandInPanels(): void {
  setPluginImportUtils({
    getPanelPluginFromCache: (id: string) => panels.get(id),
    importPanelPlugin: async (id: string) => {
      const plugin = panels.get(id);
      if (!plugin) {
        throw new Error(`Panel plugin ${id} has no stand-in in the shell (standInPanels.tsx)`);
      }
      return plugin;
    },
  });
}
