/**
 * The bodies of the LLM Cost page and its drilldowns. Each body has one runner with all of its ledger
 * queries (one `/api/ds/query` round trip) and every panel picks its frames from it by refId. The time
 * range and the variables live on the page's EmbeddedScene (costPage.ts), above this body.
 *
 * One exception: the most expensive calls have a runner of their own. They are read from the usage
 * table (rollups keep sums, not single calls), which takes seconds for long ranges of a large ledger
 * where every other panel reads rollups in about 0.1 s; in the shared round trip the whole page would
 * wait for them.
 */
import {
  SceneFlexItem,
  SceneFlexLayout,
  type SceneDataProvider,
  type SceneObject,
  type SceneQueryRunner,
} from '@grafana/scenes';
import type { AppSettings } from '../../shared/appSettings';
import { ledgerRunner, pick } from '../common/ledgerData';
import {
  BUDGET_USED_TRANSFORMATIONS,
  breakdownTable,
  budgetTable,
  budgetUsedStat,
  monthToDateStat,
  pickThen,
  spendByModelPanel,
  spikesTable,
  topCallsTable,
  topSpendersPanel,
  totalStat,
} from './costPanels';
import {
  COST_SERIES,
  REF,
  VARIABLE_FILTERS,
  breakdownQuery,
  budgetQuery,
  spendByModelQuery,
  spikesQuery,
  tenantFilters,
  topCallsQuery,
  topSpendersQuery,
  totalsQuery,
  unpricedModelsQuery,
  userFilters,
  type CostFilters,
} from './costQueries';
import { TENANT_LINK, userLink } from './costRoutes';
import { UnpricedModelsScene } from './UnpricedModelsScene';

/** A row of panels side by side; `width` sets the share of the first one when given. */
function row(height: number, children: SceneObject[], firstWidth?: string): SceneFlexLayout {
  return new SceneFlexLayout({
    direction: 'row',
    height,
    children: children.map(
      (body, i) => new SceneFlexItem({ body, width: i === 0 ? firstWidth : undefined, minWidth: 200 })
    ),
  });
}

function column(children: SceneObject[]): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'column', children: children.map((body) => new SceneFlexItem({ body })) });
}

/** The body of a page; the runner sits here once, where it finds the page's time range and variables. */
function page(runner: SceneQueryRunner, rows: SceneFlexLayout[]): SceneFlexLayout {
  return new SceneFlexLayout({ $data: runner, direction: 'column', children: rows });
}

/** Spend, tokens in and out, requests and cost per request of the filtered usage. */
function totalsRow(runner: SceneDataProvider): SceneFlexLayout {
  const totals = () => pick(runner, REF.totals);
  return row(110, [
    totalStat('Spend', totals(), 'cost', 'Cost of the usage in the time range; usage of unpriced models is not in it.'),
    totalStat('Input tokens', totals(), 'inputTokens', 'Prompt tokens sent to the models.'),
    totalStat('Output tokens', totals(), 'outputTokens', 'Completion tokens returned by the models.'),
    totalStat('Requests', totals(), 'requests', 'LLM calls recorded in the ledger.'),
    totalStat('Cost per request', totals(), 'costPerRequest', 'Spend divided by requests.'),
  ]);
}

/** Month to date and the share of the budget used, for the tenants the budget query lists. */
function budgetStats(runner: SceneDataProvider): SceneFlexLayout {
  return column([
    monthToDateStat(pick(runner, REF.budget)),
    budgetUsedStat(pickThen(runner, REF.budget, BUDGET_USED_TRANSFORMATIONS)),
  ]);
}

/** The LLM Cost page: everything the tenant, user and model variables select. */
export function getCostScene(settings: AppSettings): SceneObject {
  const f: CostFilters = VARIABLE_FILTERS;
  const runner = ledgerRunner(
    settings.ledgerDatasourceUid,
    [
      totalsQuery(f),
      budgetQuery(f.tenants, settings.budgets),
      spendByModelQuery(f),
      breakdownQuery('tenant', f),
      topSpendersQuery(f),
      breakdownQuery('user', f),
      breakdownQuery('model', f),
      spikesQuery(f),
      unpricedModelsQuery(f),
    ],
    COST_SERIES
  );
  // A table, not a time series: a fixed maxDataPoints so the runner does not wait for a panel width.
  const callsRunner = ledgerRunner(settings.ledgerDatasourceUid, [topCallsQuery(f)], { maxDataPoints: 100 });
  const toTenant = { title: 'Show this tenant', url: TENANT_LINK };
  return page(runner, [
    totalsRow(runner),
    row(260, [budgetStats(runner), budgetTable(pick(runner, REF.budget), TENANT_LINK)], '30%'),
    row(320, [spendByModelPanel(pick(runner, REF.spendByModel))]),
    row(340, [
      breakdownTable('Spend by tenant', pick(runner, REF.byTenant), 'tenant', toTenant),
      topSpendersPanel(pick(runner, REF.topSpenders)),
    ]),
    row(340, [
      breakdownTable('Spend by user', pick(runner, REF.byUser), 'user'),
      breakdownTable('Spend by model', pick(runner, REF.byModel), 'model'),
    ]),
    row(320, [
      spikesTable(pick(runner, REF.spikes), TENANT_LINK),
      new UnpricedModelsScene({
        $data: pick(runner, REF.unpriced),
        refId: REF.unpriced,
        datasourceUid: settings.ledgerDatasourceUid,
      }),
    ]),
    new SceneFlexLayout({
      $data: callsRunner,
      direction: 'row',
      height: 360,
      children: [
        new SceneFlexItem({ body: topCallsTable(pick(callsRunner, REF.topCalls), settings.jaegerDatasourceUid) }),
      ],
    }),
  ]);
}

/** One tenant: its totals and budget, spend by model over time, and its users and models. */
export function getTenantScene(settings: AppSettings, tenant: string): SceneObject {
  const f = tenantFilters(tenant);
  const runner = ledgerRunner(
    settings.ledgerDatasourceUid,
    [
      totalsQuery(f),
      budgetQuery(f.tenants, settings.budgets),
      spendByModelQuery(f),
      breakdownQuery('user', f),
      breakdownQuery('model', f),
    ],
    COST_SERIES
  );
  return page(runner, [
    totalsRow(runner),
    row(300, [budgetStats(runner), spendByModelPanel(pick(runner, REF.spendByModel))], '30%'),
    row(340, [
      breakdownTable('Spend by user', pick(runner, REF.byUser), 'user', {
        title: 'Show this user',
        url: userLink(tenant),
      }),
      breakdownTable('Spend by model', pick(runner, REF.byModel), 'model'),
    ]),
  ]);
}

/** One user of one tenant: totals, spend by model over time, and the models used. */
export function getUserScene(settings: AppSettings, tenant: string, user: string): SceneObject {
  const f = userFilters(tenant, user);
  const runner = ledgerRunner(
    settings.ledgerDatasourceUid,
    [totalsQuery(f), spendByModelQuery(f), breakdownQuery('model', f)],
    COST_SERIES
  );
  return page(runner, [
    totalsRow(runner),
    row(320, [spendByModelPanel(pick(runner, REF.spendByModel))]),
    row(340, [breakdownTable('Spend by model', pick(runner, REF.byModel), 'model')]),
  ]);
}
