/**
 * The Service Health page: the Prometheus panels (request rate, errors, latency, CPU, memory), the
 * latest traces from Jaeger, and the messages that stand where a missing datasource's panels would.
 */
import type { Locator } from '@playwright/test';
import { testIds } from '../../../src/shared/testIds';
import { APP_URL, AppPage, withParams, type PageParams } from './AppPage';
import type { Frame } from './frame';

export const SERVICE_HEALTH_URL = `${APP_URL}/service-health`;

/** The page's Prometheus panels (src/pages/ServiceHealth/metricsSection.ts) and their queries' refIds. */
export const METRIC_PANELS = {
  'Request rate': ['requestRate'],
  Errors: ['errorRatio', 'exceptionRate'],
  Latency: ['latencyP50', 'latencyP90', 'latencyP99', 'latencyMean'],
  CPU: ['cpu'],
  Memory: ['memory'],
} as const;

export type MetricPanel = keyof typeof METRIC_PANELS;

export const TRACES_PANEL = 'Latest traces';

export class HealthPage extends AppPage {
  async goto(params: PageParams = {}): Promise<void> {
    await this.page.goto(withParams(SERVICE_HEALTH_URL, params));
  }

  /** Where a datasource's panels would be when the page cannot query it. */
  missing(source: 'prometheus' | 'loki' | 'jaeger'): Locator {
    return this.page.getByTestId(testIds.health.missingDatasource(source));
  }

  /** The series a Prometheus panel shows for one of its queries: one frame each. */
  series(panel: MetricPanel, refId: string): Promise<Frame[]> {
    return this.panelFrames(panel, refId);
  }

  /** The latest traces table, scrolled to: the page renders a panel once it is in view. */
  async traces(): Promise<Frame> {
    await this.panel(TRACES_PANEL).scrollIntoViewIfNeeded();
    return this.panelFrame(TRACES_PANEL, 'traces');
  }
}
