import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MappingType, type DataFrame } from '@grafana/data';
import { CustomVariable, EmbeddedScene, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';
import { ALL_VALUE } from '../../shared/queryTypes';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { testIds } from '../../shared/testIds';
import { ledgerFrame } from '../common/testing/ledgerFrames';
import { AuditTrustScene, CHAIN_LINES_MAX } from './AuditTrustScene';
import { PAGE_FILTERS } from './auditQueries';
import { chainLine, chainsOf, trailStateParts, type ChainRow } from './auditTrust';
import { UID, installFakeLedger } from './testing';

const ledger = installFakeLedger();

const T = Date.UTC(2026, 10, 18, 12);
const iso = (ms: number) => new Date(ms).toISOString();

function chain(tenant: string, status: ChainRow['status'], over: Partial<ChainRow> = {}): ChainRow {
  return {
    tenant,
    status,
    verified: status === 'verified' ? 1234 : 0,
    lastVerified: status === 'verified' ? T : null,
    notChained: 0,
    breakKind: null,
    breakEventId: null,
    breakTime: null,
    message: null,
    ...over,
  };
}

/** An `auditVerify` frame as the backend answers it (the result contract's fields). */
function verifyFrame(rows: ChainRow[], notices: string[] = []): DataFrame {
  const f = RESULT_FRAMES.auditVerify.fields;
  return ledgerFrame(
    'verify',
    RESULT_FRAMES.auditVerify,
    [
      [f.tenant, rows.map((r) => r.tenant)],
      [f.status, rows.map((r) => r.status)],
      [f.verified, rows.map((r) => r.verified)],
      [f.firstVerified, rows.map(() => null)],
      [f.lastVerified, rows.map((r) => r.lastVerified)],
      [f.notChained, rows.map((r) => r.notChained)],
      [f.breakKind, rows.map((r) => r.breakKind)],
      [f.breakEventId, rows.map((r) => r.breakEventId)],
      [f.breakTime, rows.map((r) => r.breakTime)],
      [f.message, rows.map((r) => r.message)],
    ],
    { notices: notices.map((text) => ({ severity: 'warning', text })) }
  );
}

function stateFrame(state: Partial<Record<keyof typeof RESULT_FRAMES.auditTrailState.fields, unknown>>): DataFrame {
  const f = RESULT_FRAMES.auditTrailState.fields;
  return ledgerFrame(
    'state',
    RESULT_FRAMES.auditTrailState,
    (Object.keys(f) as Array<keyof typeof f>).map((k) => [f[k], [state[k] ?? null]])
  );
}

function answer(
  chains: ChainRow[] | Error,
  state: DataFrame = stateFrame({ oldestEvent: T - 86_400_000 }),
  notices?: string[]
) {
  ledger.answer = (q) =>
    q.queryType === 'auditVerify' ? (chains instanceof Error ? chains : verifyFrame(chains, notices)) : state;
}

function renderTrust() {
  const trust = new AuditTrustScene({ datasourceUid: UID, filters: PAGE_FILTERS });
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now', timeZone: 'utc' }),
    $variables: new SceneVariableSet({
      variables: [
        new CustomVariable({
          name: 'tenant',
          query: 'acme,t2',
          value: '$__all',
          isMulti: true,
          includeAll: true,
          allValue: ALL_VALUE,
        }),
      ],
    }),
    body: trust,
  });
  render(<scene.Component model={scene} />);
  return trust;
}

beforeEach(() => ledger.reset());

describe('the audit trail’s integrity line', () => {
  it('asks for verification and the trail’s state in requests of their own, with the tenant variable', async () => {
    answer([chain('acme', 'verified')]);
    renderTrust();
    await screen.findByTestId(testIds.audit.trustChain('acme'));
    expect(ledger.requests.map((r) => r.targets.map((t) => [t.refId, t.queryType, t.tenants]))).toEqual(
      expect.arrayContaining([[['verify', 'auditVerify', ['$tenant']]], [['state', 'auditTrailState', ['$tenant']]]])
    );
    expect(ledger.requests).toHaveLength(2);
  });

  it('says "Verified to" the last event, with the count, for one chain', async () => {
    answer([chain('acme', 'verified')]);
    renderTrust();
    const line = await screen.findByTestId(testIds.audit.trustChain('acme'));
    expect(line).toHaveTextContent('Verified to 2026-11-18 12:00:00 (1,234 events)');
    expect(line).not.toHaveTextContent('acme');
  });

  it('says where a chain breaks and links to the event, the broken chain first', async () => {
    answer([
      chain('acme', 'verified'),
      chain('t2', 'broken', {
        breakKind: 'content_edited',
        breakEventId: 'e 42',
        breakTime: T - 60_000,
        message: 'changed',
      }),
    ]);
    renderTrust();
    const broken = await screen.findByTestId(testIds.audit.trustChain('t2'));
    expect(broken).toHaveTextContent('t2');
    expect(broken).toHaveTextContent('Broken at 2026-11-18 11:59:00: an event was changed');
    expect(within(broken).getByTestId(testIds.audit.trustBreakLink('t2')).getAttribute('href')).toContain(
      '/audit/event/e%2042'
    );
    const lines = screen.getAllByTestId(/llmops audit trust chain=/);
    expect(lines.map((l) => l.getAttribute('data-testid'))).toEqual([
      testIds.audit.trustChain('t2'),
      testIds.audit.trustChain('acme'),
    ]);
  });

  it('says "Not chained" with the notice naming the migration', async () => {
    answer([chain('', 'not chained', { notChained: 3 })], undefined, ['apply schema/mysql/007_audit_chain.sql']);
    renderTrust();
    const trust = await screen.findByTestId(testIds.audit.trust);
    expect(await within(trust).findByTestId(testIds.audit.trustChain(''))).toHaveTextContent(
      'Not chained3 events in the range not chained'
    );
    expect(trust).toHaveTextContent('apply schema/mysql/007_audit_chain.sql');
  });

  it(`shows at most ${CHAIN_LINES_MAX} chains and sums up the rest`, async () => {
    answer(Array.from({ length: 8 }, (_, i) => chain(`t${i}`, 'verified')));
    renderTrust();
    await screen.findByTestId(testIds.audit.trustChain('t0'));
    expect(screen.getAllByTestId(/llmops audit trust chain=/)).toHaveLength(CHAIN_LINES_MAX);
    expect(screen.getByTestId(testIds.audit.trust)).toHaveTextContent('3 more chains: 3 verified');
  });

  it('shows the refusal of a viewer below the audit role, not a verdict', async () => {
    answer(new Error('the audit trail needs the Admin role in this datasource settings'));
    renderTrust();
    expect(await screen.findByTestId(testIds.audit.trustError)).toHaveTextContent('needs the Admin role');
  });

  it('shows the trail’s state: oldest event, retention and last purge', async () => {
    answer(
      [chain('acme', 'verified')],
      stateFrame({ oldestEvent: T - 86_400_000, lastPurge: T, retentionDays: 400, removedRows: 10, dryRun: false })
    );
    renderTrust();
    expect(await screen.findByTestId(testIds.audit.trustState)).toHaveTextContent(
      'Oldest event held: 2026-11-17 12:00:00 · Retention: 400 days · Last purge: 2026-11-18 12:00:00, 10 events removed'
    );
  });
});

describe('chain lines and the trail’s state, as text', () => {
  const time = (ms: number) => iso(ms);
  it.each<[string, ChainRow, object]>([
    [
      'verified, with events of the range not chained',
      chain('acme', 'verified', { notChained: 1 }),
      {
        tone: 'ok',
        label: 'acme',
        text: `Verified to ${iso(T)} (1,234 events)`,
        note: '1 event in the range not chained',
      },
    ],
    [
      'broken with no event left',
      chain('', 'broken', { breakKind: 'row_missing', message: 'no event of the chain remains' }),
      { tone: 'broken', label: 'No tenant', text: 'Broken: events are missing', note: 'no event of the chain remains' },
    ],
    ['empty', chain('t1', 'empty'), { tone: 'empty', text: 'No events to verify' }],
  ])('%s', (_name, row, expected) => {
    expect(chainLine(row, time)).toMatchObject(expected);
  });

  it('names a chain by its tenant’s name when the ledger sent one; the id stays the key', () => {
    const frame = verifyFrame([chain('t-1', 'verified'), chain('t-2', 'broken')]);
    const tenant = frame.fields.find((f) => f.name === RESULT_FRAMES.auditVerify.fields.tenant.name)!;
    tenant.config = { mappings: [{ type: MappingType.ValueToText, options: { 't-1': { text: 'Acme Corp' } } }] };
    const rows = chainsOf(frame);
    expect(rows.map((r) => [r.tenant, r.tenantName])).toEqual([
      ['t-2', undefined],
      ['t-1', 'Acme Corp'],
    ]);
    expect(rows.map((r) => chainLine(r, time).label)).toEqual(['t-2', 'Acme Corp']);
  });

  it.each<[string, Parameters<typeof trailStateParts>[0], string[]]>([
    [
      'no purge yet',
      { oldestEvent: T, lastPurge: null, retentionDays: null, removedRows: null, dryRun: null },
      [`Oldest event held: ${iso(T)}`, 'No purge yet'],
    ],
    [
      'a dry run',
      { oldestEvent: null, lastPurge: T, retentionDays: 1, removedRows: 1, dryRun: true },
      ['No events held', 'Retention: 1 day', `Last purge: ${iso(T)}, 1 event would be removed (dry run)`],
    ],
  ])('%s', (_name, state, parts) => {
    expect(trailStateParts(state, time)).toEqual(parts);
  });
});
