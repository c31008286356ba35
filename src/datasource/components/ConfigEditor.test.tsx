import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import type { LedgerSecureJsonData } from '../../shared/datasourceSettings';
import { testIds } from '../../shared/testIds';
import type { LedgerOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<LedgerOptions, LedgerSecureJsonData>;

function settings(overrides: Partial<Settings> = {}): Settings {
  // `database` is deprecated but still required by the type; the ledger keeps its settings in jsonData.
  return {
    id: 1,
    uid: 'llmops-ledger',
    orgId: 1,
    name: 'LLM Ops Ledger',
    type: 'llmops-ledger-datasource',
    typeName: 'LLM Ops Ledger',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    readOnly: false,
    withCredentials: false,
    jsonData: {},
    secureJsonFields: {},
    ...overrides,
  } as Settings;
}

function renderEditor(options: Settings) {
  const onOptionsChange = jest.fn<void, [Settings]>();
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return onOptionsChange;
}

describe('ledger ConfigEditor', () => {
  describe('description', () => {
    it('shows the saved description', () => {
      renderEditor(settings({ jsonData: { description: 'RAGFlow production' } }));
      expect(screen.getByTestId(testIds.datasourceConfig.description)).toHaveValue('RAGFlow production');
    });

    it('puts a new description into jsonData and keeps the other settings', () => {
      const onOptionsChange = renderEditor(settings({ jsonData: { description: 'old', manageAlerts: true } }));

      fireEvent.change(screen.getByTestId(testIds.datasourceConfig.description), { target: { value: 'staging' } });

      expect(onOptionsChange).toHaveBeenCalledTimes(1);
      const next = onOptionsChange.mock.calls[0][0];
      expect(next.jsonData).toEqual({ description: 'staging', manageAlerts: true });
      expect(next.uid).toBe('llmops-ledger');
      expect(next.secureJsonData).toBeUndefined();
    });
  });

  describe('password', () => {
    it('sends a typed password as secureJsonData, never as jsonData', () => {
      const onOptionsChange = renderEditor(settings());

      fireEvent.change(screen.getByTestId(testIds.datasourceConfig.password), { target: { value: 's3cret' } });

      const next = onOptionsChange.mock.calls[0][0];
      expect(next.secureJsonData).toEqual({ password: 's3cret' });
      expect(next.jsonData).toEqual({});
    });

    it('shows a stored password as configured, without its value, and cannot be edited', () => {
      renderEditor(settings({ secureJsonFields: { password: true } }));

      const input = screen.getByTestId(testIds.datasourceConfig.password);
      expect(input).toBeDisabled();
      expect(input).toHaveValue('configured');
    });

    it('reset clears the configured flag and the value, so a new password can be typed', () => {
      const onOptionsChange = renderEditor(
        settings({ secureJsonFields: { password: true, other: true }, jsonData: { description: 'kept' } })
      );

      fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

      expect(onOptionsChange).toHaveBeenCalledTimes(1);
      const next = onOptionsChange.mock.calls[0][0];
      expect(next.secureJsonFields).toEqual({ password: false, other: true });
      expect(next.secureJsonData).toEqual({ password: '' });
      expect(next.jsonData).toEqual({ description: 'kept' });
    });

    it('offers no reset while no password is stored', () => {
      renderEditor(settings());
      expect(screen.queryByRole('button', { name: 'Reset' })).not.toBeInTheDocument();
      expect(screen.getByTestId(testIds.datasourceConfig.password)).toBeEnabled();
    });
  });
});
