import { fireEvent, screen } from '@testing-library/react';
import { BUDGETS_MAX, type TenantBudget } from '../../../shared/datasourceSettings';
import { testIds } from '../../../shared/testIds';
import { alertTexts, renderEditor, sent, settings } from './testing';

const ids = testIds.datasourceConfig;

const acme: TenantBudget = { tenant: 'acme', monthlyBudget: 1500 };
const globex: TenantBudget = { tenant: 'globex', monthlyBudget: 250.5 };
const initech: TenantBudget = { tenant: 'initech', monthlyBudget: 80 };

const fieldIds = (index: number) => [ids.budgetTenant(index), ids.budgetMonthlyBudget(index)];

const manyBudgets = (count: number): TenantBudget[] =>
  Array.from({ length: count }, (_, i) => ({ tenant: `tenant-${i}`, monthlyBudget: 100 }));

describe('Budgets section', () => {
  it('shows no rows while unset', () => {
    renderEditor(settings());

    expect(screen.queryByTestId(ids.budgetRow(0))).not.toBeInTheDocument();
    expect(screen.getByTestId(ids.addBudget)).toBeEnabled();
    expect(alertTexts()).toEqual([]);
  });

  it('shows the saved entries in order, numbers as numbers', () => {
    renderEditor(settings({ budgets: [acme, globex] }));

    expect(screen.getByTestId(ids.budgetTenant(0))).toHaveValue('acme');
    expect(screen.getByTestId(ids.budgetMonthlyBudget(0))).toHaveValue(1500);
    expect(screen.getByTestId(ids.budgetTenant(1))).toHaveValue('globex');
    expect(screen.getByTestId(ids.budgetMonthlyBudget(1))).toHaveValue(250.5);
    expect(screen.queryByTestId(ids.budgetRow(2))).not.toBeInTheDocument();
  });

  it('"Add budget" appends an empty entry, without an amount, keeping the others', () => {
    const onOptionsChange = renderEditor(settings({ description: 'kept', budgets: [acme] }));

    fireEvent.click(screen.getByTestId(ids.addBudget));

    const { jsonData } = sent(onOptionsChange);
    expect(jsonData).toEqual({ description: 'kept', budgets: [acme, { tenant: '' }] });
    expect('monthlyBudget' in jsonData.budgets![1]).toBe(false);
  });

  it('"Add budget" on an unset list creates it', () => {
    const onOptionsChange = renderEditor(settings());

    fireEvent.click(screen.getByTestId(ids.addBudget));

    expect(sent(onOptionsChange).jsonData.budgets).toEqual([{ tenant: '' }]);
  });

  it.each([
    ['tenant', 'hooli', ids.budgetTenant, 'hooli'],
    ['tenant', '', ids.budgetTenant, ''],
    ['monthlyBudget', '2000', ids.budgetMonthlyBudget, 2000],
    ['monthlyBudget', '99.95', ids.budgetMonthlyBudget, 99.95],
    // Flagged on the page, but saved all the same (the health check names it).
    ['monthlyBudget', '0', ids.budgetMonthlyBudget, 0],
  ] as const)('writes %s = "%s" into the edited entry only, typed', (field, text, testId, value) => {
    const onOptionsChange = renderEditor(settings({ description: 'kept', budgets: [acme, globex, initech] }));

    fireEvent.change(screen.getByTestId(testId(1)), { target: { value: text } });

    const { jsonData } = sent(onOptionsChange);
    expect(jsonData).toEqual({ description: 'kept', budgets: [acme, { ...globex, [field]: value }, initech] });
    expect(typeof jsonData.budgets![1][field]).toBe(typeof value);
  });

  it('removes an emptied monthly budget from its entry, rather than storing 0', () => {
    const onOptionsChange = renderEditor(settings({ budgets: [acme] }));

    fireEvent.change(screen.getByTestId(ids.budgetMonthlyBudget(0)), { target: { value: '' } });

    expect(sent(onOptionsChange).jsonData.budgets).toEqual([{ tenant: 'acme' }]);
  });

  it('removes the entry whose button is clicked, keeping the order of the others', () => {
    const onOptionsChange = renderEditor(settings({ budgets: [acme, globex, initech] }));

    fireEvent.click(screen.getByTestId(ids.budgetRemove(1)));

    expect(sent(onOptionsChange).jsonData.budgets).toEqual([acme, initech]);
  });

  it('removes the budgets key with the last entry', () => {
    const onOptionsChange = renderEditor(settings({ description: 'kept', budgets: [acme] }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove budget 1' }));

    const { jsonData } = sent(onOptionsChange);
    expect(jsonData).toEqual({ description: 'kept' });
    expect('budgets' in jsonData).toBe(false);
  });

  describe('validation', () => {
    it.each<[string, Array<Partial<TenantBudget>>, Array<[string, string]>]>([
      ['an empty tenant', [{ ...acme, tenant: '' }], [[ids.budgetTenant(0), 'Tenant is empty.']]],
      ['a tenant of spaces', [acme, { ...globex, tenant: ' ' }], [[ids.budgetTenant(1), 'Tenant is empty.']]],
      [
        'a budget of 0',
        [{ ...acme, monthlyBudget: 0 }],
        [[ids.budgetMonthlyBudget(0), 'Monthly budget must be more than 0; 0 is not.']],
      ],
      [
        'a negative budget',
        [acme, { ...globex, monthlyBudget: -100 }],
        [[ids.budgetMonthlyBudget(1), 'Monthly budget must be more than 0; -100 is not.']],
      ],
      ['a missing budget', [{ tenant: 'acme' }], [[ids.budgetMonthlyBudget(0), 'Monthly budget is empty.']]],
      [
        'a tenant listed twice',
        [acme, globex, { ...acme, monthlyBudget: 3000 }],
        [
          [ids.budgetTenant(0), 'Another row also budgets this tenant; only the last one listed applies.'],
          [ids.budgetTenant(2), 'Another row also budgets this tenant; only the last one listed applies.'],
        ],
      ],
      [
        'two empty tenants (empty, not repeated)',
        [
          { ...acme, tenant: '' },
          { ...globex, tenant: '' },
        ],
        [
          [ids.budgetTenant(0), 'Tenant is empty.'],
          [ids.budgetTenant(1), 'Tenant is empty.'],
        ],
      ],
      [
        'a new entry',
        [{ tenant: '' }],
        [
          [ids.budgetTenant(0), 'Tenant is empty.'],
          [ids.budgetMonthlyBudget(0), 'Monthly budget is empty.'],
        ],
      ],
    ])('names %s, on the fields concerned only', (_case, budgets, expected) => {
      renderEditor(settings({ budgets: budgets as TenantBudget[] }));

      expect(alertTexts()).toEqual(expected.map(([, message]) => message));
      const flagged = new Set(expected.map(([testId]) => testId));
      for (const testId of budgets.flatMap((_, index) => fieldIds(index))) {
        expect(screen.getByTestId(testId)).toHaveAttribute('aria-invalid', String(flagged.has(testId)));
      }
    });

    it('flags nothing for valid entries: small budgets, tenant ids that differ only in case', () => {
      // Tenant ids are matched exactly, so "Acme" and "acme" are two tenants.
      renderEditor(settings({ budgets: [acme, { tenant: 'Acme', monthlyBudget: 0.01 }, globex] }));

      expect(alertTexts()).toEqual([]);
    });

    it('names a tenant longer than the backend takes', () => {
      renderEditor(settings({ budgets: [{ ...acme, tenant: 't'.repeat(129) }] }));

      expect(alertTexts()).toEqual(['Tenant is longer than 128 characters.']);
      expect(screen.getByTestId(ids.budgetTenant(0))).toHaveAttribute('aria-invalid', 'true');
    });

    it(`names a list longer than ${BUDGETS_MAX} entries, and adds no more`, () => {
      renderEditor(settings({ budgets: manyBudgets(BUDGETS_MAX + 1) }));

      expect(alertTexts()).toEqual(['1,001 budgets: at most 1,000 are allowed.']);
      expect(screen.getByTestId(ids.addBudget)).toBeDisabled();
    });

    it.each([
      [BUDGETS_MAX, false],
      [BUDGETS_MAX - 1, true],
    ])('with %s entries: nothing flagged, adding allowed: %s', (count, canAdd) => {
      renderEditor(settings({ budgets: manyBudgets(count) }));

      expect(alertTexts()).toEqual([]);
      expect(screen.getByTestId(ids.addBudget).hasAttribute('disabled')).toBe(!canAdd);
    });
  });
});
