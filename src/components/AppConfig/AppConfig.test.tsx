import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PluginType, type AppPluginMeta, type AppPlugin } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { testIds } from '../../shared/testIds';
import AppConfig, { type AppConfigProps } from './AppConfig';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  locationService: { reload: jest.fn() },
}));

const post = jest.fn();

function renderConfig(enabled: boolean) {
  const meta = {
    id: 'llmops-observability-app',
    name: 'LLM Ops Observability',
    type: PluginType.app,
    enabled,
    pinned: enabled,
    jsonData: {},
    info: {},
    module: '',
    baseUrl: '',
  } as unknown as AppPluginMeta<Record<string, never>>;
  const props = { plugin: { meta } as AppPlugin<Record<string, never>>, query: {} } as AppConfigProps;
  render(<AppConfig {...props} />);
}

describe('app configuration page', () => {
  beforeEach(() => {
    jest.mocked(getBackendSrv).mockReturnValue({ post } as unknown as ReturnType<typeof getBackendSrv>);
    post.mockReset();
    jest.mocked(locationService.reload).mockReset();
  });

  it('says that the app is enabled and offers to disable it', () => {
    renderConfig(true);
    expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('The app is enabled.');
    expect(screen.getByTestId(testIds.appConfig.disable)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.appConfig.enable)).not.toBeInTheDocument();
  });

  it('enabling saves enabled and pinned settings for this plugin, then reloads', async () => {
    post.mockResolvedValue({});
    renderConfig(false);
    expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('The app is disabled.');

    fireEvent.click(screen.getByTestId(testIds.appConfig.enable));

    await waitFor(() => expect(locationService.reload).toHaveBeenCalledTimes(1));
    expect(post).toHaveBeenCalledWith('/api/plugins/llmops-observability-app/settings', {
      enabled: true,
      pinned: true,
      jsonData: {},
    });
  });

  it('disabling unpins the app', async () => {
    post.mockResolvedValue({});
    renderConfig(true);

    fireEvent.click(screen.getByTestId(testIds.appConfig.disable));

    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0][1]).toMatchObject({ enabled: false, pinned: false });
  });

  it('shows the error and does not reload when saving fails', async () => {
    post.mockRejectedValue(new Error('403 Forbidden'));
    renderConfig(false);

    fireEvent.click(screen.getByTestId(testIds.appConfig.enable));

    expect(await screen.findByText('403 Forbidden')).toBeInTheDocument();
    expect(locationService.reload).not.toHaveBeenCalled();
    expect(screen.getByTestId(testIds.appConfig.enable)).toBeEnabled();
  });
});
