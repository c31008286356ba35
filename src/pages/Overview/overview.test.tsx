import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { SceneFlexItem, SceneFlexLayout, SceneReactObject } from '@grafana/scenes';
import { testIds } from '../../shared/testIds';
import { InstalledNotice } from './InstalledNotice';
import { getOverviewPage } from './overviewPage';
import { UPCOMING_PAGES, getOverviewScene } from './overviewScene';

describe('overview page', () => {
  it('is served at /a/<app id>/overview', () => {
    const page = getOverviewPage();
    expect(page.state.url).toBe('/a/llmops-observability-app/overview');
    expect(page.state.routePath).toBe('overview');
    expect(page.state.title).toBe('Overview');
  });

  it('builds a new scene on every call, so state does not leak between visits', () => {
    expect(getOverviewScene()).not.toBe(getOverviewScene());
    expect(getOverviewPage()).not.toBe(getOverviewPage());
  });

  it('the scene shows the installed notice with the pages to come', () => {
    const body = getOverviewScene().state.body;
    expect(body).toBeInstanceOf(SceneFlexLayout);
    const item = (body as SceneFlexLayout).state.children[0];
    expect(item).toBeInstanceOf(SceneFlexItem);
    const notice = (item as SceneFlexItem).state.body;
    expect(notice).toBeInstanceOf(SceneReactObject);
    expect((notice as SceneReactObject).state.component).toBe(InstalledNotice);
    expect((notice as SceneReactObject).state.props).toEqual({ upcomingPages: UPCOMING_PAGES });
  });
});

describe('installed notice', () => {
  it('says the app is installed and lists the upcoming pages in order', () => {
    render(<InstalledNotice upcomingPages={UPCOMING_PAGES} />);

    expect(screen.getByTestId(testIds.appOverview.installed)).toHaveTextContent('The app is installed.');
    const items = within(screen.getByTestId(testIds.appOverview.upcomingPages)).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['LLM Cost', 'Audit Trail', 'Service Health']);
  });
});
