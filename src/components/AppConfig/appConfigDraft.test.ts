import { BUDGETS_MAX } from '../../shared/datasourceSettings';
import { budgetErrors, draftProblems, jsonDataToSave, withKey, type AppDraft } from './appConfigDraft';

describe('app settings draft', () => {
  it.each<[string, AppDraft, AppDraft]>([
    ['sets a key', withKey({ a: 1 }, 'serviceName', 'x'), { a: 1, serviceName: 'x' }],
    ['keeps an empty uid ("not used")', withKey({}, 'lokiDatasourceUid', ''), { lokiDatasourceUid: '' }],
    ['removes a key set to undefined', withKey({ serviceName: 'x', a: 1 }, 'serviceName', undefined), { a: 1 }],
    ['keeps false', withKey({}, 'auditEnabled', false), { auditEnabled: false }],
  ])('withKey %s', (_case, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it.each<[string, AppDraft, AppDraft]>([
    ['trims the service name', { serviceName: '  billing ' }, { serviceName: 'billing' }],
    ['removes a blank service name', { serviceName: '   ', x: 1 }, { x: 1 }],
    [
      'trims tenants and keeps budget order',
      {
        budgets: [
          { tenant: ' b ', monthlyBudget: 2 },
          { tenant: 'a', monthlyBudget: 1 },
        ],
      },
      {
        budgets: [
          { tenant: 'b', monthlyBudget: 2 },
          { tenant: 'a', monthlyBudget: 1 },
        ],
      },
    ],
    ['removes an empty budget list', { budgets: [], auditEnabled: true }, { auditEnabled: true }],
    [
      'leaves datasources and switches as they are',
      { prometheusDatasourceUid: '', jaegerDatasourceUid: 'j', serviceHealthEnabled: false },
      { prometheusDatasourceUid: '', jaegerDatasourceUid: 'j', serviceHealthEnabled: false },
    ],
  ])('jsonDataToSave %s', (_case, draft, expected) => {
    expect(jsonDataToSave(draft)).toEqual(expected);
  });

  it('matches tenants exactly but for surrounding spaces: "Acme" and "acme" are two tenants', () => {
    expect(
      budgetErrors([
        { tenant: 'Acme', monthlyBudget: 1 },
        { tenant: 'acme', monthlyBudget: 1 },
        { tenant: ' acme', monthlyBudget: 1 },
      ]).map((e) => e.tenant)
    ).toEqual([
      undefined,
      'Tenant "acme" has more than one budget; give each tenant one.',
      'Tenant "acme" has more than one budget; give each tenant one.',
    ]);
  });

  it('accepts fractions of a dollar and refuses text', () => {
    expect(budgetErrors([{ tenant: 'a', monthlyBudget: 0.01 }])).toEqual([
      { tenant: undefined, monthlyBudget: undefined },
    ]);
    // Provisioning YAML can quote a number; retyping it in the page stores a number.
    expect(draftProblems({ budgets: [{ tenant: 'a', monthlyBudget: '100' as unknown as number }] })).toEqual([
      'Budget 1: Monthly budget must be a number; "100" is not.',
    ]);
  });

  it('refuses more budgets than the ledger takes', () => {
    const budgets = Array.from({ length: BUDGETS_MAX + 1 }, (_, i) => ({ tenant: `t${i}`, monthlyBudget: 1 }));
    expect(draftProblems({ budgets })).toEqual(['Budgets: 1,001 budgets: at most 1,000 are allowed.']);
    expect(draftProblems({ budgets: budgets.slice(1) })).toEqual([]);
  });

  it("applies the ledger datasource's budget rules: a tenant id longer than the ledger takes is refused", () => {
    expect(draftProblems({ budgets: [{ tenant: ` ${'t'.repeat(128)} `, monthlyBudget: 1 }] })).toEqual([]);
    expect(draftProblems({ budgets: [{ tenant: 't'.repeat(129), monthlyBudget: 1 }] })).toEqual([
      'Budget 1: Tenant is longer than 128 characters.',
    ]);
  });

  it('has nothing to say about a draft without budgets', () => {
    expect(draftProblems({})).toEqual([]);
  });
});
