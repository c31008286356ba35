/*
 * Extends the scaffolded webpack config (.config/ is not edited; see
 * https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations).
 *
 * The scaffold copies only the root plugin.json's logos. A nested plugin (src/datasource/) needs
 * its own logos in dist/<folder>/ too, or Grafana shows a broken image and the plugin validator's
 * metadata path check fails. This adds a copy pattern for the logos of every nested plugin.json.
 *
 * @grafana/scenes imports `selectors` from @grafana/e2e-selectors for eight test ids. Grafana does not
 * share that package with plugins, so the whole of it (every Grafana selector, versioned, and semver to
 * resolve them: ~92 KiB minified) landed in the Scenes chunk of every page's first view. The build
 * resolves the package to src/shims/e2eSelectors.ts, which has those eight ids with the same values
 * (its test checks them against the real package and every selector Scenes references).
 */
import fs from 'node:fs';
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const SOURCE_DIR = path.resolve(process.cwd(), 'src');

function nestedPluginLogoPatterns() {
  const nestedPluginJsons = (fs.readdirSync(SOURCE_DIR, { recursive: true }) as string[]).filter(
    (entry) => path.basename(entry) === 'plugin.json' && path.dirname(entry) !== '.'
  );
  return nestedPluginJsons.flatMap((entry) => {
    const pluginDir = path.dirname(entry);
    const logos = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, entry), 'utf8')).info?.logos ?? {};
    const logoPaths = Array.from(new Set<string>([logos.small, logos.large].filter(Boolean)));
    // Paths are relative to the webpack context (src/) and to the output directory (dist/).
    return logoPaths.map((logo) => {
      const file = path.posix.join(pluginDir.split(path.sep).join('/'), logo);
      return { from: file, to: file };
    });
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  const patterns = nestedPluginLogoPatterns();

  return {
    ...baseConfig,
    resolve: {
      ...baseConfig.resolve,
      // `$`: the package's root only (what Scenes imports), never a subpath.
      alias: { '@grafana/e2e-selectors$': path.join(SOURCE_DIR, 'shims', 'e2eSelectors.ts') },
    },
    plugins: [...(baseConfig.plugins ?? []), ...(patterns.length > 0 ? [new CopyWebpackPlugin({ patterns })] : [])],
  };
};

export default config;
