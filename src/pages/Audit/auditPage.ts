/**
 * The Audit Trail page: its two tabs (every event, security events), the event detail drilldown,
 * and each one's time range, variables and controls. The bodies are built in auditScene.ts, loaded
 * from their own chunk.
 */
import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  VariableValueSelectors,
  type SceneAppPageLike,
  type SceneObject,
  type SceneRouteMatch,
} from '@grafana/scenes';
import { APP_CONFIG_URL, ROUTES } from '../../constants';
import type { AppSettings } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import { LazyScene } from '../common/LazyScene';
import { MessageScene } from '../common/MessageScene';
import {
  AUDIT_TITLE,
  AUDIT_URL,
  EVENT_ROUTE,
  LIST_URL_KEYS,
  SECURITY_SEGMENT,
  SECURITY_URL,
  TAB_URL_KEYS,
  eventPath,
} from './auditRoutes';
import { auditVariables, type AuditTab } from './auditVariables';

export const DEFAULT_RANGE = { from: 'now-24h', to: 'now' };

type AuditSceneModule = typeof import('./auditScene');
type Access = { pii: boolean };

// webpackChunkName keeps the table, the chart and the export out of the app's first load.
const loadAuditScene = (): Promise<AuditSceneModule> => import(/* webpackChunkName: "audit" */ './auditScene');

function lazyBody(build: (m: AuditSceneModule) => SceneObject): LazyScene {
  return new LazyScene({ load: () => loadAuditScene().then(build) });
}

function notConfiguredScene(): EmbeddedScene {
  return new EmbeddedScene({
    body: new MessageScene({
      variant: 'call-to-action',
      message: 'No ledger datasource is set for the Audit Trail.',
      detail: 'Choose the ledger datasource that holds the audit log in the app settings.',
      link: { url: APP_CONFIG_URL, text: 'Open the app settings' },
      testId: testIds.audit.notConfigured,
    }),
  });
}

function tabScene(uid: string, tab: AuditTab, access: Access): EmbeddedScene {
  if (uid === '') {
    return notConfiguredScene();
  }
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(DEFAULT_RANGE),
    $variables: auditVariables(uid, tab),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ isOnCanvas: true }),
    ],
    body: lazyBody((m) => m.getAuditScene(uid, tab, access)),
  });
}

/** The event detail: no controls, since the event is fetched by id whatever the range. */
function eventScene(uid: string, eventId: string, access: Access): EmbeddedScene {
  if (uid === '') {
    return notConfiguredScene();
  }
  return new EmbeddedScene({
    // Kept so that the time range in the URL survives the visit and the way back to the list.
    $timeRange: new SceneTimeRange(DEFAULT_RANGE),
    body: lazyBody((m) => m.getEventDetailScene(uid, eventId, access)),
  });
}

export function getEventPage(
  settings: AppSettings,
  access: Access,
  match: SceneRouteMatch<{ id?: string }>,
  parent: SceneAppPageLike
): SceneAppPage {
  // The router hands the id decoded; ids are hex or UUIDs in practice, so no second decoding.
  const eventId = match.params.id ?? '';
  return new SceneAppPage({
    title: 'Audit event',
    subTitle: eventId,
    url: eventPath(eventId),
    routePath: EVENT_ROUTE,
    preserveUrlKeys: LIST_URL_KEYS,
    getParentPage: () => parent,
    getScene: () => eventScene(settings.ledgerDatasourceUid, eventId, access),
  });
}

export function getAuditPage(settings: AppSettings, access: Access): SceneAppPage {
  const uid = settings.ledgerDatasourceUid;
  return new SceneAppPage({
    title: AUDIT_TITLE,
    subTitle: 'Who did what and when: logins, members, roles, API keys and knowledge bases',
    url: AUDIT_URL,
    routePath: `${ROUTES.Audit}/*`,
    // The breadcrumb back from an event keeps the list as it was.
    preserveUrlKeys: LIST_URL_KEYS,
    tabs: [
      new SceneAppPage({
        title: 'Events',
        url: AUDIT_URL,
        routePath: '',
        preserveUrlKeys: TAB_URL_KEYS,
        getScene: () => tabScene(uid, 'events', access),
      }),
      new SceneAppPage({
        title: 'Security events',
        url: SECURITY_URL,
        routePath: `${SECURITY_SEGMENT}/*`,
        preserveUrlKeys: TAB_URL_KEYS,
        getScene: () => tabScene(uid, 'security', access),
      }),
    ],
    drilldowns: [{ routePath: EVENT_ROUTE, getPage: (match, parent) => getEventPage(settings, access, match, parent) }],
  });
}
