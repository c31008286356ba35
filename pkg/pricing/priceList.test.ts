import { END_OF_TIME_MS, intervalsInRange, modelKey, priceIntervals } from './priceList';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('price list', () => {
  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['GPT-4o@OpenAI', 'gpt-4o'],
    ['openai/gpt-4o-mini', 'gpt-4o-mini'],
    ['deepseek-chat@DeepSeek', 'deepseek-chat'],
  ])('matches %s as %s', (name, key) => {
    expect(modelKey(name)).toBe(key);
  });

  it('prices a catalog model for all time when the datasource has no entry', () => {
    expect(priceIntervals([]).filter((p) => p.model === 'gpt-4o')).toEqual([
      {
        model: 'gpt-4o',
        fromMs: 0,
        toMs: END_OF_TIME_MS,
        inputPerMillion: 2.5,
        outputPerMillion: 10,
        source: 'catalog',
      },
    ]);
  });

  it('splits history at each effective date, in date order whatever the list order', () => {
    const list = priceIntervals([
      { model: 'GPT-4o', effectiveFrom: '2026-06-01', inputPerMillion: 1, outputPerMillion: 4 },
      { model: 'gpt-4o', effectiveFrom: '2026-01-01', inputPerMillion: 2, outputPerMillion: 8 },
    ]).filter((p) => p.model === 'gpt-4o');
    expect(list.map((p) => [p.fromMs, p.toMs, p.inputPerMillion, p.source])).toEqual([
      [0, day('2026-01-01'), 2.5, 'catalog'],
      [day('2026-01-01'), day('2026-06-01'), 2, 'datasource'],
      [day('2026-06-01'), END_OF_TIME_MS, 1, 'datasource'],
    ]);
  });

  it('has no price before the first entry of a model the catalog does not know', () => {
    const list = priceIntervals([
      { model: 'house-model', effectiveFrom: '2026-03-01', inputPerMillion: 1, outputPerMillion: 3 },
    ]).filter((p) => p.model === 'house-model');
    expect(list.map((p) => [p.fromMs, p.toMs])).toEqual([[day('2026-03-01'), END_OF_TIME_MS]]);
  });

  it('lets the last entry of a day win', () => {
    const list = priceIntervals([
      { model: 'm', effectiveFrom: '2026-03-01', inputPerMillion: 1, outputPerMillion: 1 },
      { model: 'm', effectiveFrom: '2026-03-01', inputPerMillion: 9, outputPerMillion: 9 },
    ]).filter((p) => p.model === 'm');
    expect(list.map((p) => p.inputPerMillion)).toEqual([9]);
  });

  it('keeps only intervals that overlap the range', () => {
    const list = priceIntervals([
      { model: 'gpt-4o', effectiveFrom: '2026-06-01', inputPerMillion: 1, outputPerMillion: 4 },
    ]).filter((p) => p.model === 'gpt-4o');
    expect(intervalsInRange(list, day('2026-07-01'), day('2026-08-01')).map((p) => p.inputPerMillion)).toEqual([1]);
    expect(intervalsInRange(list, day('2026-05-01'), day('2026-07-01')).map((p) => p.inputPerMillion)).toEqual([
      2.5, 1,
    ]);
  });
});
