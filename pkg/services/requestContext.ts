import type { Logger } from '../runtime/logger';

/** What every service call gets besides its request: cancellation and a logger bound to the call. */
export interface RequestContext {
  /** Aborted when Grafana cancels the call or its deadline passes. */
  signal: AbortSignal;
  logger: Logger;
}
