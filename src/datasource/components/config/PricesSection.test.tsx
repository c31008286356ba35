import { fireEvent, screen } from '@testing-library/react';
import { PRICE_OVERRIDES_MAX, type PriceOverride } from '../../../shared/datasourceSettings';
import { testIds } from '../../../shared/testIds';
import { alertTexts, renderEditor, sent, settings } from './testing';

const ids = testIds.datasourceConfig;

const gpt: PriceOverride = { model: 'gpt-4o', effectiveFrom: '2024-05-13', inputPerMillion: 5, outputPerMillion: 15 };
const claude: PriceOverride = {
  model: 'claude-3-5-sonnet',
  effectiveFrom: '2024-06-20',
  inputPerMillion: 3,
  outputPerMillion: 15,
};
const qwen: PriceOverride = {
  model: 'qwen-max',
  effectiveFrom: '2025-01-01',
  inputPerMillion: 1.6,
  outputPerMillion: 6.4,
};

const fieldIds = (index: number) => [
  ids.priceModel(index),
  ids.priceEffectiveFrom(index),
  ids.priceInputPerMillion(index),
  ids.priceOutputPerMillion(index),
];

/** Distinct, valid entries: one model, one day each. */
const manyPrices = (count: number): PriceOverride[] =>
  Array.from({ length: count }, (_, i) => ({ ...gpt, model: `model-${i}` }));

describe('Prices section', () => {
  afterEach(() => jest.useRealTimers());

  it('shows no rows while unset, and says where unset prices come from', () => {
    renderEditor(settings());

    expect(screen.queryByTestId(ids.priceRow(0))).not.toBeInTheDocument();
    expect(screen.getByTestId(ids.addPrice)).toBeEnabled();
    expect(screen.getByText(/models\.dev, via @tokenlens\/models 1\.3\.0 \(MIT\)/)).toBeInTheDocument();
    expect(alertTexts()).toEqual([]);
  });

  it('shows the saved entries in order, numbers as numbers', () => {
    renderEditor(settings({ prices: [gpt, qwen] }));

    expect(screen.getByTestId(ids.priceModel(0))).toHaveValue('gpt-4o');
    expect(screen.getByTestId(ids.priceEffectiveFrom(0))).toHaveValue('2024-05-13');
    expect(screen.getByTestId(ids.priceInputPerMillion(0))).toHaveValue(5);
    expect(screen.getByTestId(ids.priceOutputPerMillion(0))).toHaveValue(15);
    expect(screen.getByTestId(ids.priceModel(1))).toHaveValue('qwen-max');
    expect(screen.getByTestId(ids.priceInputPerMillion(1))).toHaveValue(1.6);
    expect(screen.queryByTestId(ids.priceRow(2))).not.toBeInTheDocument();
  });

  it('"Add price" appends an entry from today (UTC), without prices, keeping the others', () => {
    jest.useFakeTimers({ now: new Date('2025-03-04T23:59:30Z') });
    const onOptionsChange = renderEditor(settings({ description: 'kept', prices: [gpt] }));

    fireEvent.click(screen.getByTestId(ids.addPrice));

    const { jsonData } = sent(onOptionsChange);
    expect(jsonData).toEqual({ description: 'kept', prices: [gpt, { model: '', effectiveFrom: '2025-03-04' }] });
    // No price is made up: an unfilled one is flagged, not stored as 0.
    expect(Object.keys(jsonData.prices![1])).toEqual(['model', 'effectiveFrom']);
  });

  it('"Add price" on an unset list creates it', () => {
    const onOptionsChange = renderEditor(settings());

    fireEvent.click(screen.getByTestId(ids.addPrice));

    expect(sent(onOptionsChange).jsonData.prices).toHaveLength(1);
  });

  it.each([
    ['model', 'gpt-4o-2024-08-06', ids.priceModel, 'gpt-4o-2024-08-06'],
    ['effectiveFrom', '2024-08-06', ids.priceEffectiveFrom, '2024-08-06'],
    ['inputPerMillion', '2.5', ids.priceInputPerMillion, 2.5],
    ['outputPerMillion', '10', ids.priceOutputPerMillion, 10],
    ['inputPerMillion', '0', ids.priceInputPerMillion, 0],
    // Flagged on the page, but saved all the same (the health check names it).
    ['outputPerMillion', '-1', ids.priceOutputPerMillion, -1],
    ['model', '', ids.priceModel, ''],
  ] as const)('writes %s = "%s" into the edited entry only, typed', (field, text, testId, value) => {
    const onOptionsChange = renderEditor(settings({ description: 'kept', prices: [claude, gpt, qwen] }));

    fireEvent.change(screen.getByTestId(testId(1)), { target: { value: text } });

    const { jsonData } = sent(onOptionsChange);
    expect(jsonData).toEqual({ description: 'kept', prices: [claude, { ...gpt, [field]: value }, qwen] });
    expect(typeof jsonData.prices![1][field]).toBe(typeof value);
  });

  it.each([
    ['inputPerMillion', ids.priceInputPerMillion],
    ['outputPerMillion', ids.priceOutputPerMillion],
  ] as const)('removes an emptied %s from its entry, rather than storing 0', (field, testId) => {
    const onOptionsChange = renderEditor(settings({ prices: [gpt] }));

    fireEvent.change(screen.getByTestId(testId(0)), { target: { value: '' } });

    const entry = sent(onOptionsChange).jsonData.prices![0];
    expect(field in entry).toBe(false);
    const { [field]: _removed, ...rest } = gpt;
    expect(entry).toEqual(rest);
  });

  it('removes the entry whose button is clicked, keeping the order of the others', () => {
    const onOptionsChange = renderEditor(settings({ prices: [claude, gpt, qwen] }));

    fireEvent.click(screen.getByTestId(ids.priceRemove(1)));

    expect(sent(onOptionsChange).jsonData.prices).toEqual([claude, qwen]);
  });

  it('removes the prices key with the last entry', () => {
    const onOptionsChange = renderEditor(settings({ description: 'kept', prices: [gpt] }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove price 1' }));

    const { jsonData } = sent(onOptionsChange);
    expect(jsonData).toEqual({ description: 'kept' });
    expect('prices' in jsonData).toBe(false);
  });

  describe('validation', () => {
    it.each<[string, Array<Partial<PriceOverride>>, Array<[string, string]>]>([
      ['an empty model', [{ ...gpt, model: '' }], [[ids.priceModel(0), 'Model is empty.']]],
      ['a model of spaces', [gpt, { ...claude, model: '  ' }], [[ids.priceModel(1), 'Model is empty.']]],
      ['an empty date', [{ ...gpt, effectiveFrom: '' }], [[ids.priceEffectiveFrom(0), 'Effective from is empty.']]],
      [
        'a date without leading zeros',
        [{ ...gpt, effectiveFrom: '2024-5-13' }],
        [[ids.priceEffectiveFrom(0), 'Effective from must be a date as YYYY-MM-DD; "2024-5-13" is not.']],
      ],
      [
        'a date in another format',
        [{ ...gpt, effectiveFrom: '13/05/2024' }],
        [[ids.priceEffectiveFrom(0), 'Effective from must be a date as YYYY-MM-DD; "13/05/2024" is not.']],
      ],
      [
        'a date with a time',
        [{ ...gpt, effectiveFrom: '2024-05-13T00:00:00Z' }],
        [[ids.priceEffectiveFrom(0), 'Effective from must be a date as YYYY-MM-DD; "2024-05-13T00:00:00Z" is not.']],
      ],
      [
        'February 30',
        [{ ...gpt, effectiveFrom: '2024-02-30' }],
        [[ids.priceEffectiveFrom(0), 'Effective from: 2024-02-30 is not a calendar date.']],
      ],
      [
        'February 29 of a common year',
        [{ ...gpt, effectiveFrom: '2023-02-29' }],
        [[ids.priceEffectiveFrom(0), 'Effective from: 2023-02-29 is not a calendar date.']],
      ],
      [
        'month 13',
        [{ ...gpt, effectiveFrom: '2024-13-01' }],
        [[ids.priceEffectiveFrom(0), 'Effective from: 2024-13-01 is not a calendar date.']],
      ],
      [
        'a negative input price',
        [{ ...gpt, inputPerMillion: -0.5 }],
        [[ids.priceInputPerMillion(0), 'Input price must be 0 or more; -0.5 is not.']],
      ],
      [
        'a negative output price',
        [gpt, { ...qwen, outputPerMillion: -3 }],
        [[ids.priceOutputPerMillion(1), 'Output price must be 0 or more; -3 is not.']],
      ],
      [
        'a missing input price',
        [{ model: 'gpt-4o', effectiveFrom: '2024-05-13', outputPerMillion: 15 }],
        [[ids.priceInputPerMillion(0), 'Input price is empty.']],
      ],
      [
        'the same model from the same day twice',
        [gpt, claude, { ...gpt, inputPerMillion: 2.5 }],
        [
          [ids.priceModel(0), 'Another row also prices this model from 2024-05-13; only the last one listed applies.'],
          [ids.priceModel(2), 'Another row also prices this model from 2024-05-13; only the last one listed applies.'],
        ],
      ],
      [
        'the same model, spelt as the backend matches it, from the same day',
        [gpt, { ...gpt, model: 'OpenAI/GPT-4o@OpenAI' }],
        [
          [ids.priceModel(0), 'Another row also prices this model from 2024-05-13; only the last one listed applies.'],
          [ids.priceModel(1), 'Another row also prices this model from 2024-05-13; only the last one listed applies.'],
        ],
      ],
      [
        'two empty models on one day (empty, not repeated)',
        [
          { ...gpt, model: '' },
          { ...claude, model: '', effectiveFrom: gpt.effectiveFrom },
        ],
        [
          [ids.priceModel(0), 'Model is empty.'],
          [ids.priceModel(1), 'Model is empty.'],
        ],
      ],
      [
        'a new entry',
        [{ model: '', effectiveFrom: '2025-03-04' }],
        [
          [ids.priceModel(0), 'Model is empty.'],
          [ids.priceInputPerMillion(0), 'Input price is empty.'],
          [ids.priceOutputPerMillion(0), 'Output price is empty.'],
        ],
      ],
      [
        'a provisioned entry that is not an object',
        [null as unknown as PriceOverride],
        [
          [ids.priceModel(0), 'Model is empty.'],
          [ids.priceEffectiveFrom(0), 'Effective from is empty.'],
          [ids.priceInputPerMillion(0), 'Input price is empty.'],
          [ids.priceOutputPerMillion(0), 'Output price is empty.'],
        ],
      ],
      [
        'a provisioned price given as text',
        [{ ...gpt, inputPerMillion: '5' as unknown as number }],
        [[ids.priceInputPerMillion(0), 'Input price must be a number; "5" is not.']],
      ],
    ])('names %s, on the fields concerned only', (_case, prices, expected) => {
      renderEditor(settings({ prices: prices as PriceOverride[] }));

      expect(alertTexts()).toEqual(expected.map(([, message]) => message));
      const flagged = new Set(expected.map(([testId]) => testId));
      for (const testId of prices.flatMap((_, index) => fieldIds(index))) {
        expect(screen.getByTestId(testId)).toHaveAttribute('aria-invalid', String(flagged.has(testId)));
      }
    });

    it('flags nothing for valid entries: free models, a leap day, a model over several days, models on one day', () => {
      renderEditor(
        settings({
          prices: [
            { ...gpt, inputPerMillion: 0, outputPerMillion: 0 },
            { ...gpt, effectiveFrom: '2024-02-29' },
            { ...gpt, effectiveFrom: '2024-10-01', inputPerMillion: 2.5, outputPerMillion: 10 },
            { ...claude, effectiveFrom: gpt.effectiveFrom },
            { ...gpt, model: 'gpt-4o-mini' },
          ],
        })
      );

      expect(alertTexts()).toEqual([]);
    });

    it(`names a list longer than ${PRICE_OVERRIDES_MAX} entries, and adds no more`, () => {
      renderEditor(settings({ prices: manyPrices(PRICE_OVERRIDES_MAX + 1) }));

      expect(alertTexts()).toEqual(['501 prices: at most 500 are allowed.']);
      expect(screen.getByTestId(ids.addPrice)).toBeDisabled();
    });

    it('names a model longer than the backend takes', () => {
      renderEditor(settings({ prices: [{ ...gpt, model: 'm'.repeat(129) }] }));

      expect(alertTexts()).toEqual(['Model is longer than 128 characters.']);
      expect(screen.getByTestId(ids.priceModel(0))).toHaveAttribute('aria-invalid', 'true');
    });

    it('names a bad entry of a list that is too long, as well as the list', () => {
      const prices = manyPrices(PRICE_OVERRIDES_MAX + 1);
      prices[2] = { ...prices[2], inputPerMillion: -1 };
      renderEditor(settings({ prices }));

      expect(alertTexts()).toEqual([
        'Input price must be 0 or more; -1 is not.',
        '501 prices: at most 500 are allowed.',
      ]);
    });

    it.each([
      [PRICE_OVERRIDES_MAX, false],
      [PRICE_OVERRIDES_MAX - 1, true],
    ])('with %s entries: nothing flagged, adding allowed: %s', (count, canAdd) => {
      renderEditor(settings({ prices: manyPrices(count) }));

      expect(alertTexts()).toEqual([]);
      expect(screen.getByTestId(ids.addPrice).hasAttribute('disabled')).toBe(!canAdd);
    });
  });
});
