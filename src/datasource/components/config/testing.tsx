/** Helpers of the config sections' tests (not part of the plugin). */
import React from 'react';
import { render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import type { LedgerSecureJsonData } from '../../../shared/datasourceSettings';
import type { LedgerOptions } from '../../types';
import { ConfigEditor } from '../ConfigEditor';

export type Settings = DataSourceSettings<LedgerOptions, LedgerSecureJsonData>;

export function settings(jsonData: LedgerOptions = {}, overrides: Partial<Settings> = {}): Settings {
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
    jsonData,
    secureJsonFields: {},
    ...overrides,
  } as Settings;
}

/** Renders the whole settings page, so that alerts are counted page-wide. */
export function renderEditor(options: Settings) {
  const onOptionsChange = jest.fn<void, [Settings]>();
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return onOptionsChange;
}

/** The single settings object the editor sent since it was rendered. */
export function sent(onOptionsChange: jest.Mock<void, [Settings]>): Settings {
  expect(onOptionsChange).toHaveBeenCalledTimes(1);
  return onOptionsChange.mock.calls[0][0];
}

/** The text of every validation message on the page. */
export const alertTexts = () => screen.queryAllByRole('alert').map((alert) => alert.textContent);
