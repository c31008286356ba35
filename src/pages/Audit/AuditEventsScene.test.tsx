import React from 'react';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { locationService } from '@grafana/runtime';
import {
  CustomVariable,
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  TextBoxVariable,
  UrlSyncManager,
  type SceneObject,
} from '@grafana/scenes';
import { ALL_VALUE } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import { LazyScene } from '../common/LazyScene';
import { AuditEventsScene } from './AuditEventsScene';
import { PAGE_FILTERS } from './auditQueries';
import { UID, eventsFrame, installFakeLedger, someEvents } from './testing';

const ledger = installFakeLedger();

/** 120 events, 50 a page, whatever the filters. */
function answerPages(total = 120) {
  ledger.answer = (q) => {
    const page = q.page ?? 1;
    const first = (page - 1) * 50;
    return eventsFrame(someEvents(Math.max(0, Math.min(50, total - first)), first + 1), { page, pageSize: 50, total });
  };
}

function allOf(name: string, query: string) {
  return new CustomVariable({ name, query, value: '$__all', isMulti: true, includeAll: true, allValue: ALL_VALUE });
}

/** The table on a page with the four filter variables, rendered; `body` wraps it (default: as it is). */
function setup(
  options: Partial<ConstructorParameters<typeof AuditEventsScene>[0]> = {},
  wrap?: (t: SceneObject) => SceneObject
) {
  const table = new AuditEventsScene({ datasourceUid: UID, filters: PAGE_FILTERS, pii: true, ...options });
  const user = allOf('user', 'u1,u2');
  const timeRange = new SceneTimeRange({ from: 'now-24h', to: 'now' });
  const scene = new EmbeddedScene({
    $timeRange: timeRange,
    $variables: new SceneVariableSet({
      variables: [
        user,
        allOf('tenant', 't1'),
        allOf('action', 'KB_UPDATE'),
        new TextBoxVariable({ name: 'search', value: '' }),
      ],
    }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: wrap ? wrap(table) : table })] }),
  });
  render(<scene.Component model={scene} />);
  return { table, user, timeRange, scene };
}

const lastQuery = () => ledger.queries[ledger.queries.length - 1];

beforeEach(() => {
  ledger.reset();
  answerPages();
  locationService.push('/a/llmops-observability-app/audit');
});

describe('the audit events table', () => {
  it('asks the ledger for the first page, newest first, and shows it with the total', async () => {
    setup();
    expect(await screen.findByTestId(testIds.audit.eventRow('e1'))).toBeInTheDocument();
    expect(screen.getAllByTestId(/llmops audit event row/)).toHaveLength(50);
    expect(screen.getByTestId(testIds.audit.total)).toHaveTextContent('120 events · page 1 of 3');
    expect(ledger.queries).toEqual([
      expect.objectContaining({ queryType: 'auditEvents', page: 1, pageSize: 50, sort: 'time', direction: 'desc' }),
    ]);
    expect(screen.getByTestId(testIds.audit.sortHeader('time')).closest('th')).toHaveAttribute(
      'aria-sort',
      'descending'
    );
  });

  it('shows users and tenants by the names the ledger sent, their ids on hover', async () => {
    ledger.answer = () =>
      eventsFrame(
        [
          { ...someEvents(1)[0], user: 'u1', userName: 'Ana <ana@example.com>', tenant: 't1', tenantName: 'Acme' },
          { ...someEvents(1, 2)[0], user: 'u2', tenant: 't2' },
        ],
        { page: 1, pageSize: 50, total: 2 }
      );
    setup();
    const named = within(await screen.findByTestId(testIds.audit.eventRow('e1')));
    expect(named.getByText('Ana <ana@example.com>')).toHaveAttribute('title', 'u1');
    expect(named.getByText('Acme')).toHaveAttribute('title', 't1');
    const plain = within(screen.getByTestId(testIds.audit.eventRow('e2')));
    expect(plain.getByText('u2')).not.toHaveAttribute('title');
  });

  it('sorts on the server when a header is clicked, and flips the direction on a second click', async () => {
    const { table } = setup({ page: 2 });
    await screen.findByTestId(testIds.audit.eventRow('e51'));

    fireEvent.click(screen.getByTestId(testIds.audit.sortHeader('action')));
    await waitFor(() => expect(ledger.requests).toHaveLength(2));
    // A new order starts at the first page.
    expect(lastQuery()).toMatchObject({ sort: 'action', direction: 'asc', page: 1 });
    expect(table.runner.state.queries[0]).toMatchObject({ sort: 'action', direction: 'asc', page: 1 });

    fireEvent.click(screen.getByTestId(testIds.audit.sortHeader('action')));
    await waitFor(() => expect(ledger.requests).toHaveLength(3));
    expect(lastQuery()).toMatchObject({ sort: 'action', direction: 'desc' });
    await waitFor(() =>
      expect(screen.getByTestId(testIds.audit.sortHeader('action')).closest('th')).toHaveAttribute(
        'aria-sort',
        'descending'
      )
    );
    expect(screen.getByTestId(testIds.audit.sortHeader('time')).closest('th')).toHaveAttribute('aria-sort', 'none');
  });

  it('asks for the next page when "next page" is clicked', async () => {
    const { table } = setup();
    await screen.findByTestId(testIds.audit.eventRow('e1'));
    fireEvent.click(within(screen.getByTestId(testIds.audit.pagination)).getByRole('button', { name: 'next page' }));
    expect(await screen.findByTestId(testIds.audit.eventRow('e51'))).toBeInTheDocument();
    expect(table.state.page).toBe(2);
    expect(lastQuery()).toMatchObject({ page: 2, sort: 'time', direction: 'desc' });
    expect(screen.getByTestId(testIds.audit.total)).toHaveTextContent('120 events · page 2 of 3');
  });

  it('goes back to page 1 when a filter changes, with one query only', async () => {
    const { table, user } = setup({ page: 3 });
    await screen.findByTestId(testIds.audit.eventRow('e101'));
    const before = ledger.requests.length;

    act(() => user.changeValueTo(['u1']));
    expect(table.state.page).toBe(1);
    await screen.findByTestId(testIds.audit.eventRow('e1'));
    expect(ledger.requests).toHaveLength(before + 1);
    expect(lastQuery()).toMatchObject({ page: 1, users: ['$user'] });
  });

  it('goes back to page 1 when the time range changes, but not on a refresh', async () => {
    const { table, timeRange } = setup({ page: 2 });
    await screen.findByTestId(testIds.audit.eventRow('e51'));

    act(() => timeRange.onRefresh());
    expect(table.state.page).toBe(2);

    act(() => timeRange.onTimeRangeChange({ ...timeRange.state.value, raw: { from: 'now-7d', to: 'now' } }));
    expect(table.state.page).toBe(1);
    await waitFor(() => expect(lastQuery()).toMatchObject({ page: 1 }));
  });

  it('moves to the last page when the page asked for is past it', async () => {
    const { table } = setup({ page: 9 });
    expect(await screen.findByTestId(testIds.audit.eventRow('e101'))).toBeInTheDocument();
    expect(table.state.page).toBe(3);
    expect(ledger.queries.map((q) => q.page)).toEqual([9, 3]);
  });

  it('links each row to its event, keeping the URL parameters', async () => {
    locationService.push('/a/llmops-observability-app/audit?from=now-7d&to=now&var-user=u1&page=1');
    setup();
    const link = await screen.findByTestId(testIds.audit.eventLink('e1'));
    expect(link).toHaveAttribute(
      'href',
      '/a/llmops-observability-app/audit/event/e1?from=now-7d&to=now&var-user=u1&page=1'
    );
    expect(link).toHaveTextContent('2024-05-01 11:59:00');
  });

  it('shows the ledger’s message when it refuses the query, not an empty table', async () => {
    ledger.answer = () => new Error('access denied: filtering by e-mail address needs the Admin role');
    setup();
    expect(await screen.findByTestId(testIds.audit.eventsError)).toHaveTextContent(
      'access denied: filtering by e-mail address needs the Admin role'
    );
    expect(screen.queryByTestId(/llmops audit event row/)).not.toBeInTheDocument();
    // A button with a tooltip stays focusable: it is disabled for assistive technology.
    expect(screen.getByTestId(testIds.audit.exportCsv)).toHaveAttribute('aria-disabled', 'true');
  });

  it('says when nothing matches, and offers no export', async () => {
    answerPages(0);
    setup();
    expect(await screen.findByTestId(testIds.audit.eventsEmpty)).toHaveTextContent('No events match');
    // A button with a tooltip stays focusable: it is disabled for assistive technology.
    expect(screen.getByTestId(testIds.audit.exportCsv)).toHaveAttribute('aria-disabled', 'true');
  });

  it('says that e-mails are masked to a viewer who may not see personal data', async () => {
    setup({ pii: false });
    expect(await screen.findByTestId(testIds.audit.piiNote)).toHaveTextContent('E-mail addresses are masked');
  });

  it('has no masking note for a viewer who may see personal data', async () => {
    setup({ pii: true });
    await screen.findByTestId(testIds.audit.eventRow('e1'));
    expect(screen.queryByTestId(testIds.audit.piiNote)).not.toBeInTheDocument();
  });

  it('says when an export was cut at the cap', async () => {
    const { table } = setup();
    await screen.findByTestId(testIds.audit.eventRow('e1'));
    act(() => table.setState({ exportResult: { fileName: 'audit-x.csv', rows: 50_000, total: 61_234, capped: true } }));
    expect(screen.getByTestId(testIds.audit.exportStatus)).toHaveTextContent(
      'audit-x.csv holds the first 50,000 of 61,234 events: an export stops at 50,000.'
    );
  });
});

describe('the audit events table in the URL', () => {
  it('reads page, sort and direction, and falls back to the defaults for values it does not know', () => {
    const table = new AuditEventsScene({ datasourceUid: UID, filters: PAGE_FILTERS, pii: true });
    table.updateFromUrl({ page: '4', sort: 'tenant', dir: 'asc' });
    expect(table.getUrlState()).toEqual({ page: '4', sort: 'tenant', dir: 'asc' });
    expect(table.runner.state.queries[0]).toMatchObject({ page: 4, sort: 'tenant', direction: 'asc' });

    table.updateFromUrl({ page: '-2', sort: 'details; DROP TABLE', dir: 'sideways' });
    expect(table.getUrlState()).toEqual({ page: '1', sort: 'time', dir: 'desc' });
  });

  it('takes its state from the URL when the page body is loaded after URL sync started', async () => {
    locationService.push('/a/llmops-observability-app/audit?page=2&sort=user&dir=asc');
    const { scene, table } = setup({}, (t) => new LazyScene({ load: async () => t }));
    // What SceneApp does when the page opens; the body is not there yet.
    new UrlSyncManager().initSync(scene);

    expect(await screen.findByTestId(testIds.audit.eventRow('e51'))).toBeInTheDocument();
    // The very first query is already the right one.
    expect(ledger.queries[0]).toMatchObject({ page: 2, sort: 'user', direction: 'asc' });
    expect(table.state).toMatchObject({ page: 2, sort: 'user', direction: 'asc' });

    fireEvent.click(within(screen.getByTestId(testIds.audit.pagination)).getByRole('button', { name: 'next page' }));
    await waitFor(() => expect(locationService.getSearchObject()).toMatchObject({ page: '3' }));
  });

  it('shows the page the URL asks for when the tab comes back, not the one it left', async () => {
    const { table, scene } = setup();
    await screen.findByTestId(testIds.audit.eventRow('e1'));
    cleanup();
    // The breadcrumb back from an event: the cached tab scene is synced from the URL while inactive.
    table.updateFromUrl({ page: '3' });
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.audit.eventRow('e101'))).toBeInTheDocument();
    expect(lastQuery()).toMatchObject({ page: 3 });
  });
});
