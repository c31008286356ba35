/**
 * The LLM Cost page and its drilldowns (tenant, then user): the numbers its panels show, its links,
 * and the list of models without a price.
 */
import type { Locator } from '@playwright/test';
import { testIds } from '../../../src/shared/testIds';
import { APP_URL, AppPage, withParams, type PageParams } from './AppPage';

export const COST_URL = `${APP_URL}/cost`;

export function tenantPath(tenant: string): string {
  return `${COST_URL}/tenant/${encodeURIComponent(tenant)}`;
}

export function userPath(tenant: string, user: string): string {
  return `${tenantPath(tenant)}/user/${encodeURIComponent(user)}`;
}

/** The costTotals frame as the page's stat panels show it. */
export interface CostTotals {
  /** Spend: stored costs plus the estimated ones. */
  cost: number;
  estimatedCost: number;
  inputTokens: number;
  outputTokens: number;
  requests: number;
  estimatedRequests: number;
  unpricedRequests: number;
  costPerRequest: number;
}

export interface BreakdownRow {
  key: string;
  cost: number;
  requests: number;
}

/** Titles of the panels, as src/pages/Cost/costScene.ts names them, and their queries' refIds. */
export const PANELS = {
  spend: { title: 'Spend', refId: 'totals' },
  inputTokens: { title: 'Input tokens', refId: 'totals' },
  outputTokens: { title: 'Output tokens', refId: 'totals' },
  requests: { title: 'Requests', refId: 'totals' },
  costPerRequest: { title: 'Cost per request', refId: 'totals' },
  spendByModel: { title: 'Spend over time by model', refId: 'spendByModel' },
  byTenant: { title: 'Spend by tenant', refId: 'byTenant' },
  byUser: { title: 'Spend by user', refId: 'byUser' },
  byModel: { title: 'Spend by model', refId: 'byModel' },
  topSpenders: { title: 'Top spenders', refId: 'topSpenders' },
  budget: { title: 'Budget by tenant', refId: 'budget' },
  spikes: { title: 'Spend spikes', refId: 'spikes' },
  topCalls: { title: 'Most expensive calls', refId: 'topCalls' },
} as const;

type PanelKey = keyof typeof PANELS;

export class CostPage extends AppPage {
  async goto(params: PageParams = {}): Promise<void> {
    await this.page.goto(withParams(COST_URL, params));
  }

  async gotoTenant(tenant: string, params: PageParams = {}): Promise<void> {
    await this.page.goto(withParams(tenantPath(tenant), params));
  }

  async gotoUser(tenant: string, user: string, params: PageParams = {}): Promise<void> {
    await this.page.goto(withParams(userPath(tenant, user), params));
  }

  panelOf(key: PanelKey): Locator {
    return this.panel(PANELS[key].title);
  }

  /** What a panel draws for a person (the stat's formatted value, the chart's legend). */
  vizOf(key: PanelKey): Locator {
    return this.visualization(PANELS[key].title);
  }

  private frameOf(key: PanelKey) {
    return this.panelFrame(PANELS[key].title, PANELS[key].refId);
  }

  /** The totals, each read from the stat panel that shows it (Spend, tokens, Requests, Cost per request). */
  async totals(): Promise<CostTotals> {
    const spend = await this.frameOf('spend');
    const input = await this.frameOf('inputTokens');
    const output = await this.frameOf('outputTokens');
    const requests = await this.frameOf('requests');
    const perRequest = await this.frameOf('costPerRequest');
    return {
      cost: spend.number('cost'),
      estimatedCost: spend.number('estimated cost'),
      inputTokens: input.number('input tokens'),
      outputTokens: output.number('output tokens'),
      requests: requests.number('requests'),
      estimatedRequests: spend.number('estimated requests'),
      unpricedRequests: spend.number('unpriced requests'),
      costPerRequest: perRequest.number('cost per request'),
    };
  }

  /** "Spend over time by model": each model's series summed over its buckets. */
  async spendByModel(): Promise<Map<string, number>> {
    const frame = await this.frameOf('spendByModel');
    const sums = new Map<string, number>();
    for (const field of frame.fields) {
      if (field !== 'time') {
        sums.set(
          field,
          frame.numbers(field).reduce((a, b) => a + b, 0)
        );
      }
    }
    return sums;
  }

  /** A breakdown table's rows (`Spend by tenant`, `… by user`, `… by model`), in the order shown. */
  async breakdown(key: 'byTenant' | 'byUser' | 'byModel'): Promise<BreakdownRow[]> {
    const group = { byTenant: 'tenant', byUser: 'user', byModel: 'model' }[key];
    return this.rowsOf(key, group);
  }

  /** "Most expensive calls": time, model and cost of each call, most expensive first. */
  async topCalls(): Promise<Array<{ time: number; model: string; cost: number | null }>> {
    const frame = await this.frameOf('topCalls');
    const costs = frame.column('cost');
    return frame.numbers('time').map((time, i) => ({
      time,
      model: frame.column('model')[i]!,
      cost: costs[i] === '' ? null : Number(costs[i]),
    }));
  }

  /** "Top spenders": one bar per user, the biggest first. */
  async topSpenders(): Promise<BreakdownRow[]> {
    return this.rowsOf('topSpenders', 'user');
  }

  private async rowsOf(key: PanelKey, group: string): Promise<BreakdownRow[]> {
    const frame = await this.frameOf(key);
    const keys = frame.column(group);
    const cost = frame.numbers('cost');
    const requests = frame.numbers('requests');
    return keys.map((k, i) => ({ key: k, cost: cost[i]!, requests: requests[i]! }));
  }

  /** A drilldown link in a breakdown table, by the text a person reads: the tenant's (or user's) name, else its id. */
  link(key: 'byTenant' | 'byUser', text: string): Locator {
    return this.panelOf(key).getByRole('link', { name: text, exact: true });
  }

  unpricedPanel(): Locator {
    return this.page.getByTestId(testIds.cost.unpriced);
  }

  /** The models the "Unpriced models" list names (empty when it says that every model is priced). */
  async unpricedModels(): Promise<string[]> {
    const panel = this.unpricedPanel();
    const prefix = testIds.cost.unpricedModel('');
    if (await panel.getByTestId(testIds.cost.allPriced).isVisible()) {
      return [];
    }
    const ids = await panel
      .locator(`[data-testid^="${prefix}"]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid') ?? ''));
    if (ids.length === 0) {
      throw new Error('the unpriced models are not listed yet');
    }
    return ids.map((id) => id.slice(prefix.length)).sort();
  }
}
