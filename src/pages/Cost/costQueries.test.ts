import { ledgerQuerySchema } from '../../shared/queryModel';
import {
  VARIABLE_FILTERS,
  breakdownQuery,
  budgetQuery,
  spendByModelQuery,
  spikesQuery,
  tenantFilters,
  topCallsQuery,
  topSpendersQuery,
  totalsQuery,
  unpricedModelsQuery,
  userFilters,
} from './costQueries';

const all = { tenants: ['$tenant'], users: ['$user'], models: ['$model'] };
const acme = { tenants: ['acme corp'], users: ['$user'], models: ['$model'] };
const alice = { tenants: ['acme corp'], users: ['alice@acme.test'], models: ['$model'] };
const budgets = [
  { tenant: 'acme corp', monthlyBudget: 500 },
  { tenant: 'globex', monthlyBudget: 1200.5 },
];

describe('cost queries', () => {
  it.each([
    [
      'totals, filtered by the variables',
      totalsQuery(VARIABLE_FILTERS),
      { refId: 'totals', queryType: 'costTotals', ...all },
    ],
    [
      'spend over time by model',
      spendByModelQuery(VARIABLE_FILTERS),
      { refId: 'spendByModel', queryType: 'costTimeSeries', ...all, groupBy: 'model', metric: 'cost' },
    ],
    [
      'breakdown by tenant',
      breakdownQuery('tenant', VARIABLE_FILTERS),
      { refId: 'byTenant', queryType: 'costBreakdown', ...all, groupBy: 'tenant', sort: 'cost' },
    ],
    [
      'breakdown by user of one tenant',
      breakdownQuery('user', tenantFilters('acme corp')),
      { refId: 'byUser', queryType: 'costBreakdown', ...acme, groupBy: 'user', sort: 'cost' },
    ],
    [
      'breakdown by model of one user',
      breakdownQuery('model', userFilters('acme corp', 'alice@acme.test')),
      { refId: 'byModel', queryType: 'costBreakdown', ...alice, groupBy: 'model', sort: 'cost' },
    ],
    [
      'the ten top spenders',
      topSpendersQuery(VARIABLE_FILTERS),
      { refId: 'topSpenders', queryType: 'costBreakdown', ...all, groupBy: 'user', sort: 'cost', limit: 10 },
    ],
    [
      'budgets of the tenant variable, with the app’s budgets',
      budgetQuery(['$tenant'], budgets),
      { refId: 'budget', queryType: 'budget', tenants: ['$tenant'], budgets },
    ],
    [
      'budget of one tenant without app budgets',
      budgetQuery(['acme corp'], []),
      { refId: 'budget', queryType: 'budget', tenants: ['acme corp'], budgets: [] },
    ],
    [
      'daily spend spikes by tenant',
      spikesQuery(VARIABLE_FILTERS),
      { refId: 'spikes', queryType: 'spendSpikes', ...all, by: 'tenant', granularity: 'day' },
    ],
    [
      'the 20 most expensive calls',
      topCallsQuery(VARIABLE_FILTERS),
      { refId: 'topCalls', queryType: 'costTopCalls', ...all, limit: 20 },
    ],
    [
      'unpriced models',
      unpricedModelsQuery(VARIABLE_FILTERS),
      { refId: 'unpriced', queryType: 'unpricedModels', ...all },
    ],
  ])('builds %s', (_name, query, expected) => {
    expect(query).toEqual(expected);
    // Whatever the panel sends must pass the backend's validation.
    expect(ledgerQuerySchema.safeParse(query).success).toBe(true);
  });

  it('gives no two queries the same filter list, so that editing one cannot change another', () => {
    const a = totalsQuery(VARIABLE_FILTERS);
    const b = spikesQuery(VARIABLE_FILTERS);
    expect(a.tenants).not.toBe(b.tenants);
    expect(a.tenants).not.toBe(VARIABLE_FILTERS.tenants);
  });
});
