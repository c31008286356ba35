import fs from 'node:fs';
import path from 'node:path';
import {
  CoreApp,
  VariableSupportType,
  dateTime,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  type ScopedVars,
} from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { lastValueFrom, of } from 'rxjs';
import { ALL_VALUE } from '../shared/queryTypes';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { DataSource, FILTER_MENU_VALUES } from './datasource';
import type { LedgerDataQuery, LedgerOptions } from './types';

type Value = string | string[];

/**
 * Grafana's template service in small: `$name`, `${name}`, `${name:format}` and `[[name]]`, scoped
 * variables first; a format function gets the value (an array for several values), as Grafana's
 * does; a variable whose All is selected with a custom all value answers that value, unformatted.
 */
function fakeTemplateSrv(dashboardVars: Record<string, Value>, allValues: Record<string, string> = {}): TemplateSrv {
  const pattern = /\$(\w+)|\$\{(\w+)(?::[\w-]+)?\}|\[\[(\w+)(?::[\w-]+)?\]\]/g;
  return {
    getVariables: () => Object.keys(dashboardVars).map((name) => ({ name })),
    replace: (target = '', scopedVars?: ScopedVars, format?: unknown) =>
      target.replace(pattern, (whole, a?: string, b?: string, c?: string) => {
        const name = (a ?? b ?? c)!;
        if (allValues[name] !== undefined) {
          return allValues[name];
        }
        const value: Value | undefined = scopedVars?.[name]?.value ?? dashboardVars[name];
        if (value === undefined) {
          return whole;
        }
        return typeof format === 'function' ? format(value, { name }) : [value].flat().join(',');
      }),
  } as unknown as TemplateSrv;
}

const settings = {
  id: 1,
  uid: 'llmops-ledger',
  type: 'llmops-ledger-datasource',
  name: 'LLM Ops Ledger',
  jsonData: {},
  meta: {},
  readOnly: false,
  access: 'proxy',
} as unknown as DataSourceInstanceSettings<LedgerOptions>;

const q = (overrides: Partial<LedgerDataQuery> = {}): LedgerDataQuery => ({
  refId: 'A',
  queryType: 'ping',
  ...overrides,
});

describe('ledger datasource', () => {
  let ds: DataSource;

  beforeEach(() => {
    setTemplateSrv(fakeTemplateSrv({ tenant: 'acme', tenants: ['acme', 'globex'], model: 'gpt-4o' }));
    ds = new DataSource(settings);
  });

  describe('default query', () => {
    it('is spend over time by model in panels and Explore', () => {
      expect(ds.getDefaultQuery(CoreApp.PanelEditor)).toEqual({
        queryType: 'costTimeSeries',
        groupBy: 'model',
        metric: 'cost',
      });
      expect(ds.getDefaultQuery(CoreApp.Explore)).toEqual(ds.getDefaultQuery(CoreApp.PanelEditor));
    });

    it("is each tenant's budget share in alert rules", () => {
      expect(ds.getDefaultQuery(CoreApp.UnifiedAlerting)).toEqual({ queryType: 'budget', forAlerting: true });
    });
  });

  describe('filterQuery', () => {
    it('drops hidden queries and keeps the others', () => {
      const queries = [q({ refId: 'A', hide: true }), q({ refId: 'B' }), q({ refId: 'C', hide: false })];
      expect(queries.filter((query) => ds.filterQuery(query)).map((query) => query.refId)).toEqual(['B', 'C']);
    });
  });

  describe('applyTemplateVariables', () => {
    it('replaces dashboard variables in free text', () => {
      expect(ds.applyTemplateVariables(q({ message: 'tenant $tenant', rows: 5 }), {})).toEqual(
        q({ message: 'tenant acme', rows: 5 })
      );
      expect(ds.applyTemplateVariables(q({ queryType: 'auditEvents', text: '${model}' }), {}).text).toBe('gpt-4o');
    });

    it('turns a filter entry that is one variable into all of its selected values', () => {
      const query = q({ queryType: 'costTotals', tenants: ['$tenants', 'initech'], models: ['[[model]]'] });
      expect(ds.applyTemplateVariables(query, {})).toEqual(
        q({ queryType: 'costTotals', tenants: ['acme', 'globex', 'initech'], models: ['gpt-4o'] })
      );
    });

    it('drops a filter whose variable has All selected with the all value *, so it filters nothing', () => {
      setTemplateSrv(fakeTemplateSrv({ tenant: 'x' }, { tenant: ALL_VALUE }));
      const result = ds.applyTemplateVariables(
        q({ queryType: 'costTotals', tenants: ['$tenant'], users: ['ana'] }),
        {}
      );
      expect(result).toEqual(q({ queryType: 'costTotals', users: ['ana'] }));
    });

    it('keeps an unknown variable as written, so the user sees it', () => {
      expect(ds.applyTemplateVariables(q({ queryType: 'costTotals', tenants: ['$nope'] }), {}).tenants).toEqual([
        '$nope',
      ]);
    });

    it('prefers scoped variables (repeated panels) over dashboard variables', () => {
      const scoped: ScopedVars = { tenant: { text: 'globex', value: 'globex' } };
      expect(ds.applyTemplateVariables(q({ message: '$tenant' }), scoped).message).toBe('globex');
      expect(ds.applyTemplateVariables(q({ queryType: 'budget', tenants: ['$tenant'] }), scoped).tenants).toEqual([
        'globex',
      ]);
    });

    it('does not modify the query it was given', () => {
      const query = q({ message: '$tenant', tenants: ['$tenants'] });
      ds.applyTemplateVariables(query, {});
      expect(query).toEqual(q({ message: '$tenant', tenants: ['$tenants'] }));
    });

    it('leaves a query without variables as it was', () => {
      expect(ds.applyTemplateVariables(q({ rows: 7 }), {})).toEqual(q({ rows: 7 }));
    });
  });

  it('names a query in history and the inspector', () => {
    expect(ds.getQueryDisplayText(q({ queryType: 'costBreakdown', groupBy: 'tenant' }))).toBe(
      'Cost breakdown: by tenant, sorted by cost'
    );
  });

  describe('listValues', () => {
    it("asks the backend's variables resource for the range and the typed text", async () => {
      const getResource = jest.spyOn(ds, 'getResource').mockResolvedValue({
        values: [
          { text: 'acme', value: 'acme' },
          { text: 'globex', value: 'globex' },
        ],
        truncated: false,
      });
      const from = dateTime(Date.UTC(2026, 10, 1));
      const to = dateTime(Date.UTC(2026, 10, 8));

      await expect(ds.listValues('tenants', ' ac ', { from, to, raw: { from, to } })).resolves.toEqual([
        'acme',
        'globex',
      ]);

      expect(getResource).toHaveBeenCalledWith(
        'variables/tenants',
        { limit: FILTER_MENU_VALUES, search: 'ac', from: from.valueOf(), to: to.valueOf() },
        { showErrorAlert: false }
      );
    });

    it('sends no search for an empty text, and no range without one (the backend takes the last 7 days)', async () => {
      const getResource = jest.spyOn(ds, 'getResource').mockResolvedValue({ values: [], truncated: false });
      await ds.listValues('actions');
      expect(getResource).toHaveBeenCalledWith(
        'variables/actions',
        { limit: FILTER_MENU_VALUES },
        { showErrorAlert: false }
      );
    });

    it('cuts the search to the length the backend takes', async () => {
      const getResource = jest.spyOn(ds, 'getResource').mockResolvedValue({ values: [], truncated: false });
      await ds.listValues('users', 'x'.repeat(500));
      expect(getResource.mock.calls[0][1]).toMatchObject({ search: 'x'.repeat(100) });
    });
  });

  it("offers the dashboard's variables by name", () => {
    expect(ds.dashboardVariables()).toEqual(['$tenant', '$tenants', '$model']);
  });

  describe('query variables', () => {
    const request = (targets: unknown[]) =>
      ({ targets, requestId: 'v' }) as unknown as DataQueryRequest<LedgerDataQuery>;

    it('have their own editor', () => {
      expect(ds.variables?.getType()).toBe(VariableSupportType.Custom);
      expect((ds.variables as { editor?: unknown }).editor).toBe(VariableQueryEditor);
    });

    it('run variableValues queries through the backend, from the query model or a plain list name', async () => {
      const query = jest.spyOn(ds, 'query').mockReturnValue(of({ data: [] }));
      const variables = ds.variables as unknown as {
        query: (r: DataQueryRequest<LedgerDataQuery>) => ReturnType<DataSource['query']>;
      };

      await lastValueFrom(
        variables.query(
          request([
            { refId: 'variable-model', queryType: 'variableValues', variable: 'models', search: 'gpt' },
            'tenant',
            { refId: 'X' },
          ])
        )
      );

      expect(query.mock.calls[0][0].targets).toEqual([
        { refId: 'variable-model', queryType: 'variableValues', variable: 'models', search: 'gpt' },
        { refId: 'variable-1', queryType: 'variableValues', variable: 'tenants' },
        { refId: 'X', queryType: 'variableValues', variable: 'tenants' },
      ]);
    });

    it('say which lists exist when a plain string names none', async () => {
      const variables = ds.variables as unknown as {
        query: (r: DataQueryRequest<LedgerDataQuery>) => ReturnType<DataSource['query']>;
      };
      await expect(lastValueFrom(variables.query(request(['costs'])))).rejects.toThrow(
        'unknown list "costs"; expected one of tenants, users, models, actions'
      );
    });
  });

  describe('annotations', () => {
    it('are audit events, with their own editor', () => {
      expect(ds.annotations?.getDefaultQuery?.()).toEqual({ queryType: 'auditEvents', asAnnotations: true });
      expect(ds.annotations?.QueryEditor).toBe(AnnotationQueryEditor);
    });

    it('run the stored filters as an auditEvents query that answers annotation fields', () => {
      const prepared = ds.annotations?.prepareQuery?.({
        name: 'Audit',
        enable: true,
        iconColor: 'red',
        target: { refId: 'Anno', queryType: 'auditEvents', asAnnotations: true, actions: ['KB_DELETE'], pageSize: 50 },
      });
      expect(prepared).toEqual({
        refId: 'Anno',
        queryType: 'auditEvents',
        asAnnotations: true,
        actions: ['KB_DELETE'],
        pageSize: 50,
        sort: 'time',
        direction: 'desc',
      });
    });

    it('run an annotation saved without a target, or with another type, as audit events', () => {
      const prepare = (target?: Partial<LedgerDataQuery>) =>
        ds.annotations?.prepareQuery?.({
          name: 'Audit',
          enable: true,
          iconColor: 'red',
          target: target as LedgerDataQuery,
        });
      expect(prepare()).toMatchObject({ refId: 'Anno', queryType: 'auditEvents', asAnnotations: true });
      expect(prepare({ refId: 'A', queryType: 'costTimeSeries', tenants: ['acme'], groupBy: 'user' })).toEqual({
        refId: 'A',
        queryType: 'auditEvents',
        asAnnotations: true,
        tenants: ['acme'],
        sort: 'time',
        direction: 'desc',
      });
    });
  });

  it('plugin.json offers the datasource in panels and Explore (metrics), annotations and alert rules', () => {
    const json = JSON.parse(fs.readFileSync(path.join(__dirname, 'plugin.json'), 'utf8'));
    expect(json).toMatchObject({ metrics: true, annotations: true, alerting: true, backend: true });
  });
});
