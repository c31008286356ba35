/**
 * getTemplateSrv(): interpolation the way Grafana's TemplateSrv does it for Scenes
 * (public/app/features/templating/template_srv.ts):
 *
 * 1. `scopedVars.__sceneObject` (set by SceneQueryRunner and the variables on every query) holds
 *    the scene object that runs the query; `.value.valueOf()` unwraps scenes' serialisable wrapper.
 *    Its variables, time range and macros are read through `sceneGraph.interpolate`.
 * 2. Else the active scene (`window.__grafanaSceneContext`, set by the plugin's EmbeddedScene).
 * 3. Else only the scoped variables (and macros), through an empty scene.
 *
 * `sceneGraph` here is the shell's own copy of @grafana/scenes, while the scene objects come from
 * the copy bundled in the plugin. That works because scenes' interpolation only reads them through
 * their public shape: `state.$variables`, `parent`, `getByName()`, `getValue()`, and a custom All
 * value recognised by its `formatter` method.
 */
import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv, VariableInterpolation } from '@grafana/runtime';
import { SceneVariableSet, sceneGraph, type SceneObject, type VariableCustomFormatterFn } from '@grafana/scenes';

declare global {
  interface Window {
    __grafanaSceneContext?: SceneObject;
  }
}

type Format = string | VariableCustomFormatterFn | undefined;

/** Scope for interpolation outside any scene: no variables, only scoped ones and macros. */
const noScene = new SceneVariableSet({ variables: [] });

const isSceneObject = (value: unknown): value is SceneObject =>
  typeof value === 'object' && value !== null && 'state' in value && 'useState' in value;

/** The scene that gives the variables: the querying object, else the active scene. */
function sceneOf(scopedVars?: ScopedVars): SceneObject | undefined {
  const scoped: unknown = scopedVars?.__sceneObject?.value?.valueOf();
  if (isSceneObject(scoped)) {
    return scoped;
  }
  const active = window.__grafanaSceneContext;
  return active?.isActive ? active : undefined;
}

/** `$name`, `${name}`, `${name:fmt}`, `[[name]]`: the variable name of the first expression. */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/;

class ShellTemplateSrv implements TemplateSrv {
  replace(
    target?: string,
    scopedVars?: ScopedVars,
    format?: string | Function,
    interpolations?: VariableInterpolation[]
  ): string {
    const scene = sceneOf(scopedVars) ?? noScene;
    return sceneGraph.interpolate(scene, target, scopedVars, format as Format, interpolations);
  }

  containsTemplate(target?: string): boolean {
    const match = target ? VARIABLE.exec(target) : null;
    const name = match?.slice(1).find((group) => group !== undefined);
    const scene = sceneOf();
    return Boolean(name && scene && sceneGraph.lookupVariable(name, scene));
  }

  /** Grafana's getVariablesCompatibility: the active scene's variables as legacy models. */
  getVariables(): TypedVariableModel[] {
    const scene = sceneOf();
    if (!scene) {
      return [];
    }
    return sceneGraph.getVariables(scene).state.variables.map(
      (variable) =>
        ({
          id: variable.state.name,
          name: variable.state.name,
          label: variable.state.label,
          type: variable.state.type,
          current: { value: variable.getValue(), text: variable.getValueText?.() ?? '' },
        }) as unknown as TypedVariableModel
    );
  }

  updateTimeRange(): void {
    // Scenes own the time range.
  }
}

export const templateSrv = new ShellTemplateSrv();
