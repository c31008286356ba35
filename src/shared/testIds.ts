/**
 * Test ids shared by the components, the Jest tests and the browser tests. One nested object per
 * area. Values follow Grafana's `data-testid <description>` convention so that selectors read well
 * in failure messages.
 */
export const testIds = {
  appOverview: {
    container: 'data-testid llmops overview container',
    installed: 'data-testid llmops overview installed',
    upcomingPages: 'data-testid llmops overview upcoming pages',
  },
  appConfig: {
    container: 'data-testid llmops app-config container',
    status: 'data-testid llmops app-config status',
    enable: 'data-testid llmops app-config enable',
    disable: 'data-testid llmops app-config disable',
  },
  datasourceConfig: {
    container: 'data-testid llmops ds-config container',
    description: 'data-testid llmops ds-config description',
    password: 'data-testid llmops ds-config password',
  },
  queryEditor: {
    container: 'data-testid llmops query-editor container',
    queryType: 'data-testid llmops query-editor query-type',
    rows: 'data-testid llmops query-editor rows',
    message: 'data-testid llmops query-editor message',
  },
} as const;
