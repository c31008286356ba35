import React from 'react';
import {
  NewSceneObjectAddedEvent,
  SceneObjectBase,
  type SceneComponentProps,
  type SceneObject,
  type SceneObjectState,
} from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { testIds } from '../../shared/testIds';

export interface LazySceneState extends SceneObjectState {
  /** Loads the page's body, typically `() => import('./xScene').then((m) => m.getXScene(...))`. */
  load: () => Promise<SceneObject>;
  body?: SceneObject;
  error?: string;
}

/**
 * The body of a page, loaded on first activation from its own chunk: opening the app loads the
 * page definitions (titles, routes, time range, variables) but only the scenes of the page shown.
 * Variables and the time range live on the page's EmbeddedScene, outside this object, so that URL
 * sync sees them before the body has loaded.
 */
export class LazyScene extends SceneObjectBase<LazySceneState> {
  static Component = LazySceneRenderer;

  public constructor(state: LazySceneState) {
    super(state);
    this.addActivationHandler(() => {
      if (!this.state.body && !this.state.error) {
        this.state.load().then(
          (body) => {
            this.setState({ body });
            // URL sync only knows the objects that existed when the page opened: announce the body
            // so that its objects (a table's page and sort) read and write the URL too.
            this.publishEvent(new NewSceneObjectAddedEvent(body), true);
          },
          (e: unknown) => this.setState({ error: e instanceof Error ? e.message : String(e) })
        );
      }
    });
  }
}

function LazySceneRenderer({ model }: SceneComponentProps<LazyScene>) {
  const { body, error } = model.useState();
  if (error) {
    return (
      <Alert severity="error" title="This page could not be loaded" data-testid={testIds.page.loadError}>
        {error}
      </Alert>
    );
  }
  if (!body) {
    return <LoadingPlaceholder text="Loading…" data-testid={testIds.page.loading} />;
  }
  return <body.Component model={body} />;
}
