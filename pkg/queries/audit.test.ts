import { QUERY_DEFAULTS } from '../../src/shared/queryModel';
import { testSettings } from '../testing/settings';
import { auditCountsPlan, auditEventsPlan, type AuditPage } from './audit';
import { buckets } from './buckets';

const range = { fromMs: 1_000_000, toMs: 2_000_000 };
/** A query's paging as validation completes it: the defaults, then what the query set. */
const paging = (set: Partial<AuditPage> = {}): AuditPage => ({ ...QUERY_DEFAULTS.auditEvents, ...set });
const SELECT =
  'SELECT `create_time` AS time_ms, `id` AS id, `user_id` AS user_id, `tenant_id` AS tenant_id, `action` AS action, `details` AS details FROM `audit_log`';

describe('auditEventsPlan', () => {
  it.each<[string, object, object, Partial<AuditPage>, string, unknown[]]>([
    [
      'newest first by default, page 1 of 100',
      {},
      {},
      {},
      `${SELECT} WHERE \`create_time\` BETWEEN ? AND ? ORDER BY \`create_time\` DESC, \`id\` DESC LIMIT ? OFFSET ?`,
      [1_000_000, 2_000_000, 100, 0],
    ],
    [
      'every filter, sorted by action ascending, page 3',
      {},
      { users: ['u1', 'u2'], tenants: ['t1'], actions: ['KB_DELETE'], text: '50%' },
      { sort: 'action', direction: 'asc', page: 3, pageSize: 20 },
      `${SELECT} WHERE \`create_time\` BETWEEN ? AND ? AND \`user_id\` IN (?, ?) AND \`tenant_id\` IN (?) AND \`action\` IN (?) AND \`details\` LIKE ? ESCAPE '!' ORDER BY \`action\` ASC, \`id\` ASC LIMIT ? OFFSET ?`,
      [1_000_000, 2_000_000, 'u1', 'u2', 't1', 'KB_DELETE', '%50!%%', 20, 40],
    ],
    [
      'a pinned datasource with renamed columns; page size capped by max rows',
      { pinnedTenant: 't9', maxRows: 10, auditColumns: { action: 'operation', createTime: 'ts_ms' } },
      {},
      { sort: 'user', pageSize: 500 },
      'SELECT `ts_ms` AS time_ms, `id` AS id, `user_id` AS user_id, `tenant_id` AS tenant_id, `operation` AS action, `details` AS details FROM `audit_log` WHERE `ts_ms` BETWEEN ? AND ? AND `tenant_id` = ? ORDER BY `user_id` DESC, `id` DESC LIMIT ? OFFSET ?',
      [1_000_000, 2_000_000, 't9', 10, 0],
    ],
  ])('%s', (_label, settings, filters, page, sql, params) => {
    const plan = auditEventsPlan(testSettings(settings), { ...filters, range }, paging(page));
    expect(plan.statement).toEqual({ sql, params });
  });

  it('finds one event by id whatever the range, still within the pinned tenant', () => {
    const plan = auditEventsPlan(
      testSettings({ pinnedTenant: 't9' }),
      { eventId: 'e42', actions: ['A'], range },
      paging()
    );
    expect(plan.statement).toEqual({
      sql: `${SELECT} WHERE \`id\` IN (?) AND \`tenant_id\` = ? AND \`action\` IN (?) ORDER BY \`create_time\` DESC, \`id\` DESC LIMIT ? OFFSET ?`,
      params: ['e42', 't9', 'A', 100, 0],
    });
  });

  it('counts with the same filter', () => {
    const plan = auditEventsPlan(testSettings(), { actions: ['A'], range }, paging());
    expect(plan.count).toEqual({
      sql: 'SELECT COUNT(*) AS total FROM `audit_log` WHERE `create_time` BETWEEN ? AND ? AND `action` IN (?)',
      params: [1_000_000, 2_000_000, 'A'],
    });
  });

  it('treats empty filter lists as no filter', () => {
    const plan = auditEventsPlan(testSettings(), { users: [], actions: [], range }, paging());
    expect(plan.statement.sql).not.toContain(' IN (');
    expect(plan.statement).toEqual({
      sql: `${SELECT} WHERE \`create_time\` BETWEEN ? AND ? ORDER BY \`create_time\` DESC, \`id\` DESC LIMIT ? OFFSET ?`,
      params: [1_000_000, 2_000_000, 100, 0],
    });
  });
});

describe('auditCountsPlan', () => {
  it('groups by bucket index and action', () => {
    const statement = auditCountsPlan(
      testSettings({ maxRows: 99 }),
      { tenants: ['t1'], range },
      buckets(0, 3_600_000, 60_000, 1000)
    );
    expect(statement).toEqual({
      sql: 'SELECT `create_time` DIV ? AS bucket, `action` AS action, COUNT(*) AS events FROM `audit_log` WHERE `create_time` BETWEEN ? AND ? AND `tenant_id` IN (?) GROUP BY bucket, action ORDER BY bucket, action LIMIT ?',
      params: [60_000, 1_000_000, 2_000_000, 't1', 100],
    });
  });
});
