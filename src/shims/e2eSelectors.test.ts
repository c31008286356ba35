import fs from 'node:fs';
import path from 'node:path';
import { selectors as grafanaSelectors } from '@grafana/e2e-selectors';
import * as shim from './e2eSelectors';

// The production build resolves @grafana/e2e-selectors to ./e2eSelectors (webpack.config.ts) for the
// only importer in the bundle, @grafana/scenes. Here (Jest) the import above is the real package.
const SCENES_ESM = path.join(path.dirname(require.resolve('@grafana/scenes/package.json')), 'dist', 'esm');
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]@grafana\/e2e-selectors['"]/g;

function scenesSources(): Array<{ file: string; code: string }> {
  return (fs.readdirSync(SCENES_ESM, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, code: fs.readFileSync(path.join(SCENES_ESM, file), 'utf8') }))
    .filter(({ code }) => code.includes('@grafana/e2e-selectors'));
}

/** Every `<local>.a.b.c` a Scenes module reads from what it imports of @grafana/e2e-selectors. */
function referencedPaths() {
  const names = new Set<string>();
  const paths = new Set<string>();
  for (const { file, code } of scenesSources()) {
    const imports = [...code.matchAll(IMPORT)];
    // A side-effect or namespace import, a re-export or require() would escape the checks below.
    expect({ file, imports: imports.length }).toEqual({
      file,
      imports: code.split('@grafana/e2e-selectors').length - 1,
    });
    let rest = code;
    for (const [statement, specifiers] of imports) {
      rest = rest.replace(statement, '');
      const specifierList = specifiers
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const specifier of specifierList) {
        const [imported, local = imported] = specifier.split(/\s+as\s+/);
        names.add(imported);
        // `local` and the property chain after it, not a property or a longer name that contains it.
        const uses = new RegExp(`(?<![\\w$.])${local}(?![\\w$])((?:\\.[A-Za-z_$][\\w$]*)*)`, 'g');
        for (const match of rest.matchAll(uses)) {
          paths.add(`${imported}${match[1]}`);
        }
      }
    }
  }
  return { names: [...names], paths: [...paths] };
}

function at(root: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], root);
}

describe('the @grafana/e2e-selectors shim', () => {
  const { names, paths } = referencedPaths();

  it('finds what Scenes imports (the scan works)', () => {
    expect(names).toEqual(['selectors']);
    expect(paths.length).toBeGreaterThanOrEqual(8);
  });

  it('exports every name Scenes imports', () => {
    for (const name of names) {
      expect({ name, exported: name in shim }).toEqual({ name, exported: true });
    }
  });

  it('gives every selector Scenes reads the value the real package gives', () => {
    const real = { selectors: grafanaSelectors };
    for (const dotted of paths) {
      // A bare `selectors` (passed on whole) could read anything: the shim would not do.
      expect(dotted.split('.').length).toBeGreaterThan(3);
      const ours = at(shim, dotted);
      const theirs = at(real, dotted);
      expect({ dotted, type: typeof ours }).toEqual({ dotted, type: typeof theirs });
      if (typeof theirs === 'function') {
        const f = ours as (...args: unknown[]) => unknown;
        const g = theirs as (...args: unknown[]) => unknown;
        expect({ dotted, length: f.length }).toEqual({ dotted, length: g.length });
        expect({ dotted, value: f('Some value 1') }).toEqual({ dotted, value: g('Some value 1') });
      } else {
        expect({ dotted, value: ours }).toEqual({ dotted, value: theirs });
      }
    }
  });

  it('has nothing Scenes does not read (each entry is checked above)', () => {
    const leaves = (value: unknown, prefix: string): string[] =>
      value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([key, v]) => leaves(v, `${prefix}.${key}`))
        : [prefix];
    expect(leaves(shim.selectors, 'selectors').sort()).toEqual(
      paths.filter((p) => typeof at(shim, p) !== 'object').sort()
    );
  });
});
