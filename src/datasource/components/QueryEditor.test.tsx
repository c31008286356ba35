import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { testIds } from '../../shared/testIds';
import type { DataSource } from '../datasource';
import type { LedgerDataQuery } from '../types';
import { validateQuery } from '../../shared/queryModel';
import { MESSAGE_MAX_LENGTH, QueryEditor, parseRows } from './QueryEditor';

function renderEditor(query: LedgerDataQuery) {
  const onChange = jest.fn<void, [LedgerDataQuery]>();
  const onRunQuery = jest.fn();
  render(<QueryEditor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as DataSource} />);
  return { onChange, onRunQuery };
}

const ping = (overrides: Partial<LedgerDataQuery> = {}): LedgerDataQuery => ({
  refId: 'A',
  queryType: 'ping',
  ...overrides,
});

describe('ledger QueryEditor', () => {
  it('shows the query type and the saved values', () => {
    renderEditor(ping({ rows: 12, message: 'hello' }));

    expect(screen.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Ping');
    expect(screen.getByTestId(testIds.queryEditor.rows)).toHaveValue(12);
    expect(screen.getByTestId(testIds.queryEditor.message)).toHaveValue('hello');
  });

  describe('rows', () => {
    it('sends the typed count as a number and keeps the rest of the query', () => {
      const { onChange } = renderEditor(ping({ rows: 3, message: 'm' }));

      fireEvent.change(screen.getByTestId(testIds.queryEditor.rows), { target: { value: '25' } });

      expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'ping', rows: 25, message: 'm' });
      expect(typeof onChange.mock.calls[0][0].rows).toBe('number');
    });

    it('runs the query when the field loses focus', () => {
      const { onRunQuery } = renderEditor(ping());
      const rows = screen.getByTestId(testIds.queryEditor.rows);

      fireEvent.change(rows, { target: { value: '40' } });
      expect(onRunQuery).not.toHaveBeenCalled();
      fireEvent.blur(rows);
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('an emptied field falls back to the default count', () => {
      const { onChange } = renderEditor(ping({ rows: 9 }));

      fireEvent.change(screen.getByTestId(testIds.queryEditor.rows), { target: { value: '' } });

      expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'ping', rows: undefined });
    });

    it.each(['0', '1001', '2.5', '-3'])('rejects %s: flags the field, keeps the query and does not run it', (value) => {
      const { onChange, onRunQuery } = renderEditor(ping({ rows: 3 }));
      const rows = screen.getByTestId(testIds.queryEditor.rows);

      fireEvent.change(rows, { target: { value } });
      fireEvent.blur(rows);

      expect(onChange).not.toHaveBeenCalled();
      expect(onRunQuery).not.toHaveBeenCalled();
      expect(screen.getByText('A whole number from 1 to 1000')).toBeInTheDocument();
    });
  });

  describe('message', () => {
    it('sends the typed message and runs the query on blur', () => {
      const { onChange, onRunQuery } = renderEditor(ping({ rows: 5 }));
      const message = screen.getByTestId(testIds.queryEditor.message);

      fireEvent.change(message, { target: { value: 'tenant $tenant' } });
      fireEvent.blur(message);

      expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'ping', rows: 5, message: 'tenant $tenant' });
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });

    it('removes the message from the query when the field is emptied', () => {
      const { onChange } = renderEditor(ping({ message: 'old' }));

      fireEvent.change(screen.getByTestId(testIds.queryEditor.message), { target: { value: '' } });

      expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'ping', message: undefined });
    });

    it('limits the message to the length the backend accepts', () => {
      renderEditor(ping());
      expect(screen.getByTestId(testIds.queryEditor.message)).toHaveAttribute('maxLength', String(MESSAGE_MAX_LENGTH));

      const withMessage = (length: number) => validateQuery({ queryType: 'ping', message: 'x'.repeat(length) });
      expect(withMessage(MESSAGE_MAX_LENGTH).ok).toBe(true);
      expect(withMessage(MESSAGE_MAX_LENGTH + 1)).toMatchObject({ ok: false, field: 'message' });
    });
  });
});

describe('parseRows', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['1', 1],
    ['1000', 1000],
    ['0', null],
    ['1001', null],
    ['1.5', null],
    ['abc', null],
  ])('%j → %p', (text, expected) => {
    expect(parseRows(text)).toBe(expected);
  });
});
