import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneReactObject } from '@grafana/scenes';
import { InstalledNotice } from './InstalledNotice';

/** The pages that later versions add; the overview names them so users know what is coming. */
export const UPCOMING_PAGES = ['LLM Cost', 'Audit Trail', 'Service Health'] as const;

export function getOverviewScene() {
  return new EmbeddedScene({
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          body: new SceneReactObject({
            component: InstalledNotice,
            props: { upcomingPages: UPCOMING_PAGES },
          }),
        }),
      ],
    }),
  });
}
