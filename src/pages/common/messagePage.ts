import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { MessageScene, type MessageSceneState } from './MessageScene';

/**
 * A page that stands where a page the user may not see (or that is turned off) would be, so that a
 * deep link or a bookmark says why instead of showing a blank page.
 */
export function getMessagePage(page: { title: string; url: string; routePath: string }, message: MessageSceneState) {
  return new SceneAppPage({
    ...page,
    getScene: () =>
      new EmbeddedScene({
        body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: new MessageScene(message) })] }),
      }),
  });
}
