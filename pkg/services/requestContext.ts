import type { Logger } from '../runtime/logger';

/** What every service call gets besides its request: cancellation and a logger bound to the call. */
export interface RequestContext {
  /** Aborted when Grafana cancels the call or its deadline passes. */
  signal: AbortSignal;
  logger: Logger;
  /**
   * The answers of the statements this request ran, by SQL and parameters: a page's queries that need
   * the same statement (its breakdown by user and its top spenders) run it once. Set by QueryData.
   */
  statements?: Map<string, Promise<unknown>>;
}
