/**
 * Registries Grafana fills at boot (public/app/app.ts) and that panels and transformations read:
 *
 * - transformations (`standardTransformersRegistry`): the plugin's SceneDataTransformers
 *   (filterByRefId, reduce, calculateField, …) find nothing without it;
 * - the standard field options (`standardFieldConfigEditorRegistry`): field config and overrides
 *   set only the properties registered here (unit, decimals, displayName, links, …), so without it
 *   a panel's overrides would be dropped before the stand-in panel sees the frames.
 *
 * Grafana's lists live in core (OptionsUI/registry.tsx, features/transformers); these are the same
 * ids, paths and processors from @grafana/data, without the editors no page of the shell shows.
 */
import {
  FieldColorModeId,
  ThresholdsMode,
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
  type TransformerRegistryItem,
} from '@grafana/data';

const noEditor = () => null;

function standardOption(
  id: string,
  process: FieldConfigPropertyItem['process'],
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    process,
    defaultValue,
    shouldApply: () => true,
    category: ['Standard options'],
    editor: noEditor,
    override: noEditor,
  };
}

export function initRegistries(): void {
  // The public list names some transformations twice; the registry takes each id once.
  const transformers = new Map(Object.values(standardTransformers).map((t) => [t.id, t]));
  standardTransformersRegistry.setInit(() =>
    [...transformers.values()].map((t): TransformerRegistryItem => ({
      id: t.id,
      name: t.name,
      description: t.description,
      transformation: () => Promise.resolve(t),
      editor: noEditor,
      imageDark: '',
      imageLight: '',
    }))
  );

  standardFieldConfigEditorRegistry.setInit(() => [
    standardOption('unit', stringOverrideProcessor),
    standardOption('min', numberOverrideProcessor),
    standardOption('max', numberOverrideProcessor),
    standardOption('fieldMinMax', booleanOverrideProcessor),
    standardOption('decimals', numberOverrideProcessor),
    standardOption('displayName', displayNameOverrideProcessor),
    standardOption('noValue', stringOverrideProcessor),
    standardOption('color', identityOverrideProcessor, { mode: FieldColorModeId.PaletteClassic }),
    standardOption('thresholds', thresholdsOverrideProcessor, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    standardOption('mappings', valueMappingsOverrideProcessor, []),
    standardOption('links', dataLinksOverrideProcessor),
    // Not exported by @grafana/data: actions are arrays like links.
    standardOption('actions', dataLinksOverrideProcessor),
    standardOption('filterable', booleanOverrideProcessor),
  ]);
}
