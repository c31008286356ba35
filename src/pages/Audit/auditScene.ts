/**
 * The bodies of the Audit Trail's tabs and of the event detail, loaded from their own chunk. The
 * time range and the filter variables live on the page's EmbeddedScene (auditPage.ts), above them.
 */
import {
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  type SceneDataProvider,
  type SceneObject,
  type VizPanel,
} from '@grafana/scenes';
import { GraphDrawStyle, LegendDisplayMode, SortOrder, StackingMode, TooltipDisplayMode } from '@grafana/schema';
import { AddToDashboardButton } from '../common/AddToDashboardButton';
import { ledgerRunner, pick } from '../common/ledgerData';
import { AuditEventsScene } from './AuditEventsScene';
import { AuditTrustScene } from './AuditTrustScene';
import { EventDetailScene } from './EventDetailScene';
import { PAGE_FILTERS, REF_IDS, auditCountsQuery } from './auditQueries';
import type { AuditTab } from './auditVariables';

export interface AuditAccess {
  /** Whether the viewer may see personal data (e-mail addresses). */
  pii: boolean;
}

/** Events per action over time, stacked, so that a burst of one action stands out in the total. */
export function countsPanel(data: SceneDataProvider, tab: AuditTab): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle(tab === 'security' ? 'Security events per action' : 'Events per action')
    .setData(data)
    .setUnit('short')
    .setDecimals(0)
    .setMin(0)
    .setCustomFieldConfig('drawStyle', GraphDrawStyle.Bars)
    .setCustomFieldConfig('fillOpacity', 80)
    .setCustomFieldConfig('lineWidth', 1)
    .setCustomFieldConfig('stacking', { mode: StackingMode.Normal, group: 'A' })
    .setOption('legend', { showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] })
    .setOption('tooltip', { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending })
    .setHeaderActions([new AddToDashboardButton({})])
    .build();
}

/**
 * A tab's body: whether the trail's hash chains hold, then the counts chart over the events table,
 * both with the page's filters. The tabs
 * differ only in their action variable (auditVariables.ts). The counts runner is the body's `$data`
 * for any panel to pick from; the table keeps its own (see AuditEventsScene).
 */
export function getAuditScene(uid: string, tab: AuditTab, access: AuditAccess): SceneObject {
  const counts = ledgerRunner(uid, [auditCountsQuery(PAGE_FILTERS)]);
  return new SceneFlexLayout({
    direction: 'column',
    $data: counts,
    children: [
      // Whether the trail holds, above everything: it runs on its own and never holds the rest up.
      new SceneFlexItem({ body: new AuditTrustScene({ datasourceUid: uid, filters: PAGE_FILTERS }) }),
      new SceneFlexItem({ height: 260, body: countsPanel(pick(counts, REF_IDS.counts), tab) }),
      new SceneFlexItem({
        minHeight: 400,
        body: new AuditEventsScene({ datasourceUid: uid, filters: PAGE_FILTERS, pii: access.pii }),
      }),
    ],
  });
}

export function getEventDetailScene(uid: string, eventId: string, access: AuditAccess): SceneObject {
  return new SceneFlexLayout({
    direction: 'column',
    children: [new SceneFlexItem({ body: new EventDetailScene({ datasourceUid: uid, eventId, pii: access.pii }) })],
  });
}
