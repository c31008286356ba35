import { CoreApp, type DataSourceInstanceSettings, type ScopedVars } from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { DataSource } from './datasource';
import type { LedgerDataQuery, LedgerOptions } from './types';

/** Replaces `$name` with the scoped value, or with a dashboard-wide value, like Grafana's template service. */
function fakeTemplateSrv(dashboardVars: Record<string, string>): TemplateSrv {
  return {
    replace: (target = '', scopedVars?: ScopedVars) =>
      target.replace(/\$(\w+)/g, (whole, name: string) => {
        const scoped = scopedVars?.[name]?.value;
        return scoped !== undefined ? String(scoped) : (dashboardVars[name] ?? whole);
      }),
  } as TemplateSrv;
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

const pingQuery = (overrides: Partial<LedgerDataQuery> = {}): LedgerDataQuery => ({
  refId: 'A',
  queryType: 'ping',
  ...overrides,
});

describe('ledger datasource', () => {
  let ds: DataSource;

  beforeEach(() => {
    setTemplateSrv(fakeTemplateSrv({ tenant: 'acme' }));
    ds = new DataSource(settings);
  });

  describe('default query', () => {
    it('is a ping with the shared default row count', () => {
      expect(ds.getDefaultQuery(CoreApp.PanelEditor)).toEqual({ queryType: 'ping', rows: 3 });
    });

    it('returns a fresh object each time, so editing one query leaves the defaults alone', () => {
      const first = ds.getDefaultQuery(CoreApp.PanelEditor);
      first.rows = 99;
      expect(ds.getDefaultQuery(CoreApp.PanelEditor).rows).toBe(3);
    });
  });

  describe('filterQuery', () => {
    it('drops hidden queries and keeps the others', () => {
      const queries = [
        pingQuery({ refId: 'A', hide: true }),
        pingQuery({ refId: 'B' }),
        pingQuery({ refId: 'C', hide: false }),
      ];
      expect(queries.filter((q) => ds.filterQuery(q)).map((q) => q.refId)).toEqual(['B', 'C']);
    });
  });

  describe('applyTemplateVariables', () => {
    it('replaces dashboard variables in the message', () => {
      const result = ds.applyTemplateVariables(pingQuery({ message: 'tenant $tenant', rows: 5 }), {});
      expect(result).toEqual(pingQuery({ message: 'tenant acme', rows: 5 }));
    });

    it('prefers scoped variables (repeated panels) over dashboard variables', () => {
      const scoped: ScopedVars = { tenant: { text: 'globex', value: 'globex' } };
      expect(ds.applyTemplateVariables(pingQuery({ message: '$tenant' }), scoped).message).toBe('globex');
    });

    it('does not modify the query it was given', () => {
      const query = pingQuery({ message: '$tenant' });
      ds.applyTemplateVariables(query, {});
      expect(query.message).toBe('$tenant');
    });

    it('leaves a query without a message untouched', () => {
      const query = pingQuery({ rows: 7 });
      expect(ds.applyTemplateVariables(query, {})).toEqual({ refId: 'A', queryType: 'ping', rows: 7 });
      expect(ds.applyTemplateVariables(query, {})).not.toHaveProperty('message');
    });
  });
});
