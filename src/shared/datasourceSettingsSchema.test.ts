import { BUDGETS_MAX, PRICE_OVERRIDES_MAX, type PriceOverride, type TenantBudget } from './datasourceSettings';
import {
  budgetListErrors,
  checkSettings,
  priceListErrors,
  settingError,
  tlsSecretErrors,
  type SecretKey,
  type SettingKey,
} from './datasourceSettingsSchema';

const base = { host: 'db', database: 'rag_flow' };
const gpt: PriceOverride = { model: 'gpt-4o', effectiveFrom: '2024-05-13', inputPerMillion: 5, outputPerMillion: 15 };
const acme: TenantBudget = { tenant: 'acme', monthlyBudget: 100 };
const PRICE_LABELS = {
  model: 'Model',
  effectiveFrom: 'Effective from',
  inputPerMillion: 'In',
  outputPerMillion: 'Out',
};
const BUDGET_LABELS = { tenant: 'Tenant', monthlyBudget: 'Monthly budget' };

/** The backend's verdict: 'ok', or the first issue's path and message. */
function check(jsonData: unknown, secrets: SecretKey[] = []): 'ok' | [string, string] {
  const r = checkSettings(jsonData, (key) => secrets.includes(key));
  return r.ok ? 'ok' : [r.issue.path.join('.'), r.issue.message];
}

describe('the settings schema, as the backend applies it', () => {
  it.each<[string, Record<string, unknown>, 'ok' | [string, string]]>([
    // description: text
    ['a description', { description: 'RAGFlow production' }, 'ok'],
    [
      'a description that is not text',
      { description: 5 },
      ['description', 'Invalid input: expected string, received number'],
    ],
    // host, database, user, pinned tenant: text up to a length
    ['a host of 255 characters', { host: 'h'.repeat(255) }, 'ok'],
    [
      'a host of 256 characters',
      { host: 'h'.repeat(256) },
      ['host', 'Too big: expected string to have <=255 characters'],
    ],
    ['a database of 64 characters', { database: 'd'.repeat(64) }, 'ok'],
    [
      'a database of 65 characters',
      { database: 'd'.repeat(65) },
      ['database', 'Too big: expected string to have <=64 characters'],
    ],
    ['a user of 128 characters', { user: 'u'.repeat(128) }, 'ok'],
    [
      'a user of 129 characters',
      { user: 'u'.repeat(129) },
      ['user', 'Too big: expected string to have <=128 characters'],
    ],
    ['a pinned tenant of 128 characters', { pinnedTenant: 't'.repeat(128) }, 'ok'],
    [
      'a pinned tenant of 129 characters',
      { pinnedTenant: 't'.repeat(129) },
      ['pinnedTenant', 'Too big: expected string to have <=128 characters'],
    ],
    // whole numbers within limits
    ['port 1', { port: 1 }, 'ok'],
    ['port 65535', { port: 65535 }, 'ok'],
    ['port 0', { port: 0 }, ['port', 'Too small: expected number to be >=1']],
    ['port 65536', { port: 65536 }, ['port', 'Too big: expected number to be <=65535']],
    ['a fractional port', { port: 1.5 }, ['port', 'Invalid input: expected int, received number']],
    ['a port as text', { port: '3306' }, ['port', 'Invalid input: expected number, received string']],
    ['max rows 1,000,000', { maxRows: 1_000_000 }, 'ok'],
    ['max rows 1,000,001', { maxRows: 1_000_001 }, ['maxRows', 'Too big: expected number to be <=1000000']],
    ['a query timeout of 600 s', { queryTimeoutSeconds: 600 }, 'ok'],
    [
      'a query timeout of 0 s',
      { queryTimeoutSeconds: 0 },
      ['queryTimeoutSeconds', 'Too small: expected number to be >=1'],
    ],
    // choices
    ['TLS mode verify-full', { tlsMode: 'verify-full' }, 'ok'],
    [
      'an unknown TLS mode',
      { tlsMode: 'on' },
      ['tlsMode', 'Invalid option: expected one of "disabled"|"required"|"verify-ca"|"verify-full"'],
    ],
    ['time axis create_time', { timeAxis: 'create_time' }, 'ok'],
    [
      'an unknown time axis',
      { timeAxis: 'date' },
      ['timeAxis', 'Invalid option: expected one of "timestamp"|"create_time"'],
    ],
    ['audit role Viewer', { auditMinRole: 'Viewer' }, 'ok'],
    [
      'an unknown audit role',
      { auditMinRole: 'Owner' },
      ['auditMinRole', 'Invalid option: expected one of "Viewer"|"Editor"|"Admin"'],
    ],
    [
      'an unknown personal-data role',
      { piiMinRole: 'admin' },
      ['piiMinRole', 'Invalid option: expected one of "Viewer"|"Editor"|"Admin"'],
    ],
    // table names: plain identifiers, empty for the default
    ['a table name of 64 characters', { usageTable: 'a'.repeat(64) }, 'ok'],
    ['an empty table name (the default)', { auditTable: '' }, 'ok'],
    [
      'a table name with a dash',
      { usageTable: 'token-usage' },
      ['usageTable', 'expected a plain identifier (letters, digits, _; at most 64)'],
    ],
    [
      'a table name starting with a digit',
      { auditTable: '1audit' },
      ['auditTable', 'expected a plain identifier (letters, digits, _; at most 64)'],
    ],
    [
      'a table name of 65 characters',
      { usageTable: 'a'.repeat(65) },
      ['usageTable', 'expected a plain identifier (letters, digits, _; at most 64)'],
    ],
    // column maps: known meanings, identifiers or '' for the default
    ['renamed and emptied columns', { usageColumns: { model: 'llm_name', cost: '' } }, 'ok'],
    [
      'a column name with a backtick',
      { auditColumns: { action: 'a`b' } },
      ['auditColumns.action', 'expected a plain identifier (letters, digits, _; at most 64)'],
    ],
    ['an unknown column meaning', { usageColumns: { modle: 'm' } }, ['usageColumns', 'Unrecognized key: "modle"']],
    // prices
    [
      'prices from a leap day, free or not',
      { prices: [gpt, { ...gpt, effectiveFrom: '2024-02-29', inputPerMillion: 0 }] },
      'ok',
    ],
    [`${PRICE_OVERRIDES_MAX} prices`, { prices: Array(PRICE_OVERRIDES_MAX).fill(gpt) }, 'ok'],
    [
      `${PRICE_OVERRIDES_MAX + 1} prices`,
      { prices: Array(PRICE_OVERRIDES_MAX + 1).fill(gpt) },
      ['prices', 'Too big: expected array to have <=500 items'],
    ],
    ['a price with a blank model', { prices: [gpt, { ...gpt, model: '  ' }] }, ['prices.1.model', 'is empty']],
    ['a price with an empty model', { prices: [{ ...gpt, model: '' }] }, ['prices.0.model', 'is empty']],
    [
      'a price with a model of 129 characters',
      { prices: [{ ...gpt, model: 'm'.repeat(129) }] },
      ['prices.0.model', 'Too big: expected string to have <=128 characters'],
    ],
    [
      'a price from a day without leading zeros',
      { prices: [{ ...gpt, effectiveFrom: '2024-5-13' }] },
      ['prices.0.effectiveFrom', 'expected a date as YYYY-MM-DD'],
    ],
    [
      'a price from a day no calendar has',
      { prices: [{ ...gpt, effectiveFrom: '2025-02-30' }] },
      ['prices.0.effectiveFrom', 'not a calendar date'],
    ],
    [
      'a negative input price',
      { prices: [{ ...gpt, inputPerMillion: -0.5 }] },
      ['prices.0.inputPerMillion', 'Too small: expected number to be >=0'],
    ],
    [
      'a price without an output price',
      { prices: [{ model: 'm', effectiveFrom: '2024-05-13', inputPerMillion: 1 }] },
      ['prices.0.outputPerMillion', 'Invalid input: expected number, received undefined'],
    ],
    [
      'a price list entry that is not an object',
      { prices: [null] },
      ['prices.0', 'Invalid input: expected object, received null'],
    ],
    // budgets
    [
      'a budget of a cent, tenants differing in case',
      { budgets: [acme, { tenant: 'Acme', monthlyBudget: 0.01 }] },
      'ok',
    ],
    [`${BUDGETS_MAX} budgets`, { budgets: Array(BUDGETS_MAX).fill(acme) }, 'ok'],
    [
      `${BUDGETS_MAX + 1} budgets`,
      { budgets: Array(BUDGETS_MAX + 1).fill(acme) },
      ['budgets', 'Too big: expected array to have <=1000 items'],
    ],
    [
      'a budget of zero',
      { budgets: [{ ...acme, monthlyBudget: 0 }] },
      ['budgets.0.monthlyBudget', 'Too small: expected number to be >0'],
    ],
    ['a budget for a blank tenant', { budgets: [{ ...acme, tenant: ' ' }] }, ['budgets.0.tenant', 'is empty']],
    [
      'a budget for a tenant of 129 characters',
      { budgets: [{ ...acme, tenant: 't'.repeat(129) }] },
      ['budgets.0.tenant', 'Too big: expected string to have <=128 characters'],
    ],
    // keys the plugin does not know
    ['a key the plugin does not know (Grafana adds some)', { manageAlerts: true }, 'ok'],
  ])('%s', (_case, jsonData, expected) => {
    expect(check({ ...base, ...jsonData })).toEqual(expected);
  });

  it.each<[string, unknown, 'ok' | [string, string]]>([
    ['the host and the database', base, 'ok'],
    ['no host', { database: 'x' }, ['host', 'the MySQL host is not set']],
    ['a blank host', { host: ' ', database: 'x' }, ['host', 'the MySQL host is not set']],
    ['no database', { host: 'db' }, ['database', 'the database (schema) that holds the ledger tables is not set']],
    [
      'a blank database',
      { host: 'db', database: '' },
      ['database', 'the database (schema) that holds the ledger tables is not set'],
    ],
    ['nothing at all', {}, ['host', 'the MySQL host is not set']],
    ['not an object', [], ['', 'Invalid input: expected object, received array']],
    // A setting's own rule comes first.
    ['no host and a bad port', { port: 0 }, ['port', 'Too small: expected number to be >=1']],
  ])('requires %s', (_case, jsonData, expected) => {
    expect(check(jsonData)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, SecretKey[], 'ok' | [string, string]]>([
    ['verify-ca with its CA certificate', { tlsMode: 'verify-ca' }, ['tlsCACert'], 'ok'],
    [
      'verify-ca without a CA certificate',
      { tlsMode: 'verify-ca' },
      [],
      ['tlsCACert', 'Verify CA needs the CA certificate'],
    ],
    ['verify-full without a CA certificate (the public authorities)', { tlsMode: 'verify-full' }, [], 'ok'],
    ['a client certificate with its key', { tlsMode: 'required' }, ['tlsClientCert', 'tlsClientKey'], 'ok'],
    [
      'a client certificate without its key',
      { tlsMode: 'verify-full' },
      ['tlsClientCert'],
      ['tlsClientKey', 'A client certificate needs its key'],
    ],
    ['a client certificate without its key, TLS disabled (unused)', { tlsMode: 'disabled' }, ['tlsClientCert'], 'ok'],
    ['a client certificate without its key, TLS mode unset (disabled)', {}, ['tlsClientCert'], 'ok'],
    [
      'no host and verify-ca without a CA',
      { host: undefined, tlsMode: 'verify-ca' },
      [],
      ['host', 'the MySQL host is not set'],
    ],
  ])('TLS secrets: %s', (_case, jsonData, secrets, expected) => {
    expect(check({ ...base, ...jsonData }, secrets)).toEqual(expected);
  });

  it('hands the validated jsonData back', () => {
    const jsonData = { ...base, port: 3307, prices: [gpt], usageColumns: { model: 'llm' } };
    expect(checkSettings(jsonData, () => false)).toEqual({ ok: true, jsonData });
  });
});

describe('the settings schema, as the settings page says it', () => {
  it.each<[SettingKey, unknown, string, PropertyKey[], string | undefined]>([
    ['port', undefined, 'Port', [], undefined],
    ['port', 3306, 'Port', [], undefined],
    ['port', 0, 'Port', [], 'Port must be a whole number from 1 to 65,535; 0 is not.'],
    ['port', 70000, 'Port', [], 'Port must be a whole number from 1 to 65,535; 70000 is not.'],
    ['port', '3306', 'Port', [], 'Port must be a whole number from 1 to 65,535; 3306 is not.'],
    ['maxRows', 1.5, 'Max rows', [], 'Max rows must be a whole number from 1 to 1,000,000; 1.5 is not.'],
    ['queryTimeoutSeconds', 601, 'Timeout', [], 'Timeout must be a whole number from 1 to 600; 601 is not.'],
    ['host', 'h'.repeat(255), 'Host', [], undefined],
    ['host', 'h'.repeat(256), 'Host', [], 'Host is longer than 255 characters.'],
    ['database', 'd'.repeat(65), 'Database', [], 'Database is longer than 64 characters.'],
    ['user', 'u'.repeat(129), 'User', [], 'User is longer than 128 characters.'],
    ['pinnedTenant', 't'.repeat(129), 'Pinned tenant', [], 'Pinned tenant is longer than 128 characters.'],
    ['description', 5, 'Description', [], 'Description must be text; 5 is not.'],
    // Required settings are not flagged on the page (a new datasource has none).
    ['host', '', 'Host', [], undefined],
    ['usageTable', '', 'Usage table', [], undefined],
    ['usageTable', '_usage', 'Usage table', [], undefined],
    [
      'usageTable',
      'token-usage',
      'Usage table',
      [],
      '"token-usage" is not a plain identifier: use letters, digits and _, and do not start with a digit.',
    ],
    ['auditTable', 'a'.repeat(65), 'Audit table', [], `"${'a'.repeat(65)}" is longer than 64 characters.`],
    ['tlsMode', 'verify-ca', 'TLS mode', [], undefined],
    [
      'tlsMode',
      'on',
      'TLS mode',
      [],
      'TLS mode must be one of disabled, required, verify-ca, verify-full; "on" is not.',
    ],
    ['timeAxis', 'date', 'Time axis', [], 'Time axis must be one of timestamp, create_time; "date" is not.'],
    ['auditMinRole', 'Owner', 'Audit role', [], 'Audit role must be one of Viewer, Editor, Admin; "Owner" is not.'],
    [
      'usageColumns',
      { model: 'model name' },
      'Model',
      ['model'],
      '"model name" is not a plain identifier: use letters, digits and _, and do not start with a digit.',
    ],
    ['usageColumns', { model: 'model name' }, 'Model', ['cost'], undefined],
    ['usageColumns', { model: 'model name' }, 'Usage table', [], undefined],
    ['usageColumns', { modle: 'm' }, 'Usage table', [], 'Usage table: "modle" is not one of the columns listed here.'],
    [
      'auditColumns',
      { a: 'x', b: 'y' },
      'Audit table',
      [],
      'Audit table: "a", "b" are not one of the columns listed here.',
    ],
    ['auditColumns', 'action', 'Audit table', [], 'Audit table must be a map of column names; "action" is not.'],
  ])('%s = %j, labelled %s, at %j: %s', (key, value, label, at, expected) => {
    expect(settingError(key, value, label, at)).toBe(expected);
  });

  it.each<[string, SecretKey[], Partial<Record<SecretKey, string>>]>([
    ['verify-ca', [], { tlsCACert: 'Verify CA needs the CA certificate.' }],
    ['verify-ca', ['tlsCACert'], {}],
    ['verify-full', [], {}],
    ['required', ['tlsClientCert'], { tlsClientKey: 'A client certificate needs its key.' }],
    [
      'verify-ca',
      ['tlsClientCert'],
      { tlsCACert: 'Verify CA needs the CA certificate.', tlsClientKey: 'A client certificate needs its key.' },
    ],
    ['disabled', ['tlsClientCert'], {}],
  ])('TLS %s with %j set: %j', (mode, secrets, expected) => {
    expect(tlsSecretErrors(mode as 'disabled', (key) => secrets.includes(key))).toEqual(expected);
  });

  describe('price list', () => {
    it.each<[string, Array<Partial<PriceOverride>>, Array<Partial<Record<keyof PriceOverride, string>>>]>([
      ['valid entries', [gpt, { ...gpt, effectiveFrom: '2024-10-01' }], [{}, {}]],
      [
        'a new entry',
        [{ model: '', effectiveFrom: '2025-03-04' }],
        [{ model: 'Model is empty.', inputPerMillion: 'In is empty.', outputPerMillion: 'Out is empty.' }],
      ],
      [
        'a model of 129 characters',
        [{ ...gpt, model: 'm'.repeat(129) }],
        [{ model: 'Model is longer than 128 characters.' }],
      ],
      ['an empty day', [{ ...gpt, effectiveFrom: '' }], [{ effectiveFrom: 'Effective from is empty.' }]],
      [
        'a day with a time',
        [{ ...gpt, effectiveFrom: '2024-05-13T00:00:00Z' }],
        [{ effectiveFrom: 'Effective from must be a date as YYYY-MM-DD; "2024-05-13T00:00:00Z" is not.' }],
      ],
      [
        'a day no calendar has',
        [{ ...gpt, effectiveFrom: '2023-02-29' }],
        [{ effectiveFrom: 'Effective from: 2023-02-29 is not a calendar date.' }],
      ],
      [
        'a negative price',
        [{ ...gpt, outputPerMillion: -3 }],
        [{ outputPerMillion: 'Out must be 0 or more; -3 is not.' }],
      ],
      [
        'a price as text',
        [{ ...gpt, inputPerMillion: '5' as unknown as number }],
        [{ inputPerMillion: 'In must be a number; "5" is not.' }],
      ],
      [
        'one model from one day twice, as the backend matches names',
        [gpt, { ...gpt, model: 'OpenAI/GPT-4o@OpenAI', inputPerMillion: 2 }],
        [
          { model: 'Another row also prices this model from 2024-05-13; only the last one listed applies.' },
          { model: 'Another row also prices this model from 2024-05-13; only the last one listed applies.' },
        ],
      ],
      [
        'one model twice, one of them from a bad day (bad, not repeated)',
        [gpt, { ...gpt, effectiveFrom: '2024-5-13' }],
        [{}, { effectiveFrom: 'Effective from must be a date as YYYY-MM-DD; "2024-5-13" is not.' }],
      ],
    ])('%s', (_case, prices, expected) => {
      expect(priceListErrors(prices, PRICE_LABELS)).toEqual({ entries: expected, list: undefined });
    });

    it('names a list that is too long, and still each bad entry in it', () => {
      const prices = Array.from({ length: PRICE_OVERRIDES_MAX + 1 }, (_, i) => ({ ...gpt, model: `m${i}` }));
      prices[3] = { ...prices[3], inputPerMillion: -1 };

      const errors = priceListErrors(prices, PRICE_LABELS);

      expect(errors.list).toBe('501 prices: at most 500 are allowed.');
      expect(errors.entries[3]).toEqual({ inputPerMillion: 'In must be 0 or more; -1 is not.' });
      expect(errors.entries.filter((entry) => Object.keys(entry).length > 0)).toHaveLength(1);
    });
  });

  describe('budget list', () => {
    it.each<
      ['last-wins' | 'refused', Array<Partial<TenantBudget>>, Array<Partial<Record<keyof TenantBudget, string>>>]
    >([
      ['last-wins', [acme, { tenant: 'Acme', monthlyBudget: 0.01 }], [{}, {}]],
      ['last-wins', [{ tenant: '' }], [{ tenant: 'Tenant is empty.', monthlyBudget: 'Monthly budget is empty.' }]],
      [
        'last-wins',
        [{ ...acme, monthlyBudget: 0 }],
        [{ monthlyBudget: 'Monthly budget must be more than 0; 0 is not.' }],
      ],
      ['last-wins', [{ ...acme, tenant: 't'.repeat(129) }], [{ tenant: 'Tenant is longer than 128 characters.' }]],
      [
        'last-wins',
        [acme, { ...acme, monthlyBudget: 5 }],
        [
          { tenant: 'Another row also budgets this tenant; only the last one listed applies.' },
          { tenant: 'Another row also budgets this tenant; only the last one listed applies.' },
        ],
      ],
      [
        'refused',
        [acme, { ...acme, monthlyBudget: 5 }],
        [
          { tenant: 'Tenant "acme" has more than one budget; give each tenant one.' },
          { tenant: 'Tenant "acme" has more than one budget; give each tenant one.' },
        ],
      ],
      [
        'refused',
        [{ tenant: ' ' }, { tenant: ' ' }],
        [
          { tenant: 'Tenant is empty.', monthlyBudget: 'Monthly budget is empty.' },
          { tenant: 'Tenant is empty.', monthlyBudget: 'Monthly budget is empty.' },
        ],
      ],
    ])('repeated tenants %s: %j', (repeated, budgets, expected) => {
      expect(budgetListErrors(budgets, BUDGET_LABELS, repeated)).toEqual({ entries: expected, list: undefined });
    });

    it('names a list that is too long', () => {
      const budgets = Array.from({ length: BUDGETS_MAX + 1 }, (_, i) => ({ tenant: `t${i}`, monthlyBudget: 1 }));
      expect(budgetListErrors(budgets, BUDGET_LABELS, 'refused').list).toBe(
        '1,001 budgets: at most 1,000 are allowed.'
      );
      expect(budgetListErrors(budgets.slice(1), BUDGET_LABELS, 'refused').list).toBeUndefined();
    });
  });
});
