import { SceneAppPage } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { getOverviewScene } from './overviewScene';

export function getOverviewPage() {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'LLM cost, audit trail and service health for your RAG applications.',
    url: prefixRoute(ROUTES.Overview),
    routePath: ROUTES.Overview,
    getScene: getOverviewScene,
  });
}
