import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Button,
  FieldValidationMessage,
  IconButton,
  InlineField,
  InlineFieldRow,
  InlineLabel,
  Input,
  useStyles2,
} from '@grafana/ui';

export interface EntryColumn {
  label: string;
  /** In grid units, as the input's `width` below it. */
  width: number;
  tooltip?: string;
}

interface EntryListProps {
  columns: EntryColumn[];
  count: number;
  /** The most entries the backend takes: no entry is added past it. */
  max: number;
  /** Why the list as a whole is refused (more entries than `max`), from the shared schema. */
  error: string | undefined;
  /** "price", "budget": names the add button and the count message. */
  noun: string;
  addTestId: string;
  onAdd: () => void;
  /** The rows, as EntryRow elements. */
  children: ReactNode;
}

/**
 * An editable list with one row per entry under a header of column labels, and a button that adds
 * an entry. A list longer than the backend takes is flagged under it; no entry is added past that.
 */
export function EntryList({ columns, count, max, error, noun, addTestId, onAdd, children }: EntryListProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.list}>
      {count > 0 && (
        <InlineFieldRow>
          {columns.map((column) => (
            <InlineLabel key={column.label} as="span" width={column.width} tooltip={column.tooltip}>
              {column.label}
            </InlineLabel>
          ))}
        </InlineFieldRow>
      )}
      {children}
      {error && <FieldValidationMessage>{error}</FieldValidationMessage>}
      <div>
        <Button variant="secondary" icon="plus" onClick={onAdd} disabled={count >= max} data-testid={addTestId}>
          Add {noun}
        </Button>
      </div>
    </div>
  );
}

interface EntryRowProps {
  /** The row's place in the list, from 0; 1-based in the remove button's label. */
  index: number;
  noun: string;
  testId: string;
  removeTestId: string;
  onRemove: () => void;
  /** One EntryCell per column. */
  children: ReactNode;
}

export function EntryRow({ index, noun, testId, removeTestId, onRemove, children }: EntryRowProps) {
  const styles = useStyles2(getStyles);
  return (
    <InlineFieldRow data-testid={testId}>
      {children}
      <div className={styles.remove}>
        <IconButton
          name="trash-alt"
          aria-label={`Remove ${noun} ${index + 1}`}
          onClick={onRemove}
          data-testid={removeTestId}
        />
      </div>
    </InlineFieldRow>
  );
}

interface EntryCellProps {
  id: string;
  /** The input's accessible name: its column and its row, as the header only shows the column. */
  label: string;
  width: number;
  testId: string;
  /** `number` inputs take amounts: 0 or more, any fraction. */
  type?: 'text' | 'date' | 'number';
  value: string | number | undefined;
  placeholder?: string;
  /** Why the value is refused, shown under the input; the value is kept all the same. */
  error: string | undefined;
  /** The input's text, as typed. */
  onChange: (text: string) => void;
}

/** One field of an entry, in its column. */
export function EntryCell({ id, label, width, testId, type, value, placeholder, error, onChange }: EntryCellProps) {
  const amount = type === 'number';
  return (
    <InlineField invalid={error !== undefined} error={error} htmlFor={id}>
      <Input
        id={id}
        aria-label={label}
        type={type}
        width={width}
        min={amount ? 0 : undefined}
        step={amount ? 'any' : undefined}
        value={value ?? ''}
        placeholder={placeholder}
        onChange={(event) => onChange(event.currentTarget.value)}
        data-testid={testId}
      />
    </InlineField>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), marginBottom: theme.spacing(2) }),
  // As high as an input, so that the button stands level with the inputs of its row.
  remove: css({ display: 'flex', alignItems: 'center', height: theme.spacing(theme.components.height.md) }),
});
