import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { testIds } from '../../shared/testIds';
import type { LedgerDataQuery } from '../types';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { asDatasource, changes, fakeDatasource, giveElementsASize, lastQuery, openMenu } from './query/testing';

giveElementsASize();

function renderEditor(query: Partial<LedgerDataQuery>) {
  const { onChange, onRunQuery } = changes();
  const datasource = fakeDatasource(['KB_DELETE', 'USER_ROLE_CHANGE']);
  render(
    <AnnotationQueryEditor
      query={{ refId: 'Anno', ...query }}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={asDatasource(datasource)}
    />
  );
  return { onChange, onRunQuery, datasource };
}

const option = (field: string) => screen.getByTestId(testIds.queryEditor.option(field));

describe('ledger AnnotationQueryEditor', () => {
  it("shows the audit trail's filters and how many events at most, not the table's page options", () => {
    renderEditor({ queryType: 'auditEvents', asAnnotations: true, pageSize: 20 });

    for (const list of ['actions', 'users', 'tenants']) {
      expect(screen.getByTestId(testIds.queryEditor.filter(list))).toBeInTheDocument();
    }
    expect(option('text')).toBeInTheDocument();
    expect(option('pageSize')).toHaveValue(20);
    for (const hidden of ['sort', 'direction', 'page', 'asAnnotations', 'eventId']) {
      expect(screen.queryByTestId(testIds.queryEditor.option(hidden))).toBeNull();
    }
    expect(screen.queryByTestId(testIds.queryEditor.filter('models'))).toBeNull();
  });

  it('every change keeps the query an audit annotation query', async () => {
    const { onChange } = renderEditor({});

    await openMenu(screen.getByTestId(testIds.queryEditor.filter('actions')), 'KB', 'KB_DELETE');
    fireEvent.click(screen.getByRole('option', { name: 'KB_DELETE' }));

    expect(lastQuery(onChange)).toEqual({
      refId: 'Anno',
      queryType: 'auditEvents',
      asAnnotations: true,
      sort: 'time',
      direction: 'desc',
      actions: ['KB_DELETE'],
    });
  });

  it('lists audit actions from the ledger', async () => {
    const { datasource } = renderEditor({ queryType: 'auditEvents', asAnnotations: true });
    await openMenu(screen.getByTestId(testIds.queryEditor.filter('actions')), 'USER', 'USER_ROLE_CHANGE');
    expect(datasource.listValues).toHaveBeenLastCalledWith('actions', 'USER', undefined);
  });

  it('runs on blur after the details text changes', () => {
    const { onChange, onRunQuery } = renderEditor({ queryType: 'auditEvents', asAnnotations: true });

    fireEvent.change(option('text'), { target: { value: 'role' } });
    fireEvent.blur(option('text'));

    expect(lastQuery(onChange)).toMatchObject({ text: 'role', asAnnotations: true });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
