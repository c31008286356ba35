/**
 * Test ids shared by the components, the Jest tests and the browser tests. One nested object per
 * area. Values follow Grafana's `data-testid <description>` convention so that selectors read well
 * in failure messages.
 */
export const testIds = {
  /** Shared by every app page. */
  page: {
    addToDashboard: 'data-testid llmops page add to dashboard',
    noAccess: 'data-testid llmops page no access',
    turnedOff: 'data-testid llmops page turned off',
    loading: 'data-testid llmops page loading',
    loadError: 'data-testid llmops page load error',
  },
  // LLM Cost page (src/pages/Cost).
  cost: {
    noDatasource: 'data-testid llmops cost no datasource',
    unpriced: 'data-testid llmops cost unpriced models',
    unpricedModel: (model: string) => `data-testid llmops cost unpriced model ${model}`,
    addPrice: 'data-testid llmops cost add price',
    allPriced: 'data-testid llmops cost all priced',
    unpricedError: 'data-testid llmops cost unpriced error',
  },
  // Audit Trail page (src/pages/Audit).
  audit: {
    notConfigured: 'data-testid llmops audit not configured',
    /** The note that e-mail addresses are masked for this viewer. */
    piiNote: 'data-testid llmops audit pii note',
    events: 'data-testid llmops audit events',
    eventsError: 'data-testid llmops audit events error',
    eventsEmpty: 'data-testid llmops audit events empty',
    eventsLoading: 'data-testid llmops audit events loading',
    /** "1,234 events · page 2 of 25". */
    total: 'data-testid llmops audit events total',
    /** The header button of a sortable column: `time`, `action`, `user`, `tenant`. */
    sortHeader: (column: string) => `data-testid llmops audit sort ${column}`,
    eventRow: (id: string) => `data-testid llmops audit event row ${id}`,
    eventLink: (id: string) => `data-testid llmops audit event link ${id}`,
    pagination: 'data-testid llmops audit pagination',
    exportCsv: 'data-testid llmops audit export csv',
    exportStatus: 'data-testid llmops audit export status',
    eventDetail: 'data-testid llmops audit event detail',
    eventNotFound: 'data-testid llmops audit event not found',
    eventError: 'data-testid llmops audit event error',
    eventJson: 'data-testid llmops audit event json',
    changes: 'data-testid llmops audit event changes',
    /** A row of the before/after table, by field path. */
    changeRow: (field: string) => `data-testid llmops audit event change ${field}`,
    /** Whether the hash chains hold, and the trail's state (AuditTrustScene). */
    trust: 'data-testid llmops audit trust',
    /** One chain's line, by tenant ('' for the events without a tenant). */
    trustChain: (tenant: string) => `data-testid llmops audit trust chain=${tenant}`,
    trustBreakLink: (tenant: string) => `data-testid llmops audit trust break link=${tenant}`,
    trustLoading: 'data-testid llmops audit trust loading',
    trustError: 'data-testid llmops audit trust error',
    trustState: 'data-testid llmops audit trust state',
  },
  // Service Health page (src/pages/ServiceHealth).
  health: {
    /** Stands where a datasource's panels would be: `prometheus`, `loki` or `jaeger`. */
    missingDatasource: (source: string) => `data-testid llmops health missing ${source}`,
  },
  appConfig: {
    container: 'data-testid llmops app-config container',
    status: 'data-testid llmops app-config status',
    enable: 'data-testid llmops app-config enable',
    disable: 'data-testid llmops app-config disable',
    readOnly: 'data-testid llmops app-config read only',
    // Datasource choices, by settings key (`prometheusDatasourceUid`, …).
    datasource: (key: string) => `data-testid llmops app-config datasource ${key}`,
    datasourceNote: (key: string) => `data-testid llmops app-config datasource ${key} note`,
    datasourceUseDefault: (key: string) => `data-testid llmops app-config datasource ${key} use default`,
    serviceName: 'data-testid llmops app-config service name',
    // Budget rows, by index in the list (0 = first).
    budgetRow: (index: number) => `data-testid llmops app-config budget ${index}`,
    budgetTenant: (index: number) => `data-testid llmops app-config budget ${index} tenant`,
    budgetMonthlyBudget: (index: number) => `data-testid llmops app-config budget ${index} monthly budget`,
    budgetRemove: (index: number) => `data-testid llmops app-config budget ${index} remove`,
    addBudget: 'data-testid llmops app-config add budget',
    auditEnabled: 'data-testid llmops app-config audit enabled',
    serviceHealthEnabled: 'data-testid llmops app-config service health enabled',
    save: 'data-testid llmops app-config save',
    saveError: 'data-testid llmops app-config save error',
    invalid: 'data-testid llmops app-config invalid',
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
    /** Names: on or off (a radio group, see above), the two tables, their columns, how users read. */
    names: 'data-testid llmops ds-config names',
    tenantTable: 'data-testid llmops ds-config tenant table',
    userTable: 'data-testid llmops ds-config user table',
    tenantColumn: (meaning: string) => `data-testid llmops ds-config tenant column ${meaning}`,
    userColumn: (meaning: string) => `data-testid llmops ds-config user column ${meaning}`,
    userLabel: 'data-testid llmops ds-config user label',
    maxRows: 'data-testid llmops ds-config max rows',
    queryTimeoutSeconds: 'data-testid llmops ds-config query timeout seconds',
    rollups: 'data-testid llmops ds-config rollups',
    rollupMaxAgeSeconds: 'data-testid llmops ds-config rollup max age seconds',
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
    /** An option by its name in the query model: `rows`, `groupBy`, `forAlerting`… (on the input, or on the field of a button group). */
    option: (field: string) => `data-testid llmops query-editor ${field}`,
    /** The field around a filter list: `tenants`, `users`, `models`, `actions`. */
    filter: (list: string) => `data-testid llmops query-editor filter ${list}`,
    alertingHint: 'data-testid llmops query-editor alerting hint',
  },
  variableEditor: {
    container: 'data-testid llmops variable-editor container',
    /** Says to give "Include All" the all value `*`. */
    allHint: 'data-testid llmops variable-editor all hint',
  },
  annotationEditor: {
    container: 'data-testid llmops annotation-editor container',
  },
} as const;
