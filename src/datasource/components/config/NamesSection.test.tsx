import { fireEvent, screen, within } from '@testing-library/react';
import { DEFAULT_SETTINGS } from '../../../shared/datasourceSettings';
import { testIds } from '../../../shared/testIds';
import { alertTexts, renderEditor, sent, settings } from './testing';

const ids = testIds.datasourceConfig;

describe('Names section', () => {
  it("shows RAGFlow's tables as the defaults, names on", () => {
    renderEditor(settings());

    expect(screen.getByTestId(ids.tenantTable)).toHaveAttribute('placeholder', DEFAULT_SETTINGS.tenantTable);
    expect(screen.getByTestId(ids.userTable)).toHaveAttribute('placeholder', DEFAULT_SETTINGS.userTable);
    expect(screen.getByTestId(ids.tenantColumn('name'))).toHaveAttribute('placeholder', 'name');
    expect(screen.getByTestId(ids.userColumn('name'))).toHaveAttribute('placeholder', 'nickname');
    expect(screen.getByTestId(ids.userColumn('email'))).toHaveAttribute('placeholder', 'email');
    expect(within(screen.getByTestId(ids.names)).getByRole('radio', { name: 'By name' })).toBeChecked();
    expect(alertTexts()).toEqual([]);
  });

  it.each([
    ['a user table', ids.userTable, 'accounts', { userTable: 'accounts' }],
    ['a tenant name column', ids.tenantColumn('name'), 'title', { tenantColumns: { name: 'title' } }],
  ])('saves %s', (_name, testId, value, expected) => {
    const onOptionsChange = renderEditor(settings({ description: 'kept' }));

    fireEvent.change(screen.getByTestId(testId), { target: { value } });

    expect(sent(onOptionsChange).jsonData).toEqual({ description: 'kept', ...expected });
  });

  it('turns names off', () => {
    const onOptionsChange = renderEditor(settings());

    fireEvent.click(within(screen.getByTestId(ids.names)).getByRole('radio', { name: 'By id' }));
    expect(sent(onOptionsChange).jsonData).toEqual({ names: 'off' });
  });

  it('flags a table name that is not a plain identifier', () => {
    renderEditor(settings({ tenantTable: 'tenant; DROP TABLE x' }));

    expect(alertTexts()).toEqual([
      '"tenant; DROP TABLE x" is not a plain identifier: use letters, digits and _, and do not start with a digit.',
    ]);
  });
});
