import {
  CustomVariable,
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneDataTransformer,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneVariableSet,
} from '@grafana/scenes';
import { ALL_VALUE } from '../../shared/queryTypes';
import { toDashboardPanel } from './dashboardPanel';
import { ledgerRunner, pick } from './ledgerData';

function pageWith(tenant: string[] | string) {
  const runner = ledgerRunner('ledger-uid', [
    { refId: 'totals', queryType: 'costTotals', tenants: ['$tenant'] },
    { refId: 'series', queryType: 'costTimeSeries', groupBy: 'model', tenants: ['$tenant'], models: ['gpt-4o'] },
    { refId: 'top', queryType: 'costBreakdown', groupBy: 'user', tenants: ['$tenant'] },
  ]);
  const panel = PanelBuilders.timeseries()
    .setTitle('Spend for $tenant')
    .setData(pick(runner, 'series', 'top'))
    .setUnit('currencyUSD')
    .build();
  new EmbeddedScene({
    $variables: new SceneVariableSet({
      variables: [
        new CustomVariable({
          name: 'tenant',
          query: `t1,t2,t3`,
          isMulti: true,
          includeAll: true,
          allValue: ALL_VALUE,
          value: tenant,
          text: tenant,
        }),
      ],
    }),
    body: new SceneFlexLayout({ $data: runner, children: [new SceneFlexItem({ body: panel })] }),
  });
  return panel;
}

describe('toDashboardPanel', () => {
  it("takes only the panel's own queries from the shared runner, with the variables' values written in", () => {
    const panel = toDashboardPanel(pageWith(['t1', 't3']));
    expect(panel.type).toBe('timeseries');
    expect(panel.title).toBe('Spend for t1 + t3');
    expect(panel.datasource).toEqual({ type: 'llmops-ledger-datasource', uid: 'ledger-uid' });
    expect(panel.targets).toEqual([
      {
        refId: 'series',
        queryType: 'costTimeSeries',
        groupBy: 'model',
        tenants: ['t1', 't3'],
        models: ['gpt-4o'],
        datasource: { type: 'llmops-ledger-datasource', uid: 'ledger-uid' },
      },
      {
        refId: 'top',
        queryType: 'costBreakdown',
        groupBy: 'user',
        tenants: ['t1', 't3'],
        datasource: { type: 'llmops-ledger-datasource', uid: 'ledger-uid' },
      },
    ]);
    expect(panel.fieldConfig?.defaults.unit).toBe('currencyUSD');
  });

  it('keeps the transformations that come after the refId filter', () => {
    const runner = ledgerRunner('ledger-uid', [{ refId: 'budget', queryType: 'budget' }]);
    const reduce = { id: 'reduce', options: { reducers: ['sum'] } };
    const panel = PanelBuilders.stat()
      .setTitle('Budget used')
      .setData(new SceneDataTransformer({ $data: pick(runner, 'budget'), transformations: [reduce] }))
      .build();
    new EmbeddedScene({ body: new SceneFlexLayout({ $data: runner, children: [new SceneFlexItem({ body: panel })] }) });
    const built = toDashboardPanel(panel);
    expect(built.targets?.map((t) => t.refId)).toEqual(['budget']);
    expect(built.transformations).toEqual([reduce]);
  });

  it("writes the variables into other datasources' expressions in their own format", () => {
    const runner = new SceneQueryRunner({
      datasource: { type: 'loki', uid: 'logs' },
      queries: [{ refId: 'logs', expr: '{service_name="x"} | json | level=~"(${level:pipe})"' }],
    });
    const panel = PanelBuilders.logs().setTitle('Logs').setData(pick(runner, 'logs')).build();
    new EmbeddedScene({
      $variables: new SceneVariableSet({
        variables: [
          new CustomVariable({ name: 'level', query: 'error,warn,info', isMulti: true, value: ['error', 'warn'] }),
        ],
      }),
      body: new SceneFlexLayout({ $data: runner, children: [new SceneFlexItem({ body: panel })] }),
    });
    expect(toDashboardPanel(panel).targets).toEqual([
      {
        refId: 'logs',
        expr: '{service_name="x"} | json | level=~"(error|warn)"',
        datasource: { type: 'loki', uid: 'logs' },
      },
    ]);
  });

  it("drops a filter whose variable is at All, so the dashboard panel is not pinned to today's tenants", () => {
    const panel = toDashboardPanel(pageWith(ALL_VALUE));
    expect(panel.targets?.map((t) => 'tenants' in t)).toEqual([false, false]);
  });
});
