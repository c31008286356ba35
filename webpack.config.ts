/*
 * Extends the scaffolded webpack config (.config/ is not edited; see
 * https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations).
 *
 * The scaffold copies only the root plugin.json's logos. A nested plugin (src/datasource/) needs
 * its own logos in dist/<folder>/ too, or Grafana shows a broken image and the plugin validator's
 * metadata path check fails. This adds a copy pattern for the logos of every nested plugin.json.
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
    plugins: [...(baseConfig.plugins ?? []), ...(patterns.length > 0 ? [new CopyWebpackPlugin({ patterns })] : [])],
  };
};

export default config;
