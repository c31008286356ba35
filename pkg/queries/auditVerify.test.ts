import { testSettings } from '../testing/settings';
import {
  chainCheckpointsStatement,
  chainFirstSeqStatement,
  chainHeadStatement,
  chainKeysStatement,
  chainPageStatement,
  chainSchemaStatement,
  hasChainSchema,
  notChainedStatement,
  oldestEventStatement,
  purgeEventsStatement,
} from './auditVerify';
import type { Statement } from './sql';

const range = { fromMs: 1_000_000, toMs: 2_000_000 };
const PAGE_COLUMNS =
  'SELECT `id` AS id, `tenant_id` AS tenant_id, `user_id` AS user_id, `action` AS action, `details` AS details, `create_time` AS create_time, `chain_seq` AS chain_seq, `prev_hash` AS prev_hash, `row_hash` AS row_hash FROM `audit_log`';
const pinned = testSettings({ pinnedTenant: 't9' });
const renamed = testSettings({ auditTable: 'events', auditColumns: { action: 'operation', createTime: 'ts_ms' } });

describe('audit verification statements', () => {
  it.each<[string, Statement, string, unknown[]]>([
    [
      'where a chain starts',
      chainFirstSeqStatement(testSettings(), 'acme'),
      'SELECT MIN(`chain_seq`) AS first FROM `audit_log` WHERE `chain_key` = ?',
      ['acme'],
    ],
    [
      'where a chain starts, pinned',
      chainFirstSeqStatement(pinned, 't9'),
      'SELECT MIN(`chain_seq`) AS first FROM `audit_log` WHERE `chain_key` = ? AND `tenant_id` = ?',
      ['t9', 't9'],
    ],
    [
      'a page: a bounded range of places',
      chainPageStatement(testSettings(), 'acme', 1, 5017, 5016),
      `${PAGE_COLUMNS} WHERE \`chain_key\` = ? AND \`chain_seq\` >= ? AND \`chain_seq\` < ? ORDER BY \`chain_seq\`, \`id\` LIMIT ?`,
      ['acme', 1, 5017, 5016],
    ],
    [
      'the rows past a short page, pinned',
      chainPageStatement(pinned, 't9', 5017, null, 16),
      `${PAGE_COLUMNS} WHERE \`chain_key\` = ? AND \`chain_seq\` >= ? AND \`tenant_id\` = ? ORDER BY \`chain_seq\`, \`id\` LIMIT ?`,
      ['t9', 5017, 't9', 16],
    ],
    [
      'a page of the chain without a tenant, renamed columns',
      chainPageStatement(renamed, '', 1, 11, 10),
      'SELECT `id` AS id, `tenant_id` AS tenant_id, `user_id` AS user_id, `operation` AS action, `details` AS details, `ts_ms` AS create_time, `chain_seq` AS chain_seq, `prev_hash` AS prev_hash, `row_hash` AS row_hash FROM `events` WHERE `chain_key` = ? AND `chain_seq` >= ? AND `chain_seq` < ? ORDER BY `chain_seq`, `id` LIMIT ?',
      ['', 1, 11, 10],
    ],
    [
      'the head',
      chainHeadStatement('acme'),
      'SELECT chain_seq AS seq, row_hash AS hash FROM `audit_chain_head` WHERE chain_key = ?',
      ['acme'],
    ],
    [
      'the checkpoints, in place order',
      chainCheckpointsStatement('acme'),
      'SELECT chain_seq AS seq, row_hash AS hash, reason FROM `audit_checkpoint` WHERE chain_key = ? ORDER BY chain_seq',
      ['acme'],
    ],
    [
      'every chain: heads, events and checkpoints',
      chainKeysStatement(testSettings(), 101),
      'SELECT `chain_key` AS k FROM `audit_chain_head` UNION SELECT DISTINCT `chain_key` FROM `audit_log` WHERE `chain_key` IS NOT NULL UNION SELECT DISTINCT `chain_key` FROM `audit_checkpoint` ORDER BY k LIMIT ?',
      [101],
    ],
    [
      'every chain a pinned datasource may see: its own',
      chainKeysStatement(pinned, 101),
      'SELECT `chain_key` AS k FROM `audit_chain_head` WHERE `chain_key` = ? UNION SELECT DISTINCT `chain_key` FROM `audit_log` WHERE `chain_key` IS NOT NULL AND `chain_key` = ? AND `tenant_id` = ? UNION SELECT DISTINCT `chain_key` FROM `audit_checkpoint` WHERE `chain_key` = ? ORDER BY k LIMIT ?',
      ['t9', 't9', 't9', 't9', 101],
    ],
    [
      'events without a link in the range, per chain',
      notChainedStatement(testSettings({ maxRows: 50 }), range, { chained: true }),
      "SELECT COALESCE(`tenant_id`, '') AS k, COUNT(*) AS n FROM `audit_log` WHERE `create_time` BETWEEN ? AND ? AND `row_hash` IS NULL GROUP BY k ORDER BY k LIMIT ?",
      [1_000_000, 2_000_000, 51],
    ],
    [
      'events of some chains, the table without chain columns, pinned',
      notChainedStatement(testSettings({ pinnedTenant: 't9', maxRows: 50 }), range, {
        chained: false,
        keys: ['t9', ''],
      }),
      "SELECT COALESCE(`tenant_id`, '') AS k, COUNT(*) AS n FROM `audit_log` WHERE `create_time` BETWEEN ? AND ? AND `tenant_id` = ? AND COALESCE(`tenant_id`, '') IN (?, ?) GROUP BY k ORDER BY k LIMIT ?",
      [1_000_000, 2_000_000, 't9', 't9', '', 51],
    ],
    [
      'the oldest event',
      oldestEventStatement(testSettings()),
      'SELECT MIN(`create_time`) AS oldest FROM `audit_log`',
      [],
    ],
    [
      'the oldest event of some tenants, pinned, renamed',
      oldestEventStatement(testSettings({ pinnedTenant: 't9', auditColumns: { createTime: 'ts_ms' } }), ['t9', 't1']),
      'SELECT MIN(`ts_ms`) AS oldest FROM `audit_log` WHERE `tenant_id` = ? AND `tenant_id` IN (?, ?)',
      ['t9', 't9', 't1'],
    ],
    [
      'the latest purge events',
      purgeEventsStatement(testSettings()),
      'SELECT `create_time` AS time_ms, `details` AS details FROM `audit_log` WHERE `action` = ? ORDER BY `create_time` DESC, `id` DESC LIMIT ?',
      ['AUDIT_RETENTION_PURGE', 20],
    ],
    [
      'the latest purge events, renamed columns',
      purgeEventsStatement(renamed),
      'SELECT `ts_ms` AS time_ms, `details` AS details FROM `events` WHERE `operation` = ? ORDER BY `ts_ms` DESC, `id` DESC LIMIT ?',
      ['AUDIT_RETENTION_PURGE', 20],
    ],
    [
      "the chain's columns and tables",
      chainSchemaStatement(renamed),
      'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND ((TABLE_NAME = ? AND COLUMN_NAME IN (?, ?, ?, ?)) OR (TABLE_NAME IN (?, ?) AND COLUMN_NAME = ?))',
      [
        'events',
        'chain_key',
        'chain_seq',
        'prev_hash',
        'row_hash',
        'audit_chain_head',
        'audit_checkpoint',
        'chain_key',
      ],
    ],
  ])('%s', (_label, statement, sql, params) => {
    expect(statement).toEqual({ sql, params });
  });
});

describe('hasChainSchema', () => {
  const all = [
    ...['chain_key', 'chain_seq', 'prev_hash', 'row_hash'].map((c) => ({ t: 'audit_log', c })),
    { t: 'audit_chain_head', c: 'chain_key' },
    { t: 'AUDIT_CHECKPOINT', c: 'CHAIN_KEY' },
  ];
  it.each<[string, Array<{ t: string; c: string }>, boolean]>([
    ['every column and both tables (names in any case)', all, true],
    ['a column missing', all.filter((r) => r.c !== 'prev_hash'), false],
    ['the checkpoint table missing (or not granted)', all.filter((r) => r.t !== 'AUDIT_CHECKPOINT'), false],
    ['nothing', [], false],
  ])('%s: %s', (_label, rows, expected) => {
    expect(hasChainSchema(testSettings(), rows)).toBe(expected);
  });
});
