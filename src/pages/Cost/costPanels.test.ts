import { firstValueFrom } from 'rxjs';
import {
  FieldType,
  applyFieldOverrides,
  createTheme,
  mapInternalLinkToExplore,
  getDisplayProcessor,
  getFieldDisplayName,
  reduceField,
  toDataFrame,
  transformDataFrame,
  type DataFrame,
  type DataLink,
} from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { SceneFlexLayout, sceneGraph, type VizPanel } from '@grafana/scenes';
import { appSettingsOf } from '../../shared/appSettings';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { ledgerFrame } from '../common/testing/ledgerFrames';
import { BUDGET_THRESHOLDS, BUDGET_USED_TRANSFORMATIONS, traceLink } from './costPanels';
import { TENANT_LINK, routeParam, userLink } from './costRoutes';
import { getCostScene, getTenantScene } from './costScene';
import { registerStandardTransformers } from './testTransformers';

beforeAll(registerStandardTransformers);

/** A budget frame as the backend answers it (the result contract's fields). */
function budgetFrame(rows: Array<[string, number | null, number, number]>): DataFrame {
  const share = (v: number, limit: number | null) => (limit ? v / limit : null);
  const f = RESULT_FRAMES.budget.fields;
  return ledgerFrame('budget', RESULT_FRAMES.budget, [
    [f.tenant, rows.map((r) => r[0])],
    [f.budget, rows.map((r) => r[1])],
    [f.spent, rows.map((r) => r[2])],
    [f.used, rows.map((r) => share(r[2], r[1]))],
    [f.forecast, rows.map((r) => r[3])],
    [f.forecastUsed, rows.map((r) => share(r[3], r[1]))],
  ]);
}

async function budgetUsed(frame: DataFrame): Promise<Record<string, unknown>> {
  const [out] = await firstValueFrom(transformDataFrame(BUDGET_USED_TRANSFORMATIONS, [frame]));
  return Object.fromEntries(out.fields.map((f) => [f.name, f.values[0]]));
}

describe('budget used', () => {
  it('sums the budgeted tenants only and computes the shares from the sums', async () => {
    const frame = budgetFrame([
      ['acme', 1000, 850, 1100],
      ['globex', 500, 100, 400],
      // No budget: its spend must not count against the others' budgets.
      ['initech', null, 9999, 9999],
    ]);
    expect(await budgetUsed(frame)).toEqual({
      budget: 1500,
      spent: 950,
      forecast: 1500,
      used: 950 / 1500,
      'forecast used': 1,
    });
  });

  it('says "no budget" when no tenant has one', async () => {
    const result = await budgetUsed(budgetFrame([['initech', null, 10, 20]]));
    expect(result.used).toBeNaN();
    expect(result['forecast used']).toBeNaN();
    // What the stat panel then shows: its reducer keeps NaN, and its value mapping names it.
    const stat = panel(getCostScene(settings) as SceneFlexLayout, 'Budget used');
    const field = {
      name: 'used',
      type: FieldType.number,
      values: [NaN],
      config: { ...stat.state.fieldConfig.defaults },
    };
    const { calcs } = (stat.state.options as { reduceOptions: { calcs: string[] } }).reduceOptions;
    const value = reduceField({ field, reducers: calcs })[calcs[0]];
    expect(getDisplayProcessor({ field, theme: createTheme() })(value).text).toBe('no budget');
  });

  it('colours the shares at 80, 95 and 100 %', () => {
    expect(BUDGET_THRESHOLDS.steps.map((s) => [s.value, s.color])).toEqual([
      [-Infinity, 'green'],
      [0.8, 'yellow'],
      [0.95, 'orange'],
      [1, 'red'],
    ]);
  });
});

const settings = appSettingsOf({ ledgerDatasourceUid: 'ledger-uid' });

function panel(body: SceneFlexLayout, title: string): VizPanel {
  const found = sceneGraph.findObject(
    body,
    (o) => 'pluginId' in o.state && (o.state as { title?: string }).title === title
  );
  if (!found) {
    throw new Error(`no panel ${title}`);
  }
  return found as VizPanel;
}

/** The units and links the panel's overrides give each field name. */
function overrides(p: VizPanel): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const o of p.state.fieldConfig.overrides) {
    const name = String(o.matcher.options);
    out[name] = { ...out[name], ...Object.fromEntries(o.properties.map((prop) => [prop.id, prop.value])) };
  }
  return out;
}

/** What a data link URL becomes for the first row of `values`, with the browser at `at`. */
function followLink(p: VizPanel, url: string, field: string, value: string, at: string): string {
  locationService.push(at);
  const frame = toDataFrame({ fields: [{ name: field, type: FieldType.string, values: [value] }] });
  const dataContext = { value: { data: [frame], frame, field: frame.fields[0], rowIndex: 0 } };
  return sceneGraph.interpolate(p, url, { __dataContext: dataContext });
}

describe('links into the drilldowns', () => {
  const costBody = getCostScene(settings) as SceneFlexLayout;

  it.each(['Spend by tenant', 'Budget by tenant', 'Spend spikes'])(
    '%s: the tenant column leads to the tenant',
    (title) => {
      const links = overrides(panel(costBody, title)).tenant.links as Array<{ url: string }>;
      expect(links.map((l) => l.url)).toEqual([TENANT_LINK]);
    }
  );

  it('keeps the URL parameters and encodes the tenant so that the route gives it back unchanged', () => {
    const p = panel(costBody, 'Spend by tenant');
    const url = followLink(
      p,
      TENANT_LINK,
      'tenant',
      'acme corp/eu',
      '/a/llmops-observability-app/cost?from=now-1d&var-model=gpt-4o'
    );
    expect(url).toBe('/a/llmops-observability-app/cost/tenant/acme%20corp%2Feu?from=now-1d&var-model=gpt-4o');
    const segment = url.split('/')[5].split('?')[0];
    expect(routeParam(segment)).toBe('acme corp/eu');
  });

  it('on a tenant’s page, the user column leads to that user in that tenant', () => {
    const p = panel(getTenantScene(settings, 'acme corp/eu') as SceneFlexLayout, 'Spend by user');
    const links = overrides(p).user.links as Array<{ url: string }>;
    expect(links.map((l) => l.url)).toEqual([userLink('acme corp/eu')]);
    const url = followLink(
      p,
      links[0].url,
      'user',
      'bob@acme.test',
      '/a/llmops-observability-app/cost/tenant/x?from=now-2d'
    );
    expect(url).toBe('/a/llmops-observability-app/cost/tenant/acme%20corp%2Feu/user/bob%40acme.test?from=now-2d');
  });

  it('shows money in dollars and tokens and requests as short numbers in the breakdowns', () => {
    const o = overrides(panel(costBody, 'Spend by model'));
    for (const money of ['cost', 'estimated cost', 'cost per request']) {
      expect(o[money].unit).toBe('currencyUSD');
    }
    for (const count of ['input tokens', 'output tokens', 'requests']) {
      expect(o[count].unit).toBe('short');
    }
    // The main page's model table links nowhere: models have no drilldown.
    expect(o.model).toBeUndefined();
  });

  it('shows the budget shares as percentages with the budget thresholds', () => {
    const o = overrides(panel(costBody, 'Budget by tenant'));
    for (const share of ['used', 'forecast used']) {
      expect(o[share]).toMatchObject({ unit: 'percentunit', thresholds: BUDGET_THRESHOLDS });
    }
  });
});

describe('the stat panels', () => {
  const costBody = getCostScene(settings) as SceneFlexLayout;

  it.each([
    ['Spend', '/^cost$/', 'currencyUSD'],
    ['Input tokens', '/^input tokens$/', 'short'],
    ['Output tokens', '/^output tokens$/', 'short'],
    ['Requests', '/^requests$/', 'short'],
    ['Cost per request', '/^cost per request$/', 'currencyUSD'],
  ])('%s shows the field %s in %s', (title, fields, unit) => {
    const p = panel(costBody, title);
    expect((p.state.options as { reduceOptions: { fields: string } }).reduceOptions.fields).toBe(fields);
    expect(p.state.fieldConfig.defaults.unit).toBe(unit);
  });

  it('month to date sums spend and forecast over the tenants, by the names the backend displays', () => {
    const p = panel(costBody, 'Month to date');
    const { reduceOptions } = p.state.options as { reduceOptions: { fields: string; calcs: string[] } };
    expect(reduceOptions.calcs).toEqual(['sum']);
    const frame = budgetFrame([['acme', 1, 2, 3]]);
    const regex = new RegExp(reduceOptions.fields.slice(1, -1));
    expect(frame.fields.map((f) => getFieldDisplayName(f, frame)).filter((n) => regex.test(n))).toEqual([
      'month to date',
      'month-end forecast',
    ]);
  });
});

describe('the most expensive calls', () => {
  const withJaeger = appSettingsOf({ ledgerDatasourceUid: 'ledger-uid', jaegerDatasourceUid: 'jaeger-uid' });
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

  /** The table's frame after Grafana's field logic (overrides, links), as the table renders it. */
  function rendered(p: VizPanel, traces: Array<string | null>): DataFrame {
    const f = RESULT_FRAMES.costTopCalls.fields;
    const frame = ledgerFrame('topCalls', RESULT_FRAMES.costTopCalls, [
      [f.time, traces.map(() => 1_790_000_000_000)],
      [f.tenant, traces.map(() => 't1')],
      [f.user, traces.map(() => 'ana')],
      [f.model, traces.map(() => 'gpt-4o')],
      [f.inputTokens, traces.map(() => 1000)],
      [f.outputTokens, traces.map(() => 200)],
      [f.cost, traces.map(() => 0.0045)],
      [f.traceId, traces],
      [f.spanId, traces.map((t) => (t ? '00f067aa0ba902b7' : null))],
    ]);
    return applyFieldOverrides({
      data: [frame],
      fieldConfig: p.state.fieldConfig,
      replaceVariables: (value, scopedVars) => sceneGraph.interpolate(p, value, scopedVars),
      theme: createTheme(),
    })[0];
  }

  it('lists the calls with money in dollars and tokens as short numbers, and hides the span id', () => {
    const o = overrides(panel(getCostScene(withJaeger) as SceneFlexLayout, 'Most expensive calls'));
    expect(o.cost.unit).toBe('currencyUSD');
    expect([o['input tokens'].unit, o['output tokens'].unit]).toEqual(['short', 'short']);
    expect(o['span id']['custom.hideFrom']).toEqual({ viz: true, legend: false, tooltip: false });
  });

  it('links a trace id to Explore with the app’s Jaeger datasource and that trace as the query', () => {
    const p = panel(getCostScene(withJaeger) as SceneFlexLayout, 'Most expensive calls');
    const links = overrides(p)['trace id'].links as DataLink[];
    expect(links).toEqual([traceLink('jaeger-uid')]);
    // What Grafana makes of it for a cell: its own internal-link mapping, with the panel's interpolation.
    const traceId = rendered(p, [TRACE]).fields.find((f) => f.name === 'trace id')!;
    const dataContext = { value: { data: [], frame: undefined, field: traceId, rowIndex: 0 } };
    const link = mapInternalLinkToExplore({
      link: links[0],
      internalLink: links[0].internal!,
      scopedVars: { __dataContext: dataContext } as never,
      field: traceId,
      replaceVariables: (value, scopedVars) => sceneGraph.interpolate(p, value, scopedVars),
    });
    expect(link.title).toBe('Open the trace');
    const url = new URL(link.href, 'http://grafana.test');
    expect(url.pathname).toBe('/explore');
    expect(JSON.parse(url.searchParams.get('left')!)).toMatchObject({
      datasource: 'jaeger-uid',
      queries: [{ query: TRACE, datasource: { uid: 'jaeger-uid' } }],
    });
  });

  it('shows a call without a trace id as an empty cell, with nothing to follow', () => {
    const p = panel(getCostScene(withJaeger) as SceneFlexLayout, 'Most expensive calls');
    const traceId = rendered(p, [null]).fields.find((f) => f.name === 'trace id')!;
    expect(traceId.display!(traceId.values[0]).text).toBe('');
  });

  it('shows trace ids without a link when the app has no Jaeger datasource', () => {
    const noJaeger = appSettingsOf({ ledgerDatasourceUid: 'ledger-uid', jaegerDatasourceUid: '' });
    const o = overrides(panel(getCostScene(noJaeger) as SceneFlexLayout, 'Most expensive calls'));
    expect(o['trace id']).toBeUndefined();
  });
});
