import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { testIds } from '../../shared/testIds';
import type { LedgerDataQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';
import { asDatasource, changes, fakeDatasource, lastQuery } from './query/testing';

function renderEditor(query: unknown) {
  const { onChange, onRunQuery } = changes();
  render(
    <VariableQueryEditor
      query={query as LedgerDataQuery}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={asDatasource(fakeDatasource())}
    />
  );
  return { onChange, onRunQuery };
}

const option = (field: string) => screen.getByTestId(testIds.queryEditor.option(field));

describe('ledger VariableQueryEditor', () => {
  it('shows which list, the text its values contain and how many, and nothing else', () => {
    renderEditor({ refId: 'V', queryType: 'variableValues', variable: 'models', search: 'gpt', limit: 50 });

    expect(within(option('variable')).getByRole('radio', { name: 'Models' })).toBeChecked();
    expect(option('search')).toHaveValue('gpt');
    expect(option('limit')).toHaveValue(50);
    expect(screen.queryByTestId(testIds.queryEditor.queryType)).toBeNull();
    expect(screen.queryByTestId(testIds.queryEditor.filter('tenants'))).toBeNull();
  });

  it('choosing a list writes the query model and runs it', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'V', queryType: 'variableValues', variable: 'tenants' });

    fireEvent.click(within(option('variable')).getByRole('radio', { name: 'Audit actions' }));

    expect(lastQuery(onChange)).toEqual({ refId: 'V', queryType: 'variableValues', variable: 'actions' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it.each<[string, unknown, string]>([
    ['a new variable (no query yet)', undefined, 'Tenants'],
    ['a new variable (an empty string)', '', 'Tenants'],
    ['a plain list name', 'users', 'Users'],
    ['a string that names no list', 'costs', 'Tenants'],
    ['a query model without a list', { refId: 'V' }, 'Tenants'],
  ])('reads %s', (_, stored, checked) => {
    renderEditor(stored);
    expect(within(option('variable')).getByRole('radio', { name: checked })).toBeChecked();
  });

  it.each<[string, unknown, string]>([
    ['a new variable (an empty string)', '', 'tenants'],
    ['a new variable (no query yet)', undefined, 'tenants'],
    ['a plain list name', 'models', 'models'],
    ['a query model without a type', { refId: 'V', variable: 'users' }, 'users'],
  ])('stores the query model for %s, so that the variable lists what the editor shows', (_, stored, variable) => {
    const { onChange, onRunQuery } = renderEditor(stored);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(lastQuery(onChange)).toMatchObject({ queryType: 'variableValues', variable });
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('leaves a stored query model as it is when it opens', () => {
    const { onChange } = renderEditor({ refId: 'V', queryType: 'variableValues', variable: 'models' });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says how to make All filter nothing', () => {
    renderEditor({ refId: 'V', queryType: 'variableValues', variable: 'tenants' });
    expect(screen.getByTestId(testIds.variableEditor.allHint)).toHaveTextContent('set the custom all value to *');
  });

  it('turns a plain list name into the query model on the first change', () => {
    const { onChange } = renderEditor('models');

    fireEvent.change(option('search'), { target: { value: 'claude' } });

    expect(lastQuery(onChange)).toEqual({
      refId: 'variable',
      queryType: 'variableValues',
      variable: 'models',
      search: 'claude',
    });
  });
});
