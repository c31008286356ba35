/**
 * The ledger datasource's own editors: the config editor saves what it shows and reports each
 * health-check outcome; the query editor builds every query type and its preview returns data.
 */
import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { testIds } from '../../src/shared/testIds';
import { expect, lastDays, test, type Ledger } from './fixtures';
import type { TimeRange } from './ledgerSql';
import type { Frame } from './pages/frame';
import type { QueryEditorPage } from './pages/QueryEditorPage';

const ids = testIds.datasourceConfig;

test.describe('datasource config editor', () => {
  test('saves a changed setting: it is still there after a reload and in the API', async ({
    datasourceConfigPage: ds,
    page,
    ledger,
    capture,
  }) => {
    await ds.goto(ledger.uid);
    await capture('datasource-config');
    const description = ds.field(ids.description);
    const before = await description.inputValue();
    const edited = `Seeded ledger, edited by the browser specs (${randomBytes(4).toString('hex')})`;
    await description.fill(edited);
    try {
      const outcome = await ds.saveAndTest();
      expect(outcome.message).toMatch(/Connected to MySQL/);
      expect(outcome.ok).toBe(true);

      await page.reload();
      await expect(ds.field(ids.description)).toHaveValue(edited);
      const saved = await page.request.get(`/api/datasources/uid/${ledger.uid}`);
      expect(saved.ok()).toBe(true);
      expect(((await saved.json()) as { jsonData: { description?: string } }).jsonData.description).toBe(edited);
    } finally {
      await ds.goto(ledger.uid);
      await ds.field(ids.description).fill(before);
      await ds.saveAndTest();
    }
  });

  test.describe('health check outcomes (on a scratch copy of the ledger datasource)', () => {
    // One after the other (they share the scratch datasource); each sets everything it relies on.
    test.describe.configure({ mode: 'default' });

    test('good settings: connected', async ({ datasourceConfigPage: ds, ledger, scratchDatasource }) => {
      await ds.goto(scratchDatasource);
      await ds.setPassword(ledger.password);
      await ds.field(ids.usageTable).fill('');
      const outcome = await ds.saveAndTest();
      expect(outcome.ok).toBe(true);
      expect(outcome.message).toMatch(/Connected to MySQL \S+ at \S+ as \S+\./);
    });

    test('a bad password: MySQL refused access', async ({ datasourceConfigPage: ds, ledger, scratchDatasource }) => {
      await ds.goto(scratchDatasource);
      await ds.field(ids.usageTable).fill('');
      await ds.setPassword(`not-${ledger.password}`);
      const refused = await ds.saveAndTest();
      expect(refused.ok).toBe(false);
      expect(refused.message).toMatch(/MySQL at \S+ refused access: Access denied for user/);

      await ds.setPassword(ledger.password);
      expect((await ds.saveAndTest()).ok).toBe(true);
    });

    test('a table that does not exist: named in the message', async ({
      datasourceConfigPage: ds,
      ledger,
      scratchDatasource,
    }) => {
      await ds.goto(scratchDatasource);
      await ds.setPassword(ledger.password);
      await ds.field(ids.usageTable).fill('no_such_table');
      const missing = await ds.saveAndTest();
      expect(missing.ok).toBe(false);
      expect(missing.message).toMatch(/Table \S+\.no_such_table does not exist\./);

      await ds.field(ids.usageTable).fill('');
      expect((await ds.saveAndTest()).ok).toBe(true);
    });
  });
});

interface QueryCase {
  /** The query type's label in the menu. */
  label: string;
  /** Options set in the editor, after the type. */
  edit: (editor: QueryEditorPage) => Promise<void>;
  /** What the last request's query must hold. */
  query: Record<string, unknown>;
  /** The preview against SQL over the range the request asked for. */
  check: (frames: Frame[], ledger: Ledger, range: TimeRange) => Promise<void>;
}

const rowsOf = (frames: Frame[]) => frames.reduce((n, f) => n + f.rows.length, 0);

async function distinct(ledger: Ledger, column: string, range: TimeRange): Promise<string[]> {
  const rows = await ledger.sql.rows<RowDataPacket>(
    `SELECT DISTINCT ${column} AS v FROM token_usage_log WHERE create_time BETWEEN ? AND ? AND ${column} IS NOT NULL ORDER BY v`,
    [range.fromMs, range.toMs]
  );
  return rows.map((r) => String(r.v));
}

const CASES: QueryCase[] = [
  {
    label: 'Cost over time',
    edit: async (e) => {
      await e.choose('metric', 'Requests');
      await e.choose('groupBy', 'Tenant');
    },
    query: { queryType: 'costTimeSeries', metric: 'requests', groupBy: 'tenant' },
    check: async (frames, ledger, range) => {
      // One series per tenant, named by the tenant's name where there is one; the requests add up.
      const [frame] = frames;
      const series = frame!.fields.filter((f) => f !== 'time');
      const names = await ledger.sql.tenantNames();
      const tenants = await distinct(ledger, 'tenant_id', range);
      expect(series.sort()).toEqual(tenants.map((t) => names.get(t) ?? t).sort());
      const total = series.reduce((sum, s) => sum + frame!.numbers(s).reduce((a, b) => a + b, 0), 0);
      expect(total).toBe((await ledger.sql.usageTotals(range)).requests);
    },
  },
  {
    label: 'Cost breakdown',
    edit: async (e) => {
      await e.choose('groupBy', 'Tenant');
      await e.type('limit', 3);
    },
    query: { queryType: 'costBreakdown', groupBy: 'tenant', limit: 3 },
    check: async (frames, ledger, range) => {
      const top = (await ledger.sql.costBy('tenant', range)).slice(0, 3);
      expect(frames[0]!.column('tenant')).toEqual(top.map((t) => t.key));
    },
  },
  {
    label: 'Cost totals',
    edit: async () => {},
    query: { queryType: 'costTotals' },
    check: async (frames, ledger, range) => {
      const totals = await ledger.sql.usageTotals(range);
      expect(frames[0]!.rows).toHaveLength(1);
      expect(frames[0]!.number('requests')).toBe(totals.requests);
      expect(frames[0]!.number('input tokens')).toBe(totals.inputTokens);
    },
  },
  {
    label: 'Budget',
    edit: async (e) => {
      await e.type('monthlyBudget', 1000);
    },
    query: { queryType: 'budget', monthlyBudget: 1000 },
    check: async (frames) => {
      expect(rowsOf(frames)).toBeGreaterThan(0);
      expect(new Set(frames[0]!.column('budget'))).toEqual(new Set(['1000']));
    },
  },
  {
    label: 'Spend spikes',
    edit: async (e) => {
      await e.choose('by', 'Model');
      await e.choose('granularity', 'Day');
      await e.toggle('forAlerting');
    },
    query: { queryType: 'spendSpikes', by: 'model', granularity: 'day', forAlerting: true },
    check: async (frames, ledger, range) => {
      // The alerting shape: one number (the highest score) per model with spend in the range and
      // its baseline (the default 28 days of daily buckets before it).
      const day = 86_400_000;
      const withBaseline = { fromMs: (Math.floor(range.fromMs / day) - 28) * day, toMs: range.toMs };
      expect(frames[0]!.fields).toEqual(['model', 'score']);
      expect(frames[0]!.column('model')).toEqual(await distinct(ledger, 'model_name', withBaseline));
    },
  },
  {
    label: 'Unpriced models',
    edit: async () => {},
    query: { queryType: 'unpricedModels' },
    check: async (frames, ledger, range) => {
      expect([...frames[0]!.column('model')].sort()).toEqual(await ledger.sql.unpricedModels(range));
    },
  },
  {
    label: 'Audit events',
    edit: async (e) => {
      await e.choose('sort', 'Action');
      await e.choose('direction', 'Ascending');
      await e.type('pageSize', 10);
    },
    query: { queryType: 'auditEvents', sort: 'action', direction: 'asc', pageSize: 10 },
    check: async (frames, ledger, range) => {
      const rows = await ledger.sql.rows<RowDataPacket>(
        'SELECT id FROM audit_log WHERE create_time BETWEEN ? AND ? ORDER BY action ASC, id ASC LIMIT 10',
        [range.fromMs, range.toMs]
      );
      expect(frames[0]!.column('id')).toEqual(rows.map((r) => String(r.id)));
    },
  },
  {
    label: 'Audit counts',
    edit: async () => {},
    query: { queryType: 'auditCounts' },
    check: async (frames, ledger, range) => {
      const [frame] = frames;
      const total = frame!.fields
        .filter((f) => f !== 'time')
        .reduce((sum, s) => sum + frame!.numbers(s).reduce((a, b) => a + b, 0), 0);
      expect(total).toBe(await ledger.sql.auditCount(range));
    },
  },
  {
    label: 'Variable values',
    edit: async (e) => {
      await e.choose('variable', 'Models');
    },
    query: { queryType: 'variableValues', variable: 'models' },
    check: async (frames, ledger, range) => {
      expect(frames[0]!.rows.length).toBe((await distinct(ledger, 'model_name', range)).length);
    },
  },
  {
    label: 'Ping',
    edit: async (e) => {
      await e.type('rows', 5);
    },
    query: { queryType: 'ping', rows: 5 },
    check: async (frames) => {
      expect(rowsOf(frames)).toBe(5);
    },
  },
];

test.describe('datasource query editor', () => {
  for (const c of CASES) {
    test(`builds a "${c.label}" query and previews its data`, async ({
      queryEditorPage: editor,
      queries,
      ledger,
      capture,
    }) => {
      const range = lastDays(ledger, 7);
      await editor.goto(ledger.uid, { from: range.fromMs, to: range.toMs });
      await editor.chooseQueryType(c.label);
      await expect(editor.queryType()).toHaveValue(c.label);
      await c.edit(editor);
      await editor.run();
      await expect(async () => {
        const trip = queries.last('A');
        expect(trip?.queries.find((q) => q.refId === 'A')).toMatchObject(c.query);
        const frames = await editor.previewFrames();
        expect(rowsOf(frames)).toBeGreaterThan(0);
        await c.check(frames, ledger, trip!.range);
      }).toPass();
      if (c.label === 'Cost breakdown') {
        // A query with a short answer, so that the screenshot shows the editor and its whole preview.
        await capture('query-editor');
      }
    });
  }
});
