import { CoreApp } from '@grafana/data';
import * as model from '../shared/queryModel';
import { QUERY_TYPES, type QueryType } from '../shared/queryTypes';
import {
  MENU_ORDER,
  QUERY_TYPE_INFO,
  TEXT_MAX_LENGTH,
  defaultQueryFor,
  describeRule,
  numberRule,
  parseNumber,
  queryDisplayText,
  shownValue,
  withQueryType,
  type QueryField,
} from './queryOptions';
import type { LedgerDataQuery } from './types';

const SCHEMAS: Record<QueryType, { shape: Record<string, unknown> }> = {
  ping: model.pingQuerySchema,
  variableValues: model.variableValuesQuerySchema,
  auditEvents: model.auditEventsQuerySchema,
  auditCounts: model.auditCountsQuerySchema,
  auditVerify: model.auditVerifyQuerySchema,
  auditTrailState: model.auditTrailStateQuerySchema,
  costTimeSeries: model.costTimeSeriesQuerySchema,
  costBreakdown: model.costBreakdownQuerySchema,
  costTotals: model.costTotalsQuerySchema,
  unpricedModels: model.unpricedModelsQuerySchema,
  costTopCalls: model.costTopCallsQuerySchema,
  budget: model.budgetQuerySchema,
  spendSpikes: model.spendSpikesQuerySchema,
};
/** Grafana's own fields, which every schema accepts and no editor shows. */
const GRAFANA_FIELDS = Object.keys(model.pingQuerySchema.shape).filter(
  (k) => !['queryType', 'rows', 'message'].includes(k)
);

const accepts = (query: object) => model.validateQuery(query).ok;

describe('query types in the editors', () => {
  it('the menu lists every query type once', () => {
    expect([...MENU_ORDER].sort()).toEqual([...QUERY_TYPES].sort());
  });

  it.each(MENU_ORDER)('%s: the editors know exactly the options of the shared schema', (type) => {
    const schemaFields = Object.keys(SCHEMAS[type].shape).filter(
      (k) => k !== 'queryType' && !GRAFANA_FIELDS.includes(k)
    );
    expect([...QUERY_TYPE_INFO[type].fields].sort()).toEqual(schemaFields.sort());
  });

  it.each(MENU_ORDER)('%s: a new query of this type is valid', (type) => {
    expect(model.validateQuery(withQueryType({ refId: 'A' }, type))).toMatchObject({ ok: true });
  });
});

describe('withQueryType', () => {
  const breakdown: LedgerDataQuery = {
    refId: 'B',
    hide: true,
    datasource: { type: 'llmops-ledger-datasource', uid: 'x' },
    queryType: 'costBreakdown',
    tenants: ['acme'],
    users: ['ana'],
    groupBy: 'user',
    sort: 'costPerRequest',
    limit: 5000,
  };

  it("keeps Grafana's fields and the filters the new type has, and takes the new type's defaults for the rest", () => {
    expect(withQueryType(breakdown, 'auditEvents')).toEqual({
      refId: 'B',
      hide: true,
      datasource: { type: 'llmops-ledger-datasource', uid: 'x' },
      queryType: 'auditEvents',
      tenants: ['acme'],
      users: ['ana'],
      sort: 'time',
      direction: 'desc',
    });
  });

  it('drops options that share a name but not a meaning (a breakdown sort is no audit sort, a top 5000 no variable limit)', () => {
    expect(accepts({ ...breakdown, queryType: 'auditEvents' })).toBe(false);
    expect(accepts(withQueryType(breakdown, 'auditEvents'))).toBe(true);
    expect(accepts(withQueryType(breakdown, 'variableValues'))).toBe(true);
  });

  it('keeps the options of a query already of that type and fills in the defaults it lacks', () => {
    expect(
      withQueryType({ refId: 'A', queryType: 'costBreakdown', sort: 'tokens', limit: 3 }, 'costBreakdown')
    ).toEqual({
      refId: 'A',
      queryType: 'costBreakdown',
      groupBy: 'model',
      sort: 'tokens',
      limit: 3,
    });
  });

  it.each([CoreApp.UnifiedAlerting, CoreApp.CloudAlerting])(
    '%s: a budget or spikes query starts with one number per tenant or model',
    (app) => {
      expect(withQueryType(breakdown, 'budget', app)).toMatchObject({ queryType: 'budget', forAlerting: true });
      expect(withQueryType(breakdown, 'spendSpikes', app)).toMatchObject({ forAlerting: true, by: 'tenant' });
      expect(withQueryType(breakdown, 'costTotals', app)).not.toHaveProperty('forAlerting');
    }
  );

  it('outside alert rules, a budget or spikes query starts as a table', () => {
    expect(withQueryType(breakdown, 'budget', CoreApp.PanelEditor)).not.toHaveProperty('forAlerting');
    expect(withQueryType(breakdown, 'spendSpikes', CoreApp.Explore)).not.toHaveProperty('forAlerting');
  });

  it('a breakdown becomes the most expensive calls with its filters, and the calls’ own limit (a top 5000 is too many)', () => {
    expect(withQueryType(breakdown, 'costTopCalls')).toEqual({
      refId: 'B',
      hide: true,
      datasource: { type: 'llmops-ledger-datasource', uid: 'x' },
      queryType: 'costTopCalls',
      tenants: ['acme'],
      users: ['ana'],
      limit: 20,
    });
    expect(accepts(withQueryType(breakdown, 'costTopCalls'))).toBe(true);
  });

  it('does not change the query it was given', () => {
    const copy = JSON.parse(JSON.stringify(breakdown));
    withQueryType(breakdown, 'ping');
    expect(breakdown).toEqual(copy);
  });
});

describe('defaultQueryFor', () => {
  it.each([CoreApp.PanelEditor, CoreApp.Explore, CoreApp.Dashboard, undefined])(
    '%s: spend over time by model',
    (app) => {
      expect(defaultQueryFor(app)).toEqual({ queryType: 'costTimeSeries', groupBy: 'model', metric: 'cost' });
    }
  );

  it.each([CoreApp.UnifiedAlerting, CoreApp.CloudAlerting])('%s: the share of its budget each tenant used', (app) => {
    expect(defaultQueryFor(app)).toEqual({ queryType: 'budget', forAlerting: true });
  });

  it.each([CoreApp.PanelEditor, CoreApp.UnifiedAlerting])('%s: the default query is valid', (app) => {
    expect(accepts({ refId: 'A', ...defaultQueryFor(app) })).toBe(true);
  });

  it('returns a fresh object each time, so editing one query leaves the defaults alone', () => {
    const first = defaultQueryFor(CoreApp.PanelEditor);
    first.groupBy = 'user';
    expect(defaultQueryFor(CoreApp.PanelEditor).groupBy).toBe('model');
  });
});

describe('number options accept exactly what the backend accepts', () => {
  const NUMBER_OPTIONS: Array<[QueryType, QueryField]> = [
    ['ping', 'rows'],
    ['variableValues', 'limit'],
    ['costBreakdown', 'limit'],
    ['costTopCalls', 'limit'],
    ['auditEvents', 'page'],
    ['auditEvents', 'pageSize'],
    ['budget', 'lookbackWeeks'],
    ['budget', 'monthlyBudget'],
    ['spendSpikes', 'baselineDays'],
    ['spendSpikes', 'threshold'],
    ['spendSpikes', 'minSpend'],
  ];

  it.each(NUMBER_OPTIONS)('%s %s', (type, field) => {
    const rule = numberRule(type, field);
    const edges = [rule.min, rule.max ?? 1e6];
    const candidates = edges.flatMap((e) => [e - 1, e - 0.5, e - 0.001, e, e + 0.001, e + 0.5, e + 1]);
    for (const value of [...candidates, 0, -1, 1, 2.5, 1e9]) {
      const query = { ...withQueryType({ refId: 'A' }, type), [field]: value };
      expect([value, parseNumber(String(value), rule) !== null]).toEqual([value, accepts(query)]);
    }
  });

  it('are every number option of the shared schemas', () => {
    type Def = { type: string; innerType?: { _zod: { def: Def } } };
    const isNumber = (schema: unknown) => {
      const def = (schema as { _zod: { def: Def } })._zod.def;
      return (def.innerType?._zod.def ?? def).type === 'number';
    };
    const numeric = MENU_ORDER.flatMap((type) =>
      QUERY_TYPE_INFO[type].fields
        .filter((field) => isNumber(SCHEMAS[type].shape[field]))
        .map((field) => `${type} ${field}`)
    );
    expect(numeric.sort()).toEqual(NUMBER_OPTIONS.map(([type, field]) => `${type} ${field}`).sort());
  });
});

describe('text options', () => {
  it.each(Object.entries(TEXT_MAX_LENGTH))('%s: as long as the backend takes, and no longer', (field, max) => {
    const type = MENU_ORDER.find((t) => (QUERY_TYPE_INFO[t].fields as readonly string[]).includes(field))!;
    const query = (length: number) => ({ ...withQueryType({ refId: 'A' }, type), [field]: 'x'.repeat(length) });
    expect(accepts(query(max))).toBe(true);
    expect(model.validateQuery(query(max + 1))).toMatchObject({ ok: false, field });
  });
});

describe('parseNumber', () => {
  const whole = { min: 1, max: 1000, integer: true };
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['1', 1],
    ['1000', 1000],
    ['0', null],
    ['1001', null],
    ['1.5', null],
    ['abc', null],
    ['1e2', 100],
  ])('%j → %p', (text, expected) => {
    expect(parseNumber(text, whole)).toBe(expected);
  });

  it('an exclusive minimum refuses the minimum itself', () => {
    expect(parseNumber('0', { min: 0, minExclusive: true })).toBeNull();
    expect(parseNumber('0.01', { min: 0, minExclusive: true })).toBe(0.01);
  });
});

describe('describeRule', () => {
  it.each([
    [{ min: 1, max: 1000, integer: true }, 'A whole number from 1 to 1000'],
    [{ min: 0 }, 'A number from 0'],
    [{ min: 0, minExclusive: true }, 'A number above 0'],
    [{ min: 0, minExclusive: true, max: 100 }, 'A number above 0, at most 100'],
  ])('%j → %s', (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });
});

describe('queryDisplayText', () => {
  it.each<[Partial<LedgerDataQuery>, string]>([
    [{ queryType: 'costTimeSeries' }, 'Cost over time: cost'],
    [{ queryType: 'costTimeSeries', groupBy: 'model' }, 'Cost over time: cost by model'],
    [{ queryType: 'spendSpikes' }, 'Spend spikes: by tenant per day'],
    [
      { queryType: 'costTimeSeries', metric: 'requests', groupBy: 'tenant', tenants: ['acme', '$tenant'] },
      'Cost over time: requests by tenant · tenants acme, $tenant',
    ],
    [{ queryType: 'costBreakdown', groupBy: 'user', limit: 10 }, 'Cost breakdown: by user, sorted by cost, top 10'],
    [{ queryType: 'costTotals' }, 'Cost totals'],
    [{ queryType: 'costTopCalls' }, 'Most expensive calls: top 20'],
    [{ queryType: 'costTopCalls', limit: 5, tenants: ['acme'] }, 'Most expensive calls: top 5 · tenants acme'],
    [{ queryType: 'budget', forAlerting: true }, 'Budget: share used per tenant'],
    [{ queryType: 'spendSpikes', by: 'model', granularity: 'day' }, 'Spend spikes: by model per day'],
    [
      { queryType: 'auditEvents', actions: ['KB_DELETE'], text: 'kb-1' },
      'Audit events: sorted by time desc · actions KB_DELETE · text "kb-1"',
    ],
    [{ queryType: 'auditEvents', asAnnotations: true }, 'Audit events: as annotations'],
    [{ queryType: 'auditVerify' }, 'Audit verification: every chain'],
    [
      { queryType: 'auditVerify', tenant: 'acme', forAlerting: true },
      'Audit verification: tenant acme, broken per tenant',
    ],
    [{ queryType: 'auditVerify', tenant: '' }, 'Audit verification: tenant (none)'],
    [{ queryType: 'auditTrailState', tenants: ['acme'] }, 'Audit trail state: tenants acme'],
    [{ queryType: 'variableValues', variable: 'models', search: 'gpt' }, 'Variable values: models · search "gpt"'],
    [{ queryType: 'ping' }, 'Ping: 3 rows'],
    [{}, 'No query type'],
    [{ queryType: 'gone' as QueryType }, 'Unknown query type gone'],
  ])('%j → %s', (query, text) => {
    expect(queryDisplayText({ refId: 'A', ...query })).toBe(text);
  });
});

describe('defaults: the editor shows what the backend uses', () => {
  it.each(MENU_ORDER)('a new %s query: every option shows the value validation gives it', (type) => {
    const query = withQueryType({ refId: 'A' }, type);
    const result = model.validateQuery(query);
    expect(result.ok).toBe(true);
    const complete = (result as { query: Record<string, unknown> }).query;
    for (const field of QUERY_TYPE_INFO[type].fields) {
      expect({ field, shown: shownValue(query, field) }).toEqual({ field, shown: complete[field] });
    }
  });

  it('a spikes query without a granularity is per day, in the editor, its summary and the backend', () => {
    const query: LedgerDataQuery = { refId: 'A', queryType: 'spendSpikes' };
    expect(shownValue(query, 'granularity')).toBe('day');
    expect(queryDisplayText(query)).toBe('Spend spikes: by tenant per day');
    expect(model.validateQuery(query)).toMatchObject({ ok: true, query: { granularity: 'day' } });
    expect(withQueryType({ refId: 'A' }, 'spendSpikes')).toMatchObject({ granularity: 'day' });
  });
});
