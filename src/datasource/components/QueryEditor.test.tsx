import React from 'react';
import { CoreApp, dateTime, type TimeRange } from '@grafana/data';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { QueryType } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import { TEXT_MAX_LENGTH } from '../queryOptions';
import type { LedgerDataQuery } from '../types';
import { QueryEditor } from './QueryEditor';
import { asDatasource, changes, fakeDatasource, giveElementsASize, lastQuery, openMenu } from './query/testing';

giveElementsASize();

const RANGE: TimeRange = (() => {
  const from = dateTime(Date.UTC(2026, 10, 1));
  const to = dateTime(Date.UTC(2026, 10, 8));
  return { from, to, raw: { from, to } };
})();

function renderEditor(query: Partial<LedgerDataQuery>, app?: CoreApp) {
  const { onChange, onRunQuery } = changes();
  const datasource = fakeDatasource();
  render(
    <QueryEditor
      query={{ refId: 'A', ...query }}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={asDatasource(datasource)}
      range={RANGE}
      app={app}
    />
  );
  return { onChange, onRunQuery, datasource };
}

const option = (field: string) => screen.getByTestId(testIds.queryEditor.option(field));
const filter = (list: string) => screen.getByTestId(testIds.queryEditor.filter(list));

const ALL_OPTIONS = [
  'metric',
  'groupBy',
  'sort',
  'limit',
  'monthlyBudget',
  'lookbackWeeks',
  'forAlerting',
  'by',
  'granularity',
  'baselineDays',
  'threshold',
  'minSpend',
  'direction',
  'page',
  'pageSize',
  'asAnnotations',
  'eventId',
  'text',
  'variable',
  'search',
  'rows',
  'message',
];
const ALL_FILTERS = ['tenants', 'users', 'models', 'actions'];

describe('ledger QueryEditor', () => {
  it('shows the saved query type; a query without one is a cost time series', () => {
    renderEditor({ queryType: 'budget' });
    expect(screen.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Budget');
  });

  it('shows a query without a type as a cost time series, and stores that type so the backend can run it', () => {
    const { onChange, onRunQuery } = renderEditor({ tenants: ['acme'] });
    expect(screen.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Cost over time');
    expect(lastQuery(onChange)).toEqual({
      refId: 'A',
      queryType: 'costTimeSeries',
      tenants: ['acme'],
      groupBy: 'model',
      metric: 'cost',
    });
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('replaces a query type the backend does not know', () => {
    const { onChange } = renderEditor({ queryType: 'gone' as QueryType, rows: 3 });
    expect(lastQuery(onChange)).toMatchObject({ queryType: 'costTimeSeries' });
    expect(lastQuery(onChange)).not.toHaveProperty('rows');
  });

  it('leaves a query with a known type as it is when it opens', () => {
    const { onChange } = renderEditor({ queryType: 'costTotals' });
    expect(onChange).not.toHaveBeenCalled();
  });

  describe('each query type shows its own filters and options, and no others', () => {
    it.each<[QueryType, string[], string[]]>([
      ['costTimeSeries', ['tenants', 'users', 'models'], ['metric', 'groupBy']],
      ['costBreakdown', ['tenants', 'users', 'models'], ['groupBy', 'sort', 'limit']],
      ['costTotals', ['tenants', 'users', 'models'], []],
      ['budget', ['tenants'], ['monthlyBudget', 'lookbackWeeks', 'forAlerting']],
      [
        'spendSpikes',
        ['tenants', 'users', 'models'],
        ['by', 'granularity', 'forAlerting', 'baselineDays', 'threshold', 'minSpend'],
      ],
      ['unpricedModels', ['tenants', 'users', 'models'], []],
      ['costTopCalls', ['tenants', 'users', 'models'], ['limit']],
      [
        'auditEvents',
        ['tenants', 'users', 'actions'],
        ['text', 'sort', 'direction', 'page', 'pageSize', 'asAnnotations', 'eventId'],
      ],
      ['auditCounts', ['tenants', 'users', 'actions'], ['text']],
      ['variableValues', [], ['variable', 'limit', 'search']],
      ['ping', [], ['rows', 'message']],
    ])('%s', (queryType, filters, options) => {
      renderEditor({ queryType });
      for (const list of ALL_FILTERS) {
        expect([list, screen.queryByTestId(testIds.queryEditor.filter(list)) !== null]).toEqual([
          list,
          filters.includes(list),
        ]);
      }
      for (const field of ALL_OPTIONS) {
        expect([field, screen.queryByTestId(testIds.queryEditor.option(field)) !== null]).toEqual([
          field,
          options.includes(field),
        ]);
      }
    });
  });

  it("switching the type keeps Grafana's fields and the filters, drops the other type's options and runs the query", async () => {
    const { onChange, onRunQuery } = renderEditor({
      queryType: 'costBreakdown',
      hide: false,
      tenants: ['acme'],
      groupBy: 'tenant',
      sort: 'costPerRequest',
      limit: 5,
    });

    await openMenu(screen.getByTestId(testIds.queryEditor.queryType));
    fireEvent.click(screen.getByRole('option', { name: /^Audit events/ }));

    expect(lastQuery(onChange)).toEqual({
      refId: 'A',
      hide: false,
      queryType: 'auditEvents',
      tenants: ['acme'],
      sort: 'time',
      direction: 'desc',
    });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  describe('choices and switches', () => {
    it('a choice sets its option and runs the query', () => {
      const { onChange, onRunQuery } = renderEditor({ queryType: 'costTimeSeries', groupBy: 'model', metric: 'cost' });

      expect(within(option('groupBy')).getByRole('radio', { name: 'Model' })).toBeChecked();
      fireEvent.click(within(option('groupBy')).getByRole('radio', { name: 'Tenant' }));

      expect(lastQuery(onChange)).toEqual({
        refId: 'A',
        queryType: 'costTimeSeries',
        groupBy: 'tenant',
        metric: 'cost',
      });
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it("an absent option shows the backend's default", () => {
      renderEditor({ queryType: 'spendSpikes' });
      expect(within(option('by')).getByRole('radio', { name: 'Tenant' })).toBeChecked();
      expect(within(option('granularity')).getByRole('radio', { name: 'Day' })).toBeChecked();
    });

    it('a switch turned on sets its option and runs the query; turned off, it leaves the query', () => {
      const first = renderEditor({ queryType: 'budget' });
      fireEvent.click(option('forAlerting'));
      expect(lastQuery(first.onChange)).toEqual({ refId: 'A', queryType: 'budget', forAlerting: true });
      expect(first.onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('a switch turned off removes its option', () => {
      const { onChange } = renderEditor({ queryType: 'auditEvents', asAnnotations: true });
      expect(option('asAnnotations')).toBeChecked();
      fireEvent.click(option('asAnnotations'));
      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'auditEvents' });
    });
  });

  describe('budget', () => {
    it("keeps the app's per-tenant budgets, which it has no field for, and says they apply", () => {
      const budgets = [
        { tenant: 'acme', monthlyBudget: 500 },
        { tenant: 'globex', monthlyBudget: 80 },
      ];
      const { onChange } = renderEditor({ queryType: 'budget', budgets });
      expect(option('budgets')).toHaveTextContent('2 tenant budgets from the LLM Ops app');

      fireEvent.change(option('lookbackWeeks'), { target: { value: '6' } });

      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'budget', budgets, lookbackWeeks: 6 });
    });

    it('without budgets from the app, says nothing of them', () => {
      renderEditor({ queryType: 'budget' });
      expect(screen.queryByTestId(testIds.queryEditor.option('budgets'))).toBeNull();
    });
  });

  describe('numbers', () => {
    it('sends a valid number as a number, keeps the rest of the query, and runs it when the field loses focus', () => {
      const { onChange, onRunQuery } = renderEditor({ queryType: 'spendSpikes', by: 'model' });

      fireEvent.change(option('threshold'), { target: { value: '2.5' } });
      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'spendSpikes', by: 'model', threshold: 2.5 });
      expect(onRunQuery).not.toHaveBeenCalled();

      fireEvent.blur(option('threshold'));
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it("an emptied field removes the option, so the backend's default applies", () => {
      const { onChange } = renderEditor({ queryType: 'ping', rows: 9 });
      expect(option('rows')).toHaveValue(9);

      fireEvent.change(option('rows'), { target: { value: '' } });

      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'ping' });
    });

    it.each<[QueryType, string, string, string]>([
      ['ping', 'rows', '1001', 'A whole number from 1 to 1000'],
      ['ping', 'rows', '2.5', 'A whole number from 1 to 1000'],
      ['costBreakdown', 'limit', '0', 'A whole number from 1 to 10000'],
      ['variableValues', 'limit', '1001', 'A whole number from 1 to 1000'],
      ['costTopCalls', 'limit', '101', 'A whole number from 1 to 100'],
      ['budget', 'monthlyBudget', '0', 'A number above 0'],
      ['budget', 'lookbackWeeks', '13', 'A whole number from 1 to 12'],
      ['spendSpikes', 'baselineDays', '1', 'A whole number from 2 to 90'],
      ['spendSpikes', 'threshold', '0', 'A number above 0, at most 100'],
      ['spendSpikes', 'minSpend', '-1', 'A number from 0'],
      ['auditEvents', 'pageSize', '1001', 'A whole number from 1 to 1000'],
    ])('%s %s rejects %s: flags the field, keeps the query and does not run it', (queryType, field, text, message) => {
      const { onChange, onRunQuery } = renderEditor({ queryType });

      fireEvent.change(option(field), { target: { value: text } });
      fireEvent.blur(option(field));

      expect(onChange).not.toHaveBeenCalled();
      expect(onRunQuery).not.toHaveBeenCalled();
      expect(screen.getByText(message)).toBeInTheDocument();
    });
  });

  describe('text', () => {
    it('sends the typed text and runs the query on blur', () => {
      const { onChange, onRunQuery } = renderEditor({ queryType: 'ping', rows: 5 });

      fireEvent.change(option('message'), { target: { value: 'tenant $tenant' } });
      fireEvent.blur(option('message'));

      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'ping', rows: 5, message: 'tenant $tenant' });
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('an emptied field removes the option', () => {
      const { onChange } = renderEditor({ queryType: 'auditCounts', text: 'old' });
      fireEvent.change(option('text'), { target: { value: '' } });
      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'auditCounts' });
    });

    it.each<[QueryType, keyof typeof TEXT_MAX_LENGTH]>([
      ['ping', 'message'],
      ['variableValues', 'search'],
      ['auditEvents', 'text'],
      ['auditEvents', 'eventId'],
    ])('%s %s is as long as the backend takes', (queryType, field) => {
      renderEditor({ queryType });
      expect(option(field)).toHaveAttribute('maxLength', String(TEXT_MAX_LENGTH[field]));
    });
  });

  describe('filters', () => {
    it('show the saved values', () => {
      renderEditor({ queryType: 'costTotals', tenants: ['$tenant'], models: ['gpt-4o'] });
      expect(filter('tenants')).toHaveTextContent('$tenant');
      expect(filter('models')).toHaveTextContent('gpt-4o');
      expect(filter('users')).not.toHaveTextContent(/\$tenant|gpt-4o/);
    });

    it("list the ledger's values for the typed text in the editor's range, then the dashboard's variables", async () => {
      const { datasource } = renderEditor({ queryType: 'costTotals' });

      const options = await openMenu(filter('models'), 'm', 'globex');

      expect(datasource.listValues).toHaveBeenLastCalledWith('models', 'm', RANGE);
      expect(options.map((o) => o.textContent)).toEqual(
        expect.arrayContaining([expect.stringContaining('$model'), 'acme', 'globex'])
      );
      expect(options.map((o) => o.textContent)).not.toContainEqual(expect.stringContaining('$tenant'));
    });

    it('adding a value keeps the others and runs the query', async () => {
      const { onChange, onRunQuery } = renderEditor({ queryType: 'costTotals', tenants: ['initech'] });

      await openMenu(filter('tenants'), 'a', 'acme');
      fireEvent.click(screen.getByRole('option', { name: 'acme' }));

      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'costTotals', tenants: ['initech', 'acme'] });
      expect(onRunQuery).toHaveBeenCalled();
    });

    it('take a value the ledger does not list', async () => {
      const { onChange } = renderEditor({ queryType: 'auditEvents' });

      await openMenu(filter('actions'), 'KB_EXPORT');
      fireEvent.click(screen.getByRole('option', { name: /KB_EXPORT/ }));

      expect(lastQuery(onChange)).toMatchObject({ actions: ['KB_EXPORT'] });
    });

    it('say why the values could not be listed and still offer the variables', async () => {
      const { datasource } = renderEditor({ queryType: 'auditEvents' });
      datasource.listValues.mockRejectedValue({ data: { message: 'the audit trail needs the Admin role' } });

      const options = await openMenu(filter('actions'), '$', /\$model/);

      expect(options.map((o) => o.textContent)).toEqual(
        expect.arrayContaining([expect.stringContaining('$tenant'), expect.stringContaining('$model')])
      );
      expect(options[0]).toHaveTextContent('Could not list actions (the audit trail needs the Admin role)');
    });

    it('an emptied filter leaves the query: it filters nothing', async () => {
      const { onChange } = renderEditor({ queryType: 'costTotals', users: ['ana'] });

      fireEvent.click(within(filter('users')).getByRole('button', { name: 'Remove ana' }));

      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'costTotals' });
    });
  });

  describe('in an alert rule', () => {
    it.each<[string, Partial<LedgerDataQuery>, RegExp | null]>([
      ['budget without one number per tenant', { queryType: 'budget' }, /Turn on "For alert rules"/],
      ['budget with one number per tenant', { queryType: 'budget', forAlerting: true }, null],
      ['spikes without one number per tenant', { queryType: 'spendSpikes' }, /Turn on "For alert rules"/],
      ['audit events', { queryType: 'auditEvents' }, /Audit events answers rows of text/],
      ['cost over time', { queryType: 'costTimeSeries' }, null],
      ['a filter by a dashboard variable', { queryType: 'costTotals', tenants: ['$tenant'] }, /no dashboard variables/],
    ])('%s', (_, query, hint) => {
      renderEditor(query, CoreApp.UnifiedAlerting);
      const shown = screen.queryByTestId(testIds.queryEditor.alertingHint);
      if (hint === null) {
        expect(shown).toBeNull();
      } else {
        expect(shown).toHaveTextContent(hint);
      }
    });

    it.each<[QueryType, string]>([
      ['budget', /^Budget/.source],
      ['spendSpikes', /^Spend spikes/.source],
    ])('picking %s turns on one number per tenant and runs the query', async (queryType, label) => {
      const { onChange, onRunQuery } = renderEditor(
        { queryType: 'costTimeSeries', tenants: ['acme'] },
        CoreApp.UnifiedAlerting
      );

      await openMenu(screen.getByTestId(testIds.queryEditor.queryType));
      fireEvent.click(screen.getByRole('option', { name: new RegExp(label) }));

      expect(lastQuery(onChange)).toMatchObject({ queryType, tenants: ['acme'], forAlerting: true });
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('a new alert query asks for one number per tenant: the datasource default is the budget share', () => {
      const { onChange } = renderEditor({}, CoreApp.UnifiedAlerting);
      expect(screen.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Budget');
      expect(lastQuery(onChange)).toEqual({ refId: 'A', queryType: 'budget', forAlerting: true });
    });

    it('says nothing of alerting in a dashboard', () => {
      renderEditor({ queryType: 'auditEvents' }, CoreApp.PanelEditor);
      expect(screen.queryByTestId(testIds.queryEditor.alertingHint)).toBeNull();
    });
  });
});
