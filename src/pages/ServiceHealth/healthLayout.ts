/** Layout helpers shared by the Service Health sections. */
import {
  SceneFlexItem,
  SceneFlexLayout,
  type SceneObject,
  type SceneQueryRunner,
  type VizPanel,
} from '@grafana/scenes';
import { AddToDashboardButton } from '../common/AddToDashboardButton';

/** Panels side by side, each as tall as `height`; on narrow screens they stack (flex default). */
export function panelRow(panels: VizPanel[], height: number): SceneFlexItem {
  return new SceneFlexItem({
    minHeight: height,
    body: new SceneFlexLayout({
      direction: 'row',
      children: panels.map((body) => new SceneFlexItem({ body, minHeight: height })),
    }),
  });
}

/**
 * One datasource's rows. Its runner sits here, once in the scene graph, where it finds the page's
 * time range and variables; the panels read it through `pick`.
 */
export function section(runner: SceneQueryRunner, rows: SceneFlexItem[]): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'column', $data: runner, children: rows });
}

/** A message (a datasource not set or not found) in the place of a section's panels. */
export function messageRow(body: SceneObject): SceneFlexItem {
  return new SceneFlexItem({ body, minHeight: 200 });
}

/** Every panel of the page carries the same header actions. */
export const headerActions = () => [new AddToDashboardButton({})];
