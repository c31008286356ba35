import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { setPluginComponentHook } from '@grafana/runtime';
import type { Panel } from '@grafana/schema';
import { EmbeddedScene, PanelBuilders, SceneFlexItem, SceneFlexLayout, type VizPanel } from '@grafana/scenes';
import { testIds } from '../../shared/testIds';
import { ADD_TO_DASHBOARD_FORM, AddToDashboardButton } from './AddToDashboardButton';
import { ledgerRunner, pick } from './ledgerData';

function panelWithButton(): { panel: VizPanel; button: AddToDashboardButton } {
  const runner = ledgerRunner('ledger-uid', [{ refId: 'totals', queryType: 'costTotals' }]);
  const button = new AddToDashboardButton({});
  const panel = PanelBuilders.stat()
    .setTitle('Spend')
    .setData(pick(runner, 'totals'))
    .setHeaderActions([button])
    .build();
  new EmbeddedScene({ body: new SceneFlexLayout({ $data: runner, children: [new SceneFlexItem({ body: panel })] }) });
  return { panel, button };
}

describe('AddToDashboardButton', () => {
  it('renders nothing where Grafana does not provide the add-to-dashboard form', () => {
    setPluginComponentHook(() => ({ component: null, isLoading: false }));
    const { button } = panelWithButton();
    render(<button.Component model={button} />);
    expect(screen.queryByTestId(testIds.page.addToDashboard)).not.toBeInTheDocument();
  });

  it("opens Grafana's form with a panel that carries its own query", () => {
    let built: Panel | undefined;
    const requested: string[] = [];
    const Form = ({ buildPanel }: { buildPanel: () => Panel }) => {
      built = buildPanel();
      return <div data-testid="form">form</div>;
    };
    setPluginComponentHook(((id: string) => {
      requested.push(id);
      return { component: Form, isLoading: false };
    }) as Parameters<typeof setPluginComponentHook>[0]);
    const { button } = panelWithButton();
    render(<button.Component model={button} />);
    fireEvent.click(screen.getByTestId(testIds.page.addToDashboard));
    expect(screen.getByTestId('form')).toBeInTheDocument();
    expect(requested[0]).toBe(ADD_TO_DASHBOARD_FORM);
    expect(built).toMatchObject({
      type: 'stat',
      title: 'Spend',
      targets: [{ refId: 'totals', queryType: 'costTotals', datasource: { uid: 'ledger-uid' } }],
    });
  });
});
