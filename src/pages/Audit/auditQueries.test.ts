import { AUDIT_PAGE_SIZE_MAX } from '../../shared/queryTypes';
import type { PageQuery } from '../common/ledgerData';
import {
  PAGE_FILTERS,
  auditCountsQuery,
  auditEventQuery,
  auditEventsQuery,
  defaultDirection,
  exportPageQuery,
  type AuditFilterQuery,
} from './auditQueries';

const concrete: AuditFilterQuery = { users: ['u1', 'u2'], tenants: ['t1'], actions: ['KB_UPDATE'], text: 'archived' };

describe('audit query builders', () => {
  const cases: Array<[string, () => PageQuery, PageQuery]> = [
    [
      'the events table: the page variables, page, size and order',
      () => auditEventsQuery(PAGE_FILTERS, { page: 1, pageSize: 50, sort: 'time', direction: 'desc' }),
      {
        refId: 'events',
        queryType: 'auditEvents',
        users: ['$user'],
        tenants: ['$tenant'],
        actions: ['$action'],
        text: '$search',
        sort: 'time',
        direction: 'desc',
        page: 1,
        pageSize: 50,
      },
    ],
    [
      'the events table, sorted by tenant on page 7, with concrete filters',
      () => auditEventsQuery(concrete, { page: 7, pageSize: 25, sort: 'tenant', direction: 'asc' }),
      {
        refId: 'events',
        queryType: 'auditEvents',
        users: ['u1', 'u2'],
        tenants: ['t1'],
        actions: ['KB_UPDATE'],
        text: 'archived',
        sort: 'tenant',
        direction: 'asc',
        page: 7,
        pageSize: 25,
      },
    ],
    [
      'the counts: the same filters, no paging',
      () => auditCountsQuery(PAGE_FILTERS),
      {
        refId: 'counts',
        queryType: 'auditCounts',
        users: ['$user'],
        tenants: ['$tenant'],
        actions: ['$action'],
        text: '$search',
      },
    ],
    [
      'one event by id, without filters or time',
      () => auditEventQuery('0190a1b2-c3d4'),
      { refId: 'event', queryType: 'auditEvents', eventId: '0190a1b2-c3d4', page: 1, pageSize: 1 },
    ],
    [
      'a page of the export: the table query and order, the largest page size',
      () => exportPageQuery(auditEventsQuery(concrete, { page: 4, pageSize: 50, sort: 'user', direction: 'asc' }), 3),
      {
        refId: 'events',
        queryType: 'auditEvents',
        users: ['u1', 'u2'],
        tenants: ['t1'],
        actions: ['KB_UPDATE'],
        text: 'archived',
        sort: 'user',
        direction: 'asc',
        page: 3,
        pageSize: AUDIT_PAGE_SIZE_MAX,
      },
    ],
  ];

  it.each(cases)('%s', (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });

  it('copies the filter lists, so that a query never shares them with the page', () => {
    const query = auditEventsQuery(PAGE_FILTERS, { page: 1, pageSize: 50, sort: 'time', direction: 'desc' });
    query.users!.push('x');
    expect(PAGE_FILTERS.users).toEqual(['$user']);
  });

  it.each([
    ['time', 'desc'],
    ['action', 'asc'],
    ['user', 'asc'],
    ['tenant', 'asc'],
  ] as const)('a first click on %s sorts %s', (column, direction) => {
    expect(defaultDirection(column)).toBe(direction);
  });
});
