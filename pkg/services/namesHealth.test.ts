import { testSettings } from '../testing/settings';
import { namesCheck, nameTablesFound } from './namesHealth';

const RAGFLOW = new Map([
  ['tenant', new Set(['id', 'name', 'llm_id'])],
  ['user', new Set(['id', 'nickname', 'email', 'password'])],
]);

describe('names in the health check', () => {
  it.each<[string, object, Map<string, Set<string>>, { status: string; message: string }]>([
    [
      "RAGFlow's tables: names shown",
      {},
      RAGFLOW,
      {
        status: 'ok',
        message: 'Tenants are shown by name from tenant, users from user (to roles allowed personal data).',
      },
    ],
    [
      'no tables (or no grant): a warning that says what to do, not a failure',
      {},
      new Map(),
      {
        status: 'warning',
        message:
          'tenant does not exist or is not readable; user does not exist or is not readable: tenants and users are shown by id (grant SELECT on them to this user (schema/mysql/002_readonly_user.sql), or set the tables in the settings).',
      },
    ],
    [
      'a user table without the e-mail column',
      {},
      new Map([...RAGFLOW, ['user', new Set(['id', 'nickname'])]]),
      {
        status: 'warning',
        message:
          'user has no column email: users are shown by id (grant SELECT on them to this user (schema/mysql/002_readonly_user.sql), or set the tables in the settings).',
      },
    ],
    [
      'no e-mail column needed when users are shown by nickname',
      { userLabel: 'name' },
      new Map([...RAGFLOW, ['user', new Set(['id', 'nickname'])]]),
      {
        status: 'ok',
        message: 'Tenants are shown by name from tenant, users from user (to roles allowed personal data).',
      },
    ],
    [
      'names turned off',
      { names: 'off' },
      new Map(),
      { status: 'ok', message: 'Names are off in the settings: tenants and users are shown by id.' },
    ],
  ])('%s', (_name, settings, columns, expected) => {
    const s = testSettings(settings);
    expect(namesCheck(s, nameTablesFound(s, columns))).toEqual({ check: 'names', ...expected });
  });
});
