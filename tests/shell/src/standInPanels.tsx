/**
 * Stand-in panel plugins. Grafana's core panels (stat, timeseries, table, …) are not on npm, so
 * each id the app uses gets a panel that shows the numbers a real one would draw: per frame of its
 * data (after transformations, field config and overrides, which the plugin's VizPanel applies) a
 * plain table with one `<th>` per field (its display name) and one cell per value, raw: numbers
 * unformatted, times as epoch milliseconds. `data-display` holds the value as the real panel would
 * format it (unit, decimals, mappings), for specs that check what the user reads; a value with a
 * data link (a drilldown) is that link, so a spec can follow it as a user would.
 *
 * VizPanel resolves panel plugins through setPluginImportUtils; scenes' own runtime panel registry
 * belongs to the copy bundled in the plugin, which the shell cannot reach.
 */
import React from 'react';
import {
  PanelPlugin,
  PluginType,
  formattedValueToString,
  getFieldDisplayName,
  isDateTime,
  type DataFrame,
  type PanelPluginMeta,
  type PanelProps,
} from '@grafana/data';
import { setPluginImportUtils } from '@grafana/runtime';
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

/** The frames of a panel's data, one table each (also the query editor page's preview). */
export function FrameTables({ series }: { series: DataFrame[] }) {
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
                    <td key={f} data-field={field.name} data-row={row} data-display={display}>
                      {link ? (
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

/** What a stand-in panel draws: its marker and its frames (and a text panel's text). */
export function StandInFrames({ pluginId, series, text }: { pluginId: string; series: DataFrame[]; text?: unknown }) {
  return (
    <div className="shell-panel" data-testid={shellTestIds.panel(pluginId)}>
      {typeof text === 'string' && <div className="shell-text">{text}</div>}
      <FrameTables series={series} />
    </div>
  );
}

function standInPanel(id: string): PanelPlugin {
  function StandInPanel({ data, options }: PanelProps<{ content?: unknown }>) {
    return <StandInFrames pluginId={id} series={data.series} text={options?.content} />;
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
