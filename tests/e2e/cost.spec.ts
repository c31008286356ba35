/**
 * The LLM Cost page against SQL on the same rows: totals, spend by model, the biggest spenders, the
 * tenant → user drilldown, the time picker and the tenant variable, and the unpriced models.
 */
import { UNPRICED_MODELS } from '../../tools/seed/catalog';
import { expect, lastDays, test } from './fixtures';
import { formatLikeGrafana } from './grafanaFormat';
import type { GroupCost, TimeRange, UsageTotals } from './ledgerSql';
import type { BreakdownRow, CostTotals } from './pages/CostPage';

/** Costs are DECIMAL(20,8) sums that reach the page as float64: equal to a millionth of a dollar. */
const CENTS_DIGITS = 6;

function expectTotals(shown: CostTotals, sql: UsageTotals): void {
  // Spend = stored costs + costs estimated from the price list; each part against its own SQL.
  expect(shown.cost - shown.estimatedCost).toBeCloseTo(sql.storedCost, CENTS_DIGITS);
  expect(shown.estimatedCost).toBeCloseTo(sql.estimatedCost, CENTS_DIGITS);
  if (sql.requests > 0) {
    expect(shown.costPerRequest).toBeCloseTo((sql.storedCost + sql.estimatedCost) / sql.requests, CENTS_DIGITS);
  }
  expect({
    inputTokens: shown.inputTokens,
    outputTokens: shown.outputTokens,
    requests: shown.requests,
    estimatedRequests: shown.estimatedRequests,
    unpricedRequests: shown.unpricedRequests,
  }).toEqual({
    inputTokens: sql.inputTokens,
    outputTokens: sql.outputTokens,
    requests: sql.requests,
    estimatedRequests: sql.estimatedRequests,
    unpricedRequests: sql.unpricedRequests,
  });
}

function expectRows(shown: BreakdownRow[], sql: GroupCost[]): void {
  expect(shown.map((r) => r.key)).toEqual(sql.map((g) => g.key ?? ''));
  shown.forEach((row, i) => {
    expect(row.cost, `cost of ${row.key}`).toBeCloseTo(sql[i]!.cost, CENTS_DIGITS);
    expect(row.requests, `requests of ${row.key}`).toBe(sql[i]!.requests);
  });
}

function expectSums(shown: Map<string, number>, sql: Map<string, number>): void {
  expect([...shown.keys()].sort()).toEqual([...sql.keys()].sort());
  for (const [model, cost] of sql) {
    expect(shown.get(model), `spend of ${model}`).toBeCloseTo(cost, CENTS_DIGITS);
  }
}

const params = (range: TimeRange) => ({ from: range.fromMs, to: range.toMs });

test.describe('LLM Cost', () => {
  test('the most expensive calls match SQL, most expensive first', async ({ costPage, ledger }) => {
    const range = lastDays(ledger, 14);
    await costPage.goto(params(range));
    const sql = await ledger.sql.topCalls(range, 20);
    expect(sql.length, 'the seeded range has calls').toBe(20);
    await expect(async () => {
      const shown = await costPage.topCalls();
      expect(shown.map((c) => [c.time, c.model])).toEqual(sql.map((c) => [c.time, c.model]));
      shown.forEach((c, i) =>
        expect(c.cost ?? -1, `cost of call ${i + 1}`).toBeCloseTo(sql[i]!.cost ?? -1, CENTS_DIGITS)
      );
    }).toPass();
  });

  test('totals, spend by model, spend by tenant and the top spenders match SQL', async ({
    costPage,
    queries,
    ledger,
    capture,
    target,
  }) => {
    const range = lastDays(ledger, 14);
    await costPage.goto(params(range));
    await expect(costPage.title()).toHaveText('LLM Cost');

    const totals = await ledger.sql.usageTotals(range);
    expect(totals.requests, 'the seeded range has usage').toBeGreaterThan(0);
    await expect(async () => expectTotals(await costPage.totals(), totals)).toPass();
    // The SQL covered exactly what the page asked for.
    expect(queries.range('totals')).toEqual(range);

    const byModel = await ledger.sql.costByModel(range);
    await expect(async () => expectSums(await costPage.spendByModel(), byModel)).toPass();

    // What a person reads: the Spend stat, formatted as Grafana formats US dollars, and the models
    // named in the legend of the spend over time.
    const spendText = await formatLikeGrafana(totals.storedCost + totals.estimatedCost, 'currencyUSD');
    if (target === 'shell') {
      await expect
        .poll(async () => (await costPage.vizOf('spend').innerText()).replace(/\s+/g, ''))
        .toBe(spendText.replace(/\s+/g, ''));
    } else {
      await expect(costPage.vizOf('spend')).toContainText(spendText);
    }
    for (const model of byModel.keys()) {
      await expect(costPage.vizOf('spendByModel'), `the legend names ${model}`).toContainText(model);
    }

    const byTenant = await ledger.sql.costBy('tenant', range);
    await expect(async () => expectRows(await costPage.breakdown('byTenant'), byTenant)).toPass();

    const byUser = await ledger.sql.costBy('user', range);
    await expect(async () => {
      const top = await costPage.topSpenders();
      expectRows(top, byUser.slice(0, 10));
      // The first bar is the user who spent most.
      expect(top[0]!.key).toBe(byUser[0]!.key ?? '');
    }).toPass();

    await capture('cost');
  });

  test('the tenant → user drilldown shows that tenant, then that user, as SQL does', async ({
    costPage,
    page,
    queries,
    ledger,
    capture,
  }) => {
    const range = lastDays(ledger, 14);
    // The second biggest tenant, so that the drilldown visibly changes from the page's first row.
    const tenant = (await ledger.sql.costBy('tenant', range))[1]!.key!;
    await costPage.goto(params(range));

    const tenantLink = costPage.link('byTenant', await ledger.sql.tenantText(tenant));
    await tenantLink.click();
    // Titled by the tenant's name where the directory has one (RAGFlow's tenant table), else its id.
    await expect(costPage.title()).toHaveText(`Tenant ${await ledger.sql.tenantText(tenant)}`);
    await expect(page).toHaveURL(new RegExp(`/cost/tenant/${tenant}\\?`));

    const forTenant = { tenants: [tenant] };
    const tenantTotals = await ledger.sql.usageTotals(range, forTenant);
    await expect(async () => expectTotals(await costPage.totals(), tenantTotals)).toPass();
    // The time range followed the link: the tenant's queries cover the same milliseconds.
    expect(queries.range('totals')).toEqual(range);
    const users = await ledger.sql.costBy('user', range, forTenant);
    await expect(async () => expectRows(await costPage.breakdown('byUser'), users)).toPass();
    const tenantModels = await ledger.sql.costByModel(range, forTenant);
    await expect(async () => expectSums(await costPage.spendByModel(), tenantModels)).toPass();
    await capture('cost-tenant');

    // Its biggest spender other than the owner (whose id is the tenant's), so that the title changes.
    const user = (users.find((u) => u.key !== null && u.key !== tenant) ?? users.find((u) => u.key !== null))!.key!;
    // The user's nickname and e-mail address (the datasource's default label) for this Admin.
    const userText = await ledger.sql.userText(user);
    await costPage.link('byUser', userText).click();
    await expect(costPage.title()).toHaveText(`User ${userText}`);
    await expect(page).toHaveURL(new RegExp(`/cost/tenant/${tenant}/user/${user}\\?`));
    const forUser = { tenants: [tenant], users: [user] };
    const userTotals = await ledger.sql.usageTotals(range, forUser);
    await expect(async () => expectTotals(await costPage.totals(), userTotals)).toPass();
    const userModels = await ledger.sql.costByModel(range, forUser);
    await expect(async () => expectSums(await costPage.spendByModel(), userModels)).toPass();
    await expect(async () => {
      const models = await costPage.breakdown('byModel');
      expect(models.map((m) => m.key).sort()).toEqual([...userModels.keys()].sort());
      for (const m of models) {
        expect(m.cost, `spend of ${m.key}`).toBeCloseTo(userModels.get(m.key)!, CENTS_DIGITS);
      }
    }).toPass();
    await capture('cost-user');
  });

  test('the time picker and the tenant variable change the numbers as SQL says', async ({
    costPage,
    page,
    queries,
    ledger,
  }) => {
    // The page's default range, last 7 days: SQL over the milliseconds the page asked for.
    await costPage.goto();
    let week: UsageTotals | undefined;
    await expect(async () => {
      const range = queries.range('totals');
      week = await ledger.sql.usageTotals(range);
      expectTotals(await costPage.totals(), week);
    }).toPass();

    await costPage.chooseTimeRange('Last 24 hours', 'now-24h');
    await expect(page).toHaveURL(/from=now-24h/);
    await expect(async () => {
      const range = queries.range('totals');
      const day = await ledger.sql.usageTotals(range);
      expectTotals(await costPage.totals(), day);
      expect(day.requests).toBeLessThan(week!.requests);
    }).toPass();

    // One tenant: the totals are that tenant's, and the tenant table lists only it.
    const range = queries.range('totals');
    const tenant = (await ledger.sql.costBy('tenant', range)).find((t) => t.key !== null)!.key!;
    // Picked by the name the picker shows; the variable's value is the id.
    await costPage.chooseVariable('Tenant', [await ledger.sql.tenantText(tenant)]);
    await expect(page).toHaveURL(new RegExp(`var-tenant=${tenant}`));
    await expect(async () => {
      const current = queries.range('totals');
      const totals = await ledger.sql.usageTotals(current, { tenants: [tenant] });
      expectTotals(await costPage.totals(), totals);
      expect((await costPage.breakdown('byTenant')).map((r) => r.key)).toEqual([tenant]);
    }).toPass();
  });

  test('the unpriced models list names exactly the models without a price', async ({ costPage, ledger }) => {
    const range = lastDays(ledger, 14);
    const expected = await ledger.sql.unpricedModels(range);
    // Cross-check with the generator: its unpriced models are the ones without a stored cost or a price.
    const used = new Set((await ledger.sql.costByModel(range)).keys());
    expect(expected).toEqual(UNPRICED_MODELS.filter((m) => used.has(m)).sort());
    expect(expected.length).toBeGreaterThan(0);

    await costPage.goto(params(range));
    await expect(async () => expect(await costPage.unpricedModels()).toEqual(expected)).toPass();
    const n = expected.length;
    await expect(costPage.unpricedPanel()).toContainText(`${n} ${n === 1 ? 'model has' : 'models have'} no price`);
  });
});
