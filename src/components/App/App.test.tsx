import React from 'react';
import { render, screen } from '@testing-library/react';
import type { AppRootProps } from '@grafana/data';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { AppJsonData } from '../../shared/appSettings';
import { prefixRoute } from '../../utils/utils.routing';
import App from './App';

const props = {
  meta: { jsonData: {} },
  basename: PLUGIN_BASE_URL,
  query: {},
  path: PLUGIN_BASE_URL,
} as unknown as AppRootProps<AppJsonData>;

describe('App', () => {
  it.each([PLUGIN_BASE_URL, `${PLUGIN_BASE_URL}/`])('opens the LLM Cost page from the bare app URL %s', (url) => {
    render(
      <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path={prefixRoute(ROUTES.Cost)} element={<div data-testid="cost route" />} />
          <Route path="*" element={<App {...props} />} />
        </Routes>
      </MemoryRouter>
    );
    expect(screen.getByTestId('cost route')).toBeInTheDocument();
  });
});
