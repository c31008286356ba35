import {
  CustomVariable,
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
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

  it("drops a filter whose variable is at All, so the dashboard panel is not pinned to today's tenants", () => {
    const panel = toDashboardPanel(pageWith(ALL_VALUE));
    expect(panel.targets?.map((t) => 'tenants' in t)).toEqual([false, false]);
  });
});
