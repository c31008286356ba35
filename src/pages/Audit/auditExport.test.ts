import { of } from 'rxjs';
import type { DataQueryRequest } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { CustomVariable, EmbeddedScene, SceneTimeRange, SceneVariableSet, TextBoxVariable } from '@grafana/scenes';
import { ALL_VALUE, AUDIT_PAGE_SIZE_MAX } from '../../shared/queryTypes';
import type { PageQuery } from '../common/ledgerData';
import { AuditEventsScene } from './AuditEventsScene';
import { exportAuditCsv } from './auditExport';
import { PAGE_FILTERS } from './auditQueries';
import { UID, eventsFrame, someEvents } from './testing';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: jest.fn(),
}));

const FROM = '2024-05-01T00:00:00.000Z';
const TO = '2024-05-02T00:00:00.000Z';

/** A ledger of `total` events that answers pages of at most `pageSize`, through the datasource API. */
function ledgerDatasource(total: number, pageSize = AUDIT_PAGE_SIZE_MAX, refuse?: string) {
  const query = jest.fn((request: DataQueryRequest<PageQuery>) => {
    if (refuse) {
      return of({ data: [], errors: [{ message: refuse }] });
    }
    const { page = 1, refId } = request.targets[0];
    const first = (page - 1) * pageSize;
    const rows = someEvents(Math.max(0, Math.min(pageSize, total - first)), first + 1);
    return of({ data: [eventsFrame(rows, { page, pageSize, total }, refId)] });
  });
  const get = jest.fn(async () => ({ query }));
  jest.mocked(getDataSourceSrv).mockReturnValue({ get } as unknown as ReturnType<typeof getDataSourceSrv>);
  return { query, get };
}

/** The events table on a page whose variables hold concrete values. */
function tableOnPage() {
  const table = new AuditEventsScene({
    datasourceUid: UID,
    filters: PAGE_FILTERS,
    pii: true,
    sort: 'user',
    direction: 'asc',
    page: 4,
  });
  new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: FROM, to: TO }),
    $variables: new SceneVariableSet({
      variables: [
        new CustomVariable({ name: 'user', query: 'u1,u2,u3', value: ['u1', 'u2'], isMulti: true }),
        new CustomVariable({
          name: 'tenant',
          query: 't1,t2',
          value: '$__all',
          isMulti: true,
          includeAll: true,
          allValue: ALL_VALUE,
        }),
        new CustomVariable({ name: 'action', query: 'KB_UPDATE,KB_DELETE', value: ['KB_UPDATE'], isMulti: true }),
        new TextBoxVariable({ name: 'search', value: 'archived' }),
      ],
    }),
    body: table,
  });
  return table;
}

describe('CSV export', () => {
  it('sends the table’s filters with the variables’ values, every page of 1,000, in the table’s order', async () => {
    const { query, get } = ledgerDatasource(2300);
    const save = jest.fn();
    const table = tableOnPage();
    const ref = { type: 'llmops-ledger-datasource', uid: UID };
    const result = await exportAuditCsv(table, ref, table.eventsQuery(), { save });

    expect(get).toHaveBeenCalledWith(ref);
    const sent = query.mock.calls.map(([request]) => request);
    expect(sent.map((r) => r.targets)).toEqual(
      [1, 2, 3].map((page) => [
        {
          refId: 'events',
          queryType: 'auditEvents',
          // Tenant is All: the filter is dropped, as the datasource does for the table.
          users: ['u1', 'u2'],
          actions: ['KB_UPDATE'],
          text: 'archived',
          sort: 'user',
          direction: 'asc',
          page,
          pageSize: AUDIT_PAGE_SIZE_MAX,
        },
      ])
    );
    // One range for all pages, the page's.
    expect(new Set(sent.map((r) => r.range.from.toISOString()))).toEqual(new Set([FROM]));
    expect(new Set(sent.map((r) => r.range.to.toISOString()))).toEqual(new Set([TO]));

    expect(result).toEqual({
      fileName: 'audit-2024-05-01T00-00-00Z_2024-05-02T00-00-00Z.csv',
      rows: 2300,
      total: 2300,
      capped: false,
    });
    const [fileName, csv] = save.mock.calls[0];
    expect(fileName).toBe(result.fileName);
    const lines = (csv as string).split('\r\n');
    expect(lines[0]).toBe('time,user,tenant,action,details');
    expect(lines).toHaveLength(2300 + 2);
    expect(lines[1]).toBe('2024-05-01T11:59:00.000Z,user-1,t1,USER_LOGIN_SUCCESS,"{""ip"":""192.0.2.1""}"');
  });

  it('stops at the cap and says how many events it left out', async () => {
    const { query } = ledgerDatasource(9000);
    const save = jest.fn();
    const table = tableOnPage();
    const result = await exportAuditCsv(table, { uid: UID }, table.eventsQuery(), { save, cap: 2000 });
    expect(query).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({ rows: 2000, total: 9000, capped: true });
    expect((save.mock.calls[0][1] as string).split('\r\n')).toHaveLength(2000 + 2);
  });

  it('fails with the ledger’s message, and saves nothing', async () => {
    ledgerDatasource(0, 1000, 'access denied: filtering by e-mail address needs the Admin role');
    const save = jest.fn();
    const table = tableOnPage();
    await expect(exportAuditCsv(table, { uid: UID }, table.eventsQuery(), { save })).rejects.toThrow(
      'access denied: filtering by e-mail address needs the Admin role'
    );
    expect(save).not.toHaveBeenCalled();
  });

  it('from the table: reports the result in its state, or the error', async () => {
    ledgerDatasource(120);
    const save = jest.fn();
    const table = tableOnPage();
    await table.exportCsv(save);
    expect(table.state).toMatchObject({ exporting: false, exportResult: { rows: 120, total: 120, capped: false } });
    expect(table.state.exportError).toBeUndefined();

    ledgerDatasource(0, 1000, 'the ledger is down');
    await table.exportCsv(save);
    expect(table.state).toMatchObject({ exporting: false, exportError: 'the ledger is down' });
    expect(table.state.exportResult).toBeUndefined();
  });
});
