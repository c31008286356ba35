/**
 * A value as Grafana's display processor writes it for a unit (@grafana/data's getDisplayProcessor:
 * unit, automatic decimals, scaling), for checks on what a person reads on a panel. @grafana/data
 * reads `navigator` for the locale; Node 20 has none, so it gets en-US, as the browser's.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function formatLikeGrafana(value: number, unit: string): Promise<string> {
  const g = globalThis as { navigator?: unknown };
  g.navigator ??= { language: 'en-US', languages: ['en-US'] };
  // Its CommonJS build: the ES one imports moment-timezone's named exports, which Node refuses.
  const data = createRequire(join(process.cwd(), 'package.json'))('@grafana/data') as typeof import('@grafana/data');
  const display = data.getDisplayProcessor({
    field: { type: data.FieldType.number, config: { unit } },
    theme: data.createTheme(),
  });
  return data.formattedValueToString(display(value));
}
