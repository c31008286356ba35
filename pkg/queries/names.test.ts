import { testSettings } from '../testing/settings';
import { nameTable, namesStatement, NAMES_MAX_IDS, type NameKind } from './names';
import type { Statement } from './sql';

const HEX_A = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const HEX_B = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';

describe('names statement', () => {
  it.each<[string, object, NameKind, Array<string | null>, Statement | null]>([
    [
      "RAGFlow's tenant table, the result's ids once each",
      {},
      'tenant',
      [HEX_A, HEX_B, HEX_A],
      { sql: 'SELECT `id` AS id, `name` AS name FROM `tenant` WHERE `id` IN (?, ?)', params: [HEX_A, HEX_B] },
    ],
    [
      "RAGFlow's user table: nickname and e-mail address",
      {},
      'user',
      [HEX_A],
      { sql: 'SELECT `id` AS id, `nickname` AS name, `email` AS email FROM `user` WHERE `id` IN (?)', params: [HEX_A] },
    ],
    [
      'users shown by nickname only: the e-mail address is not read',
      { userLabel: 'name' },
      'user',
      [HEX_A],
      { sql: 'SELECT `id` AS id, `nickname` AS name FROM `user` WHERE `id` IN (?)', params: [HEX_A] },
    ],
    [
      'tables and columns from the settings',
      { tenantTable: 'orgs', tenantColumns: { id: 'org_id', name: 'title' } },
      'tenant',
      ['o1'],
      { sql: 'SELECT `org_id` AS id, `title` AS name FROM `orgs` WHERE `org_id` IN (?)', params: ['o1'] },
    ],
    [
      'a user table with other columns (empty means the default)',
      { userTable: 'accounts', userColumns: { id: 'uid', name: 'display_name', email: '' } },
      'user',
      ['u1'],
      {
        sql: 'SELECT `uid` AS id, `display_name` AS name, `email` AS email FROM `accounts` WHERE `uid` IN (?)',
        params: ['u1'],
      },
    ],
    ['no ids (nulls and empty ids skipped): no statement', {}, 'tenant', [null, ''], null],
  ])('%s', (_name, settings, kind, ids, expected) => {
    expect(namesStatement(testSettings(settings), kind, ids)).toEqual(expected);
  });

  it(`names at most ${NAMES_MAX_IDS} ids in one statement`, () => {
    const ids = Array.from({ length: NAMES_MAX_IDS + 5 }, (_, i) => `t${i}`);
    const statement = namesStatement(testSettings(), 'tenant', ids)!;
    expect(statement.params).toEqual(ids.slice(0, NAMES_MAX_IDS));
    expect(statement.sql.match(/\?/g)).toHaveLength(NAMES_MAX_IDS);
  });

  it('refuses a table name the settings would refuse (a bug if reached)', () => {
    const s = { ...testSettings(), tenantTable: 'tenant; DROP TABLE x' };
    expect(() => namesStatement(s, 'tenant', ['t1'])).toThrow(/refusing identifier/);
  });

  it.each<[NameKind, object, { table: string; columns: string[] }]>([
    ['tenant', {}, { table: 'tenant', columns: ['id', 'name'] }],
    ['user', {}, { table: 'user', columns: ['id', 'nickname', 'email'] }],
  ])('the %s table and columns the health check looks for', (kind, settings, expected) => {
    expect(nameTable(testSettings(settings), kind)).toEqual(expected);
  });
});
