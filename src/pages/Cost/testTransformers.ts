/**
 * For tests only: Grafana registers its transformations when it starts; tests that run a
 * SceneDataTransformer (or transformDataFrame) register the same ones with this.
 */
import { standardTransformers, standardTransformersRegistry, type TransformerRegistryItem } from '@grafana/data';

export function registerStandardTransformers(): void {
  // The only public list of Grafana's own transformations; it names some twice, the registry takes each once.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const unique = new Map(Object.values(standardTransformers).map((t) => [t.id, t]));
  standardTransformersRegistry.setInit(() =>
    [...unique.values()].map((t): TransformerRegistryItem => ({
      id: t.id,
      name: t.name,
      transformation: () => Promise.resolve(t),
      // Editors and pictures are for the transformation picker, which tests do not show.
      editor: () => null,
      imageDark: '',
      imageLight: '',
    }))
  );
}
