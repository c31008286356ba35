/**
 * The Service Health page: route, title, time range, the log level variable and the controls. The
 * panels are built in serviceHealthScene.ts, loaded from their own chunk.
 */
import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { PRESERVED_URL_KEYS, ROUTES } from '../../constants';
import type { AppSettings } from '../../shared/appSettings';
import { prefixRoute } from '../../utils/utils.routing';
import { LazyScene } from '../common/LazyScene';
import { resolveHealthSource } from './healthDatasources';
import { levelVariable } from './levelVariable';

export const SERVICE_HEALTH_TITLE = 'Service Health';
const DEFAULT_RANGE = { from: 'now-1h', to: 'now' };

// webpackChunkName keeps the panels and their dependencies out of the app's first load.
const loadScene = () => import(/* webpackChunkName: "service-health" */ './serviceHealthScene');

function getScene(settings: AppSettings): EmbeddedScene {
  // The level filter only means something when there are logs to filter.
  const hasLogs = resolveHealthSource('loki', settings).ok;
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(DEFAULT_RANGE),
    $variables: new SceneVariableSet({ variables: hasLogs ? [levelVariable()] : [] }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ isOnCanvas: true }),
    ],
    body: new LazyScene({ load: () => loadScene().then((m) => m.getServiceHealthScene(settings)) }),
  });
}

export function getServiceHealthPage(settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: SERVICE_HEALTH_TITLE,
    subTitle: `Requests, errors, latency, resources, logs and traces of ${settings.serviceName}`,
    url: prefixRoute(ROUTES.ServiceHealth),
    routePath: `${ROUTES.ServiceHealth}/*`,
    preserveUrlKeys: PRESERVED_URL_KEYS,
    getScene: () => getScene(settings),
  });
}
