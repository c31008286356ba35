import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { MessageScene, type MessageSceneState } from './MessageScene';

function messageScene(message: MessageSceneState) {
  return new EmbeddedScene({
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: new MessageScene(message) })] }),
  });
}

/**
 * A page that stands where a page the user may not see (or that is turned off) would be, so that a
 * deep link or a bookmark says why instead of showing a blank page. It answers for every path below
 * its own too (a tab, an event's detail), which would otherwise fall to Scenes' "Not found".
 */
export function getMessagePage(page: { title: string; url: string; routePath: string }, message: MessageSceneState) {
  return new SceneAppPage({
    ...page,
    getScene: () => messageScene(message),
    getFallbackPage: () =>
      new SceneAppPage({ title: page.title, url: page.url, routePath: '*', getScene: () => messageScene(message) }),
  });
}
