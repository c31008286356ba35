import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { EmbeddedScene, SceneTimeRange } from '@grafana/scenes';
import { testIds } from '../../shared/testIds';
import type { AuditEventRow } from './auditFrame';
import { EventDetailScene } from './EventDetailScene';
import { UID, eventsFrame, installFakeLedger } from './testing';

const ledger = installFakeLedger();

const kbUpdate: AuditEventRow = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  time: Date.UTC(2024, 4, 1, 9, 30),
  user: 'u-owner',
  tenant: 't1',
  action: 'KB_UPDATE',
  details: JSON.stringify({
    kb_id: 'k1',
    name: 'Claims (archived)',
    before: { name: 'Claims', parser: { id: 'naive', pages: 10 } },
    after: { name: 'Claims (archived)', parser: { id: 'book', pages: 10 }, permission: 'team' },
  }),
};

/** The ledger answers the event query with `rows` (the one event, or none). */
function answer(rows: AuditEventRow[]) {
  ledger.answer = (q) => eventsFrame(rows, { page: 1, pageSize: 1, total: rows.length }, q.refId);
}

function renderDetail(eventId: string, pii = true) {
  const detail = new EventDetailScene({ datasourceUid: UID, eventId, pii });
  const scene = new EmbeddedScene({ $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }), body: detail });
  render(<scene.Component model={scene} />);
  return detail;
}

beforeEach(() => ledger.reset());

describe('the event detail', () => {
  it('asks the ledger for the one event by id', async () => {
    answer([kbUpdate]);
    renderDetail(kbUpdate.id);
    await screen.findByTestId(testIds.audit.eventDetail);
    expect(ledger.queries).toEqual([
      {
        refId: 'event',
        queryType: 'auditEvents',
        eventId: kbUpdate.id,
        page: 1,
        pageSize: 1,
        datasource: expect.anything(),
      },
    ]);
  });

  it('shows who, what and when, one row per changed field, and the details pretty-printed', async () => {
    answer([kbUpdate]);
    renderDetail(kbUpdate.id);
    const detail = await screen.findByTestId(testIds.audit.eventDetail);
    expect(detail).toHaveTextContent('2024-05-01T09:30:00.000Z');
    expect(detail).toHaveTextContent('KB_UPDATE');
    expect(detail).toHaveTextContent('u-owner');

    const rows = within(screen.getByTestId(testIds.audit.changes)).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent)
      )
    ).toEqual([
      ['name', 'Claims', 'Claims (archived)', 'changed'],
      ['parser.id', 'naive', 'book', 'changed'],
      ['permission', 'absent', 'team', 'added'],
    ]);
    expect(screen.queryByTestId(testIds.audit.changeRow('parser.pages'))).not.toBeInTheDocument();

    expect(screen.getByTestId(testIds.audit.eventJson).textContent).toBe(
      JSON.stringify(JSON.parse(kbUpdate.details!), null, 2)
    );
  });

  it('has no changes table for an event that records none', async () => {
    answer([{ ...kbUpdate, action: 'USER_LOGIN_SUCCESS', details: '{"email":"a***@x.io","ip":"192.0.2.1"}' }]);
    renderDetail(kbUpdate.id, false);
    await screen.findByTestId(testIds.audit.eventDetail);
    expect(screen.queryByTestId(testIds.audit.changes)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.audit.eventJson)).toHaveTextContent('"email": "a***@x.io"');
    expect(screen.getByTestId(testIds.audit.piiNote)).toBeInTheDocument();
  });

  it('says so when no event has the id', async () => {
    answer([]);
    renderDetail('nope');
    expect(await screen.findByTestId(testIds.audit.eventNotFound)).toHaveTextContent('No audit event has the id nope.');
  });

  it('shows the ledger’s message when it refuses the query', async () => {
    ledger.answer = () => new Error('access denied: the audit trail needs the Admin role');
    renderDetail(kbUpdate.id);
    expect(await screen.findByTestId(testIds.audit.eventError)).toHaveTextContent(
      'access denied: the audit trail needs the Admin role'
    );
  });
});
