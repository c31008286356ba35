import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { PluginType, type AppPluginMeta, type AppPlugin } from '@grafana/data';
import { getBackendSrv, getDataSourceSrv, hasPermission, locationService } from '@grafana/runtime';
import type { AppJsonData } from '../../shared/appSettings';
import { testIds } from '../../shared/testIds';
import AppConfig, { type AppConfigProps } from './AppConfig';

// The real picker lists Grafana's datasources through its own services; this one shows what it was
// given and offers the two things a user does with it: choose a datasource, or clear the choice.
jest.mock('@grafana/runtime', () => {
  const mockReact = jest.requireActual('react');
  return {
    ...jest.requireActual('@grafana/runtime'),
    getBackendSrv: jest.fn(),
    getDataSourceSrv: jest.fn(),
    hasPermission: jest.fn(),
    locationService: { reload: jest.fn() },
    DataSourcePicker: (props: {
      pluginId: string;
      current: string | null;
      disabled?: boolean;
      onChange: (ds: { uid: string; type: string }) => void;
      onClear?: () => void;
    }) =>
      mockReact.createElement(
        'span',
        { 'data-plugin-id': props.pluginId, 'data-current': String(props.current) },
        mockReact.createElement(
          'button',
          {
            disabled: props.disabled,
            onClick: () => props.onChange({ uid: `picked-${props.pluginId}`, type: props.pluginId }),
          },
          'Choose'
        ),
        mockReact.createElement('button', { disabled: props.disabled, onClick: props.onClear }, 'Clear')
      ),
  };
});

const ids = testIds.appConfig;
const post = jest.fn();

/** Datasources Grafana knows in these tests, by uid. */
const KNOWN: Record<string, { uid: string; name: string; type: string }> = {
  'llmops-ledger': { uid: 'llmops-ledger', name: 'LLM Ops Ledger', type: 'llmops-ledger-datasource' },
  'llmops-prometheus': { uid: 'llmops-prometheus', name: 'Prometheus', type: 'prometheus' },
  'llmops-loki': { uid: 'llmops-loki', name: 'Loki', type: 'loki' },
  L1: { uid: 'L1', name: 'Ledger one', type: 'llmops-ledger-datasource' },
};

function renderConfig(jsonData: AppJsonData | Record<string, unknown> = {}, enabled = true) {
  const meta = {
    id: 'llmops-observability-app',
    name: 'LLM Ops Observability',
    type: PluginType.app,
    enabled,
    pinned: enabled,
    jsonData,
    info: {},
    module: '',
    baseUrl: '',
  } as unknown as AppPluginMeta<AppJsonData>;
  const props = { plugin: { meta } as AppPlugin<AppJsonData>, query: {} } as unknown as AppConfigProps;
  render(<AppConfig {...props} />);
}

const picker = (key: string) => within(screen.getByTestId(ids.datasource(key)));
const pickerProps = (key: string) => {
  const el = screen.getByTestId(ids.datasource(key)).querySelector('[data-plugin-id]')!;
  return { pluginId: el.getAttribute('data-plugin-id'), current: el.getAttribute('data-current') };
};
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

async function saved() {
  fireEvent.click(screen.getByTestId(ids.save));
  await waitFor(() => expect(locationService.reload).toHaveBeenCalledTimes(1));
  expect(post).toHaveBeenCalledTimes(1);
  expect(post.mock.calls[0][0]).toBe('/api/plugins/llmops-observability-app/settings');
  return post.mock.calls[0][1];
}

describe('app configuration page', () => {
  beforeEach(() => {
    jest.mocked(getBackendSrv).mockReturnValue({ post } as unknown as ReturnType<typeof getBackendSrv>);
    jest.mocked(getDataSourceSrv).mockReturnValue({
      getInstanceSettings: (uid: string) => KNOWN[uid],
    } as unknown as ReturnType<typeof getDataSourceSrv>);
    jest.mocked(hasPermission).mockImplementation((action) => action === 'llmops-observability-app.settings:write');
    post.mockReset();
    post.mockResolvedValue({});
    jest.mocked(locationService.reload).mockReset();
  });

  describe('status', () => {
    it('says that the app is enabled and offers to disable it', () => {
      renderConfig();
      expect(screen.getByTestId(ids.status)).toHaveTextContent('The app is enabled.');
      expect(screen.getByTestId(ids.disable)).toBeInTheDocument();
      expect(screen.queryByTestId(ids.enable)).not.toBeInTheDocument();
    });

    it('enabling saves enabled and pinned with the saved settings unchanged, then reloads', async () => {
      renderConfig({ serviceName: 'billing' }, false);
      expect(screen.getByTestId(ids.status)).toHaveTextContent('The app is disabled.');
      type(ids.serviceName, 'not saved by enabling');

      fireEvent.click(screen.getByTestId(ids.enable));

      await waitFor(() => expect(locationService.reload).toHaveBeenCalledTimes(1));
      expect(post).toHaveBeenCalledWith('/api/plugins/llmops-observability-app/settings', {
        enabled: true,
        pinned: true,
        jsonData: { serviceName: 'billing' },
      });
    });

    it('disabling unpins the app', async () => {
      renderConfig();
      fireEvent.click(screen.getByTestId(ids.disable));
      await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
      expect(post.mock.calls[0][1]).toMatchObject({ enabled: false, pinned: false });
    });

    it('shows the error and does not reload when saving fails', async () => {
      post.mockRejectedValue(new Error('403 Forbidden'));
      renderConfig({}, false);
      fireEvent.click(screen.getByTestId(ids.enable));
      expect(await screen.findByText('403 Forbidden')).toBeInTheDocument();
      expect(locationService.reload).not.toHaveBeenCalled();
      expect(screen.getByTestId(ids.enable)).toBeEnabled();
    });
  });

  describe('showing the saved settings', () => {
    const saved: AppJsonData = {
      ledgerDatasourceUid: 'L1',
      prometheusDatasourceUid: '',
      jaegerDatasourceUid: 'gone',
      serviceName: 'billing',
      budgets: [
        { tenant: 'acme', monthlyBudget: 1500 },
        { tenant: 'globex', monthlyBudget: 250.5 },
      ],
      auditEnabled: false,
    };

    it('lists each datasource choice by its plugin type', () => {
      renderConfig(saved);
      expect(
        ['ledgerDatasourceUid', 'prometheusDatasourceUid', 'lokiDatasourceUid', 'jaegerDatasourceUid'].map(
          (key) => pickerProps(key).pluginId
        )
      ).toEqual(['llmops-ledger-datasource', 'prometheus', 'loki', 'jaeger']);
    });

    it.each([
      ['a chosen datasource', 'ledgerDatasourceUid', 'L1', null],
      [
        'one not used',
        'prometheusDatasourceUid',
        'null',
        'Not used: the pages that need a Prometheus datasource say so.',
      ],
      [
        'an unset one, at the provisioned default',
        'lokiDatasourceUid',
        'llmops-loki',
        'Default: the provisioned datasource "Loki" (uid llmops-loki).',
      ],
      [
        'one that no longer exists',
        'jaegerDatasourceUid',
        'gone',
        'No datasource has the uid gone: it may have been deleted. Choose another one.',
      ],
    ])('shows %s', (_case, key, current, note) => {
      renderConfig(saved);
      expect(pickerProps(key).current).toBe(current);
      if (note === null) {
        expect(screen.queryByTestId(ids.datasourceNote(key))).not.toBeInTheDocument();
      } else {
        expect(screen.getByTestId(ids.datasourceNote(key))).toHaveTextContent(note);
      }
      // Only a set value can go back to the default.
      expect(screen.queryByTestId(ids.datasourceUseDefault(key)) !== null).toBe(key !== 'lokiDatasourceUid');
    });

    it('says when the provisioned default does not exist either', () => {
      renderConfig({});
      expect(screen.getByTestId(ids.datasourceNote('jaegerDatasourceUid'))).toHaveTextContent(
        'Default: uid llmops-jaeger, but no datasource has it. Choose one, or clear it if you do not run Jaeger.'
      );
    });

    it('shows the service name, the budgets and the page switches', () => {
      renderConfig(saved);
      expect(screen.getByTestId(ids.serviceName)).toHaveValue('billing');
      expect(screen.getByTestId(ids.budgetTenant(0))).toHaveValue('acme');
      expect(screen.getByTestId(ids.budgetMonthlyBudget(0))).toHaveValue(1500);
      expect(screen.getByTestId(ids.budgetTenant(1))).toHaveValue('globex');
      expect(screen.getByTestId(ids.budgetMonthlyBudget(1))).toHaveValue(250.5);
      expect(screen.queryByTestId(ids.budgetRow(2))).not.toBeInTheDocument();
      expect(screen.getByTestId(ids.auditEnabled)).not.toBeChecked();
      expect(screen.getByTestId(ids.serviceHealthEnabled)).toBeChecked();
    });

    it('shows the defaults when nothing is saved', () => {
      renderConfig();
      expect(screen.getByTestId(ids.serviceName)).toHaveValue('');
      expect(screen.getByTestId(ids.serviceName)).toHaveAttribute('placeholder', 'ragflow');
      expect(screen.queryByTestId(ids.budgetRow(0))).not.toBeInTheDocument();
      expect(screen.getByTestId(ids.auditEnabled)).toBeChecked();
      expect(screen.getByTestId(ids.serviceHealthEnabled)).toBeChecked();
      expect(screen.queryByTestId(ids.readOnly)).not.toBeInTheDocument();
    });
  });

  describe('saving', () => {
    it('posts the edited settings, keeping keys it does not know, then reloads', async () => {
      renderConfig({ custom: 'kept', ledgerDatasourceUid: 'L1', lokiDatasourceUid: 'old-loki', auditEnabled: false });

      fireEvent.click(picker('prometheusDatasourceUid').getByRole('button', { name: 'Choose' }));
      fireEvent.click(picker('jaegerDatasourceUid').getByRole('button', { name: 'Clear' }));
      fireEvent.click(screen.getByTestId(ids.datasourceUseDefault('lokiDatasourceUid')));
      type(ids.serviceName, '  billing ');
      fireEvent.click(screen.getByTestId(ids.addBudget));
      type(ids.budgetTenant(0), ' acme ');
      type(ids.budgetMonthlyBudget(0), '1500');
      fireEvent.click(screen.getByTestId(ids.auditEnabled));
      fireEvent.click(screen.getByTestId(ids.serviceHealthEnabled));

      expect(await saved()).toEqual({
        enabled: true,
        pinned: true,
        jsonData: {
          custom: 'kept',
          ledgerDatasourceUid: 'L1',
          prometheusDatasourceUid: 'picked-prometheus',
          jaegerDatasourceUid: '',
          serviceName: 'billing',
          budgets: [{ tenant: 'acme', monthlyBudget: 1500 }],
          auditEnabled: true,
          serviceHealthEnabled: false,
        },
      });
    });

    it('posts the saved settings as they were when nothing changed', async () => {
      const jsonData = { serviceName: 'billing', budgets: [{ tenant: 'acme', monthlyBudget: 10 }] };
      renderConfig(jsonData);
      expect((await saved()).jsonData).toEqual(jsonData);
    });

    it('removes an emptied service name and the last budget, so that their defaults apply', async () => {
      renderConfig({ serviceName: 'billing', budgets: [{ tenant: 'acme', monthlyBudget: 10 }] });
      type(ids.serviceName, ' ');
      fireEvent.click(screen.getByTestId(ids.budgetRemove(0)));
      expect((await saved()).jsonData).toEqual({});
    });

    it('removes the budget whose button is clicked, keeping the others in order', async () => {
      const budgets = [
        { tenant: 'a', monthlyBudget: 1 },
        { tenant: 'b', monthlyBudget: 2 },
        { tenant: 'c', monthlyBudget: 3 },
      ];
      renderConfig({ budgets });
      fireEvent.click(screen.getByTestId(ids.budgetRemove(1)));
      expect((await saved()).jsonData.budgets).toEqual([budgets[0], budgets[2]]);
    });

    it('shows the error and does not reload when saving fails', async () => {
      post.mockRejectedValue({ status: 500, data: { message: 'database is locked' } });
      renderConfig();
      fireEvent.click(screen.getByTestId(ids.save));
      expect(await screen.findByTestId(ids.saveError)).toHaveTextContent('database is locked');
      expect(locationService.reload).not.toHaveBeenCalled();
      expect(screen.getByTestId(ids.save)).toBeEnabled();
    });
  });

  describe('invalid budgets', () => {
    it.each<[string, Array<{ tenant?: string; monthlyBudget?: number }>, string[], string[]]>([
      ['an empty tenant', [{ tenant: ' ', monthlyBudget: 5 }], ['Budget 1: Tenant is empty.'], [ids.budgetTenant(0)]],
      [
        'a budget of 0',
        [{ tenant: 'acme', monthlyBudget: 0 }],
        ['Budget 1: Monthly budget must be more than 0; 0 is not.'],
        [ids.budgetMonthlyBudget(0)],
      ],
      [
        'a negative budget',
        [
          { tenant: 'acme', monthlyBudget: 5 },
          { tenant: 'globex', monthlyBudget: -3 },
        ],
        ['Budget 2: Monthly budget must be more than 0; -3 is not.'],
        [ids.budgetMonthlyBudget(1)],
      ],
      ['a missing budget', [{ tenant: 'acme' }], ['Budget 1: Monthly budget is empty.'], [ids.budgetMonthlyBudget(0)]],
      [
        'a tenant listed twice',
        [
          { tenant: 'acme', monthlyBudget: 5 },
          { tenant: 'acme ', monthlyBudget: 6 },
        ],
        [
          'Budget 1: Tenant "acme" has more than one budget; give each tenant one.',
          'Budget 2: Tenant "acme" has more than one budget; give each tenant one.',
        ],
        [ids.budgetTenant(0), ids.budgetTenant(1)],
      ],
    ])('%s blocks saving, naming the field', async (_case, budgets, messages, flagged) => {
      renderConfig({ budgets: budgets as AppJsonData['budgets'] });
      expect(screen.queryByTestId(ids.invalid)).not.toBeInTheDocument();

      fireEvent.click(screen.getByTestId(ids.save));

      const summary = await screen.findByTestId(ids.invalid);
      expect(
        within(summary)
          .getAllByRole('listitem')
          .map((li) => li.textContent)
      ).toEqual(messages);
      for (const testId of flagged) {
        expect(screen.getByTestId(testId)).toHaveAttribute('aria-invalid', 'true');
      }
      expect(post).not.toHaveBeenCalled();
      expect(locationService.reload).not.toHaveBeenCalled();
    });

    it('saves once the budget is fixed', async () => {
      renderConfig({ budgets: [{ tenant: 'acme', monthlyBudget: 0 }] });
      fireEvent.click(screen.getByTestId(ids.save));
      expect(await screen.findByTestId(ids.invalid)).toBeInTheDocument();

      type(ids.budgetMonthlyBudget(0), '12.5');

      expect(screen.queryByTestId(ids.invalid)).not.toBeInTheDocument();
      expect((await saved()).jsonData).toEqual({ budgets: [{ tenant: 'acme', monthlyBudget: 12.5 }] });
    });
  });

  describe('without the settings permission', () => {
    beforeEach(() => jest.mocked(hasPermission).mockReturnValue(false));

    it('shows the settings read-only, says why, and offers no save', () => {
      renderConfig({
        serviceName: 'billing',
        budgets: [{ tenant: 'acme', monthlyBudget: 10 }],
        prometheusDatasourceUid: 'x',
      });

      expect(hasPermission).toHaveBeenCalledWith('llmops-observability-app.settings:write');
      expect(screen.getByTestId(ids.readOnly)).toHaveTextContent('llmops-observability-app.settings:write');
      expect(screen.getByTestId(ids.serviceName)).toHaveValue('billing');
      for (const testId of [
        ids.serviceName,
        ids.budgetTenant(0),
        ids.budgetMonthlyBudget(0),
        ids.budgetRemove(0),
        ids.addBudget,
        ids.auditEnabled,
        ids.serviceHealthEnabled,
        ids.datasourceUseDefault('prometheusDatasourceUid'),
      ]) {
        expect(screen.getByTestId(testId)).toBeDisabled();
      }
      for (const button of picker('prometheusDatasourceUid').getAllByRole('button')) {
        expect(button).toBeDisabled();
      }
      expect(screen.queryByTestId(ids.save)).not.toBeInTheDocument();
      // Enabling and disabling the app is Grafana's own permission, checked by its API.
      expect(screen.getByTestId(ids.disable)).toBeEnabled();
    });
  });
});
