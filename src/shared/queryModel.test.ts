import { QUERY_DEFAULTS, validateQuery } from './queryModel';
import { QUERY_TYPES } from './queryTypes';

describe('validateQuery returns complete queries', () => {
  it.each<[string, object, object]>([
    ['ping', { queryType: 'ping' }, { queryType: 'ping', rows: 3, message: 'pong' }],
    [
      'auditEvents',
      { queryType: 'auditEvents', actions: ['KB_UPDATE'] },
      {
        queryType: 'auditEvents',
        actions: ['KB_UPDATE'],
        sort: 'time',
        direction: 'desc',
        page: 1,
        pageSize: 100,
        asAnnotations: false,
      },
    ],
    [
      'costTimeSeries',
      { queryType: 'costTimeSeries' },
      { queryType: 'costTimeSeries', groupBy: 'none', metric: 'cost' },
    ],
    [
      'costBreakdown: limit stays absent (the datasource max rows decide)',
      { queryType: 'costBreakdown', groupBy: 'user' },
      { queryType: 'costBreakdown', groupBy: 'user', sort: 'cost' },
    ],
    [
      'costTopCalls: the 20 most expensive calls',
      { queryType: 'costTopCalls', tenants: ['t1'] },
      { queryType: 'costTopCalls', tenants: ['t1'], limit: 20 },
    ],
    ['budget', { queryType: 'budget' }, { queryType: 'budget', forAlerting: false, lookbackWeeks: 4 }],
    [
      'spendSpikes: per day, against 28 days, 3.5 robust deviations',
      { queryType: 'spendSpikes' },
      {
        queryType: 'spendSpikes',
        by: 'tenant',
        granularity: 'day',
        baselineDays: 28,
        threshold: 3.5,
        minSpend: 0,
        forAlerting: false,
      },
    ],
    [
      'given options are kept',
      { queryType: 'spendSpikes', granularity: 'hour', threshold: 2, refId: 'S' },
      {
        queryType: 'spendSpikes',
        refId: 'S',
        by: 'tenant',
        granularity: 'hour',
        baselineDays: 28,
        threshold: 2,
        minSpend: 0,
        forAlerting: false,
      },
    ],
    ['auditVerify: every chain', { queryType: 'auditVerify' }, { queryType: 'auditVerify', forAlerting: false }],
    [
      'auditVerify: the chain of events without a tenant',
      { queryType: 'auditVerify', tenant: '', forAlerting: true },
      { queryType: 'auditVerify', tenant: '', forAlerting: true },
    ],
    [
      'auditTrailState: of some tenants',
      { queryType: 'auditTrailState', tenants: ['t1'] },
      { queryType: 'auditTrailState', tenants: ['t1'] },
    ],
    [
      'variableValues: no default for a required option',
      { queryType: 'variableValues', variable: 'models' },
      { queryType: 'variableValues', variable: 'models' },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(validateQuery(raw)).toEqual({ ok: true, query: expected });
  });

  it('an option given is still checked against its rule (defaults are only for absent options)', () => {
    expect(validateQuery({ queryType: 'spendSpikes', baselineDays: 1 })).toEqual({
      ok: false,
      field: 'baselineDays',
      message: 'Too small: expected number to be >=2',
    });
  });

  it.each<[string, object, string, string]>([
    ['a limit of 0', { limit: 0 }, 'limit', 'Too small: expected number to be >=1'],
    ['a limit over 100', { limit: 101 }, 'limit', 'Too big: expected number to be <=100'],
    ['a fractional limit', { limit: 2.5 }, 'limit', 'Invalid input: expected int, received number'],
    ['a limit as text', { limit: '20' }, 'limit', 'Invalid input: expected number, received string'],
    ['an empty model in a filter', { models: [''] }, 'models.0', 'Too small: expected string to have >=1 characters'],
  ])('costTopCalls refuses %s, naming the field', (_name, options, field, message) => {
    expect(validateQuery({ queryType: 'costTopCalls', ...options })).toEqual({ ok: false, field, message });
  });

  it.each<[string, object, string, string]>([
    ['a tenant that is not text', { tenant: 7 }, 'tenant', 'Invalid input: expected string, received number'],
    ['a tenant too long', { tenant: 'x'.repeat(201) }, 'tenant', 'Too big: expected string to have <=200 characters'],
    [
      'an empty tenant in the list',
      { tenants: [''] },
      'tenants.0',
      'Too small: expected string to have >=1 characters',
    ],
    ['forAlerting as text', { forAlerting: 'yes' }, 'forAlerting', 'Invalid input: expected boolean, received string'],
  ])('auditVerify refuses %s, naming the field', (_name, options, field, message) => {
    expect(validateQuery({ queryType: 'auditVerify', ...options })).toEqual({ ok: false, field, message });
  });

  it('declares defaults for query types only', () => {
    expect(Object.keys(QUERY_DEFAULTS).sort()).toEqual([...QUERY_TYPES].sort());
  });
});
