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
    host: 'data-testid llmops ds-config host',
    port: 'data-testid llmops ds-config port',
    database: 'data-testid llmops ds-config database',
    user: 'data-testid llmops ds-config user',
    password: 'data-testid llmops ds-config password',
    // tlsMode, timeAxis and the two roles are radio groups: their ids sit on the field around the
    // group (Grafana 12's RadioButtonGroup takes no test id); find an option by its radio role.
    tlsMode: 'data-testid llmops ds-config tls mode',
    tlsCACert: 'data-testid llmops ds-config tls ca cert',
    tlsClientCert: 'data-testid llmops ds-config tls client cert',
    tlsClientKey: 'data-testid llmops ds-config tls client key',
    usageTable: 'data-testid llmops ds-config usage table',
    auditTable: 'data-testid llmops ds-config audit table',
    timeAxis: 'data-testid llmops ds-config time axis',
    /** The header that opens and closes the column names. */
    columnNames: 'data-testid llmops ds-config column names',
    usageColumn: (meaning: string) => `data-testid llmops ds-config usage column ${meaning}`,
    auditColumn: (meaning: string) => `data-testid llmops ds-config audit column ${meaning}`,
    maxRows: 'data-testid llmops ds-config max rows',
    queryTimeoutSeconds: 'data-testid llmops ds-config query timeout seconds',
    pinnedTenant: 'data-testid llmops ds-config pinned tenant',
    auditMinRole: 'data-testid llmops ds-config audit min role',
    piiMinRole: 'data-testid llmops ds-config pii min role',
    description: 'data-testid llmops ds-config description',
    // Price and budget rows, by index in their list (0 = first).
    priceRow: (index: number) => `data-testid llmops ds-config price ${index}`,
    priceModel: (index: number) => `data-testid llmops ds-config price ${index} model`,
    priceEffectiveFrom: (index: number) => `data-testid llmops ds-config price ${index} effective from`,
    priceInputPerMillion: (index: number) => `data-testid llmops ds-config price ${index} input per million`,
    priceOutputPerMillion: (index: number) => `data-testid llmops ds-config price ${index} output per million`,
    priceRemove: (index: number) => `data-testid llmops ds-config price ${index} remove`,
    addPrice: 'data-testid llmops ds-config add price',
    budgetRow: (index: number) => `data-testid llmops ds-config budget ${index}`,
    budgetTenant: (index: number) => `data-testid llmops ds-config budget ${index} tenant`,
    budgetMonthlyBudget: (index: number) => `data-testid llmops ds-config budget ${index} monthly budget`,
    budgetRemove: (index: number) => `data-testid llmops ds-config budget ${index} remove`,
    addBudget: 'data-testid llmops ds-config add budget',
  },
  queryEditor: {
    container: 'data-testid llmops query-editor container',
    queryType: 'data-testid llmops query-editor query-type',
    rows: 'data-testid llmops query-editor rows',
    message: 'data-testid llmops query-editor message',
  },
} as const;
