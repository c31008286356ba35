import { fireEvent, screen, within } from '@testing-library/react';
import {
  DEFAULT_AUDIT_COLUMNS,
  DEFAULT_SETTINGS,
  DEFAULT_USAGE_COLUMNS,
  type TlsMode,
} from '../../shared/datasourceSettings';
import { testIds } from '../../shared/testIds';
import type { LedgerOptions } from '../types';
import { alertTexts, renderEditor, sent, settings as baseSettings, type Settings } from './config/testing';

const ids = testIds.datasourceConfig;

const settings = (overrides: Partial<Settings> = {}): Settings => baseSettings(overrides.jsonData ?? {}, overrides);

/** Renders, changes one input, and returns the single settings object the editor sent. */
function changeInput(options: Settings, testId: string, value: string): Settings {
  const onOptionsChange = renderEditor(options);
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
  return sent(onOptionsChange);
}

const openColumnNames = () => fireEvent.click(screen.getByTestId(ids.columnNames));

describe('ledger ConfigEditor', () => {
  describe('text settings', () => {
    it.each([
      ['host', ids.host, 'mysql.internal'],
      ['database', ids.database, 'rag_flow'],
      ['user', ids.user, 'ledger_ro'],
      ['usageTable', ids.usageTable, 'llm_usage'],
      ['auditTable', ids.auditTable, 'user_audit'],
      ['pinnedTenant', ids.pinnedTenant, 'tenant-42'],
      ['description', ids.description, 'RAGFlow staging'],
    ] as const)('writes %s into jsonData as a string and keeps the other settings', (key, testId, value) => {
      const next = changeInput(settings({ jsonData: { manageAlerts: true } }), testId, value);

      expect(next.jsonData).toEqual({ manageAlerts: true, [key]: value });
      expect(next.secureJsonData).toBeUndefined();
      expect(next.uid).toBe('llmops-ledger');
    });

    it.each([
      ['host', ids.host],
      ['usageTable', ids.usageTable],
      ['pinnedTenant', ids.pinnedTenant],
      ['description', ids.description],
    ] as const)('removes %s from jsonData when emptied, so that the default applies', (key, testId) => {
      const next = changeInput(settings({ jsonData: { [key]: 'old', manageAlerts: true } }), testId, '');

      expect(next.jsonData).toEqual({ manageAlerts: true });
    });

    it('shows the saved values', () => {
      renderEditor(
        settings({
          jsonData: {
            host: 'db',
            database: 'ledger',
            user: 'ro',
            usageTable: 'usage',
            auditTable: 'audit',
            pinnedTenant: 't1',
            description: 'RAGFlow production',
          },
        })
      );

      expect(screen.getByTestId(ids.host)).toHaveValue('db');
      expect(screen.getByTestId(ids.database)).toHaveValue('ledger');
      expect(screen.getByTestId(ids.user)).toHaveValue('ro');
      expect(screen.getByTestId(ids.usageTable)).toHaveValue('usage');
      expect(screen.getByTestId(ids.auditTable)).toHaveValue('audit');
      expect(screen.getByTestId(ids.pinnedTenant)).toHaveValue('t1');
      expect(screen.getByTestId(ids.description)).toHaveValue('RAGFlow production');
    });

    it('shows the default table names as placeholders while unset', () => {
      renderEditor(settings());

      expect(screen.getByTestId(ids.usageTable)).toHaveValue('');
      expect(screen.getByTestId(ids.usageTable)).toHaveAttribute('placeholder', DEFAULT_SETTINGS.usageTable);
      expect(screen.getByTestId(ids.auditTable)).toHaveAttribute('placeholder', DEFAULT_SETTINGS.auditTable);
    });
  });

  describe('number settings', () => {
    it.each([
      ['port', '3307', ids.port, 3307],
      ['maxRows', '1000', ids.maxRows, 1000],
      ['queryTimeoutSeconds', '45', ids.queryTimeoutSeconds, 45],
      // Out of limits: flagged on the page, but saved all the same (the health check names it).
      ['port', '70000', ids.port, 70000],
      ['maxRows', '0', ids.maxRows, 0],
    ] as const)('writes %s = %s into jsonData as a number', (key, text, testId, value) => {
      const next = changeInput(settings({ jsonData: { description: 'kept' } }), testId, text);

      expect(next.jsonData[key]).toBe(value);
      expect(typeof next.jsonData[key]).toBe('number');
      expect(next.jsonData.description).toBe('kept');
    });

    it.each([
      ['port', ids.port],
      ['maxRows', ids.maxRows],
      ['queryTimeoutSeconds', ids.queryTimeoutSeconds],
    ] as const)('removes %s from jsonData when emptied, so that the default applies', (key, testId) => {
      const next = changeInput(settings({ jsonData: { [key]: 12, description: 'kept' } }), testId, '');

      expect(next.jsonData).toEqual({ description: 'kept' });
      expect(key in next.jsonData).toBe(false);
    });

    it('shows saved numbers, and the defaults as placeholders while unset', () => {
      renderEditor(settings({ jsonData: { port: 3307 } }));

      expect(screen.getByTestId(ids.port)).toHaveValue(3307);
      expect(screen.getByTestId(ids.maxRows)).toHaveValue(null);
      expect(screen.getByTestId(ids.maxRows)).toHaveAttribute('placeholder', String(DEFAULT_SETTINGS.maxRows));
      expect(screen.getByTestId(ids.queryTimeoutSeconds)).toHaveAttribute(
        'placeholder',
        String(DEFAULT_SETTINGS.queryTimeoutSeconds)
      );
    });
  });

  describe('validation', () => {
    it.each([
      [
        'a table name with a dash',
        { usageTable: 'token-usage' },
        ids.usageTable,
        '"token-usage" is not a plain identifier',
      ],
      [
        'a table name starting with a digit',
        { auditTable: '1audit' },
        ids.auditTable,
        '"1audit" is not a plain identifier',
      ],
      [
        'a table name over 64 characters',
        { usageTable: 'a'.repeat(65) },
        ids.usageTable,
        'is longer than 64 characters',
      ],
      ['a port above 65535', { port: 70000 }, ids.port, 'Port must be a whole number from 1 to 65,535; 70000 is not.'],
      ['port 0', { port: 0 }, ids.port, 'Port must be a whole number from 1 to 65,535; 0 is not.'],
      [
        'max rows above the limit',
        { maxRows: 2_000_000 },
        ids.maxRows,
        'Max rows must be a whole number from 1 to 1,000,000; 2000000 is not.',
      ],
      [
        'fractional max rows',
        { maxRows: 1.5 },
        ids.maxRows,
        'Max rows must be a whole number from 1 to 1,000,000; 1.5 is not.',
      ],
      [
        'a query timeout above the limit',
        { queryTimeoutSeconds: 601 },
        ids.queryTimeoutSeconds,
        'Query timeout (seconds) must be a whole number from 1 to 600; 601 is not.',
      ],
    ])('names the problem with %s, on that field only', (_case, jsonData, testId, message) => {
      renderEditor(settings({ jsonData }));

      const alerts = screen.getAllByRole('alert');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toHaveTextContent(message);
      expect(screen.getByTestId(testId)).toHaveAttribute('aria-invalid', 'true');
    });

    it('names a bad column name in the column names part', () => {
      renderEditor(settings({ jsonData: { usageColumns: { model: 'model name' } } }));

      const alerts = screen.getAllByRole('alert');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toHaveTextContent('"model name" is not a plain identifier');
      expect(screen.getByTestId(ids.usageColumn('model'))).toHaveAttribute('aria-invalid', 'true');
    });

    it.each<[string, Partial<Settings>, string | undefined]>([
      [
        'verify-ca without a CA certificate',
        { jsonData: { tlsMode: 'verify-ca' } },
        'Verify CA needs the CA certificate.',
      ],
      [
        'verify-ca with a stored CA certificate',
        { jsonData: { tlsMode: 'verify-ca' }, secureJsonFields: { tlsCACert: true } },
        undefined,
      ],
      [
        'verify-ca with a typed CA certificate',
        { jsonData: { tlsMode: 'verify-ca' }, secureJsonData: { tlsCACert: 'PEM' } },
        undefined,
      ],
      [
        'verify-ca after the stored CA certificate was reset',
        {
          jsonData: { tlsMode: 'verify-ca' },
          secureJsonFields: { tlsCACert: false },
          secureJsonData: { tlsCACert: '' },
        },
        'Verify CA needs the CA certificate.',
      ],
      [
        'verify-full without a CA certificate (public authorities)',
        { jsonData: { tlsMode: 'verify-full' } },
        undefined,
      ],
      [
        'a client certificate without its key',
        { jsonData: { tlsMode: 'required' }, secureJsonFields: { tlsClientCert: true } },
        'A client certificate needs its key.',
      ],
      [
        'a typed client certificate without its key',
        { jsonData: { tlsMode: 'required' }, secureJsonData: { tlsClientCert: 'PEM' } },
        'A client certificate needs its key.',
      ],
      [
        'a client certificate with a stored key',
        { jsonData: { tlsMode: 'required' }, secureJsonFields: { tlsClientCert: true, tlsClientKey: true } },
        undefined,
      ],
      [
        'a client certificate with a typed key',
        { jsonData: { tlsMode: 'required' }, secureJsonData: { tlsClientCert: 'PEM', tlsClientKey: 'KEY' } },
        undefined,
      ],
    ])('TLS: %s', (_case, overrides, message) => {
      renderEditor(settings(overrides));

      const alerts = screen.queryAllByRole('alert');
      if (message === undefined) {
        expect(alerts).toHaveLength(0);
      } else {
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toHaveTextContent(message);
      }
    });

    it('flags nothing for values within the rules and limits', () => {
      renderEditor(
        settings({
          jsonData: {
            port: 1,
            usageTable: '_usage',
            auditTable: 'a'.repeat(64),
            maxRows: 1_000_000,
            queryTimeoutSeconds: 600,
            usageColumns: { model: 'llm_name2' },
            auditColumns: { details: 'Details' },
          },
        })
      );

      expect(screen.queryAllByRole('alert')).toHaveLength(0);
      expect(screen.getByTestId(ids.port)).toHaveAttribute('aria-invalid', 'false');
    });

    it('flags nothing on an empty (new) datasource', () => {
      renderEditor(settings());
      expect(screen.queryAllByRole('alert')).toHaveLength(0);
    });

    // Rules the backend applied without the page showing them; the page now says them, from the same schema.
    it.each([
      ['a host over 255 characters', { host: 'h'.repeat(256) }, ids.host, 'Host is longer than 255 characters.'],
      [
        'a database over 64 characters',
        { database: 'd'.repeat(65) },
        ids.database,
        'Database is longer than 64 characters.',
      ],
      ['a user over 128 characters', { user: 'u'.repeat(129) }, ids.user, 'User is longer than 128 characters.'],
      [
        'a pinned tenant over 128 characters',
        { pinnedTenant: 't'.repeat(129) },
        ids.pinnedTenant,
        'Pinned tenant is longer than 128 characters.',
      ],
    ])('names %s, on that field only', (_case, jsonData, testId, message) => {
      renderEditor(settings({ jsonData }));

      expect(alertTexts()).toEqual([message]);
      expect(screen.getByTestId(testId)).toHaveAttribute('aria-invalid', 'true');
    });

    it.each([
      ['an unknown time axis', { timeAxis: 'date' }, 'Time axis must be one of timestamp, create_time; "date" is not.'],
      [
        'an unknown TLS mode',
        { tlsMode: 'on' },
        'TLS mode must be one of disabled, required, verify-ca, verify-full; "on" is not.',
      ],
      [
        'an unknown audit role',
        { auditMinRole: 'Owner' },
        'Audit minimum role must be one of Viewer, Editor, Admin; "Owner" is not.',
      ],
      [
        'an unknown personal-data role',
        { piiMinRole: 'admin' },
        'Personal-data minimum role must be one of Viewer, Editor, Admin; "admin" is not.',
      ],
      [
        'a column the plugin does not know',
        { usageColumns: { modle: 'model_name' } },
        'Usage table: "modle" is not one of the columns listed here.',
      ],
    ])('names %s, as provisioning may leave it', (_case, jsonData, message) => {
      renderEditor(settings({ jsonData: jsonData as LedgerOptions }));

      expect(alertTexts()).toEqual([message]);
    });

    it.each<[string, Partial<Settings>]>([
      // The backend takes an empty name as the default, as the page's placeholder says.
      ['an empty table name, as provisioning may leave it', { jsonData: { usageTable: '' } }],
      // TLS off: the certificate is not used, and its fields are hidden.
      [
        'a client certificate without its key, TLS disabled',
        { jsonData: { tlsMode: 'disabled' }, secureJsonFields: { tlsClientCert: true } },
      ],
    ])('flags nothing for %s, which the backend accepts', (_case, overrides) => {
      renderEditor(settings(overrides));
      expect(alertTexts()).toEqual([]);
    });
  });

  describe('choices', () => {
    it.each([
      ['tlsMode', 'verify-full', ids.tlsMode, 'Verify full'],
      ['tlsMode', 'required', ids.tlsMode, 'Required'],
      ['timeAxis', 'create_time', ids.timeAxis, 'create_time'],
      ['auditMinRole', 'Editor', ids.auditMinRole, 'Editor'],
      ['piiMinRole', 'Viewer', ids.piiMinRole, 'Viewer'],
    ] as const)('writes %s = %s into jsonData when its option is clicked', (key, value, testId, label) => {
      const onOptionsChange = renderEditor(settings({ jsonData: { description: 'kept' } }));

      fireEvent.click(within(screen.getByTestId(testId)).getByRole('radio', { name: label }));

      expect(onOptionsChange).toHaveBeenCalledTimes(1);
      expect(onOptionsChange.mock.calls[0][0].jsonData).toEqual({ description: 'kept', [key]: value });
    });

    it.each([
      ['tlsMode', 'Disabled', ids.tlsMode],
      ['timeAxis', 'timestamp', ids.timeAxis],
      ['auditMinRole', 'Admin', ids.auditMinRole],
      ['piiMinRole', 'Admin', ids.piiMinRole],
    ])('shows the default of %s (%s) while unset', (_key, label, testId) => {
      renderEditor(settings());
      expect(within(screen.getByTestId(testId)).getByRole('radio', { name: label })).toBeChecked();
    });

    it('shows the saved choices', () => {
      renderEditor(
        settings({
          jsonData: { tlsMode: 'verify-ca', timeAxis: 'create_time', auditMinRole: 'Editor', piiMinRole: 'Viewer' },
        })
      );

      expect(within(screen.getByTestId(ids.tlsMode)).getByRole('radio', { name: 'Verify CA' })).toBeChecked();
      expect(within(screen.getByTestId(ids.timeAxis)).getByRole('radio', { name: 'create_time' })).toBeChecked();
      expect(within(screen.getByTestId(ids.auditMinRole)).getByRole('radio', { name: 'Editor' })).toBeChecked();
      expect(within(screen.getByTestId(ids.piiMinRole)).getByRole('radio', { name: 'Viewer' })).toBeChecked();
    });
  });

  describe('TLS certificates', () => {
    it.each<[TlsMode | undefined, boolean, boolean]>([
      [undefined, false, false],
      ['disabled', false, false],
      ['required', false, true],
      ['verify-ca', true, true],
      ['verify-full', true, true],
    ])('with mode %s: CA certificate shown %s, client certificate and key shown %s', (tlsMode, ca, client) => {
      renderEditor(settings({ jsonData: { tlsMode } }));

      expect(screen.queryByTestId(ids.tlsCACert) !== null).toBe(ca);
      expect(screen.queryByTestId(ids.tlsClientCert) !== null).toBe(client);
      expect(screen.queryByTestId(ids.tlsClientKey) !== null).toBe(client);
    });
  });

  describe('secrets', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

    it.each([
      ['password', ids.password, 's3cret'],
      ['tlsCACert', ids.tlsCACert, pem],
      ['tlsClientCert', ids.tlsClientCert, pem],
      ['tlsClientKey', ids.tlsClientKey, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'],
    ] as const)('sends a typed %s as secureJsonData, never as jsonData', (key, testId, value) => {
      const next = changeInput(
        settings({ jsonData: { tlsMode: 'verify-full' }, secureJsonData: { password: 'typed before' } }),
        testId,
        value
      );

      expect(next.secureJsonData).toEqual(
        key === 'password' ? { password: value } : { password: 'typed before', [key]: value }
      );
      expect(next.jsonData).toEqual({ tlsMode: 'verify-full' });
    });

    it.each([
      ['password', ids.password],
      ['tlsCACert', ids.tlsCACert],
      ['tlsClientCert', ids.tlsClientCert],
      ['tlsClientKey', ids.tlsClientKey],
    ] as const)('shows a stored %s as configured, without its value, and not editable', (key, testId) => {
      renderEditor(settings({ jsonData: { tlsMode: 'verify-full' }, secureJsonFields: { [key]: true } }));

      const input = screen.getByTestId(testId);
      expect(input).toBeDisabled();
      expect(input).toHaveValue('configured');
      expect(screen.getAllByRole('button', { name: 'Reset' })).toHaveLength(1);
    });

    it.each(['password', 'tlsCACert', 'tlsClientCert', 'tlsClientKey'] as const)(
      'reset of %s clears its configured flag and sends an empty value',
      (key) => {
        const onOptionsChange = renderEditor(
          settings({ jsonData: { tlsMode: 'verify-full' }, secureJsonFields: { [key]: true, other: true } })
        );

        fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

        expect(onOptionsChange).toHaveBeenCalledTimes(1);
        const next = onOptionsChange.mock.calls[0][0];
        expect(next.secureJsonFields).toEqual({ [key]: false, other: true });
        expect(next.secureJsonData).toEqual({ [key]: '' });
        expect(next.jsonData).toEqual({ tlsMode: 'verify-full' });
      }
    );

    it('offers no reset while nothing is stored, and every secret can be typed', () => {
      renderEditor(settings({ jsonData: { tlsMode: 'verify-full' } }));

      expect(screen.queryByRole('button', { name: 'Reset' })).not.toBeInTheDocument();
      for (const testId of [ids.password, ids.tlsCACert, ids.tlsClientCert, ids.tlsClientKey]) {
        expect(screen.getByTestId(testId)).toBeEnabled();
      }
    });
  });

  describe('column names', () => {
    it('are folded away until opened, then show one input per meaning with the default as placeholder', () => {
      renderEditor(settings());
      expect(screen.queryByTestId(ids.usageColumn('model'))).not.toBeInTheDocument();

      openColumnNames();

      for (const [meaning, name] of Object.entries(DEFAULT_USAGE_COLUMNS)) {
        const input = screen.getByTestId(ids.usageColumn(meaning));
        expect(input).toHaveValue('');
        expect(input).toHaveAttribute('placeholder', name);
      }
      for (const [meaning, name] of Object.entries(DEFAULT_AUDIT_COLUMNS)) {
        expect(screen.getByTestId(ids.auditColumn(meaning))).toHaveAttribute('placeholder', name);
      }
    });

    it('are open from the start when some name is set', () => {
      renderEditor(settings({ jsonData: { auditColumns: { details: 'payload' } } }));
      expect(screen.getByTestId(ids.auditColumn('details'))).toHaveValue('payload');
    });

    it('writes a usage column into jsonData.usageColumns by meaning, keeping the other names', () => {
      const next = changeInput(
        settings({ jsonData: { usageColumns: { cost: 'price' }, auditColumns: { action: 'event' } } }),
        ids.usageColumn('model'),
        'llm_name'
      );

      expect(next.jsonData).toEqual({
        usageColumns: { cost: 'price', model: 'llm_name' },
        auditColumns: { action: 'event' },
      });
    });

    it('writes an audit column into jsonData.auditColumns', () => {
      const onOptionsChange = renderEditor(settings());
      openColumnNames();

      fireEvent.change(screen.getByTestId(ids.auditColumn('createTime')), { target: { value: 'created_at' } });

      expect(onOptionsChange.mock.calls[0][0].jsonData).toEqual({ auditColumns: { createTime: 'created_at' } });
    });

    it('removes an emptied name and keeps the others', () => {
      const twoNames = changeInput(
        settings({ jsonData: { usageColumns: { cost: 'price', model: 'llm' } } }),
        ids.usageColumn('cost'),
        ''
      );
      expect(twoNames.jsonData).toEqual({ usageColumns: { model: 'llm' } });
    });

    it('removes the map when its last name is emptied', () => {
      const next = changeInput(
        settings({ jsonData: { usageColumns: { cost: 'price' }, description: 'kept' } }),
        ids.usageColumn('cost'),
        ''
      );
      expect(next.jsonData).toEqual({ description: 'kept' });
    });
  });
});
