/**
 * Every `/api/ds/query` round trip the page makes: the time range and queries it asked for, and the
 * frames it got back. Specs take the range of a relative time picker choice ("last 24 hours") from
 * here, so that their SQL covers exactly the milliseconds the page asked for.
 */
import type { Page, Request } from '@playwright/test';
import type { TimeRange } from '../ledgerSql';
import { frameFromJson, type DataFrameJson, type Frame } from './frame';

export interface RoundTrip {
  range: TimeRange;
  queries: Array<Record<string, unknown> & { refId: string }>;
  /** Per refId: the frames, or the query's error. Undefined until the answer is in. */
  results?: Record<string, { frames?: DataFrameJson[]; error?: string; status?: number }>;
}

export class QueryLog {
  readonly trips: RoundTrip[] = [];

  constructor(page: Page) {
    const byRequest = new Map<Request, RoundTrip>();
    page.on('request', (request) => {
      if (request.method() !== 'POST' || !new URL(request.url()).pathname.endsWith('/api/ds/query')) {
        return;
      }
      const body = request.postDataJSON() as { from?: string; to?: string; queries?: RoundTrip['queries'] } | null;
      if (!body?.queries) {
        return;
      }
      const trip: RoundTrip = { range: { fromMs: Number(body.from), toMs: Number(body.to) }, queries: body.queries };
      this.trips.push(trip);
      byRequest.set(request, trip);
    });
    page.on('requestfinished', async (request) => {
      const trip = byRequest.get(request);
      if (!trip) {
        return;
      }
      // Reading the answer fails when the test has already closed the page (a request still in
      // flight when a spec ends): nobody waits for that answer, and a rejection here would fail the
      // spec after the fact.
      try {
        const response = await request.response();
        if (response) {
          trip.results = ((await response.json()) as { results?: RoundTrip['results'] }).results ?? {};
        }
      } catch {
        trip.results = {};
      }
    });
  }

  /** The latest round trip that asked for `refId`. */
  last(refId: string): RoundTrip | undefined {
    return [...this.trips].reverse().find((t) => t.queries.some((q) => q.refId === refId));
  }

  /** The time range of the latest request for `refId`; fails when there was none. */
  range(refId: string): TimeRange {
    const trip = this.last(refId);
    if (!trip) {
      throw new Error(`the page sent no query ${refId}`);
    }
    return trip.range;
  }

  /** The frames of the latest answered request for `refId`; fails while there is none. */
  frames(refId: string): Frame[] {
    return this.framesJson(refId).map((f) => frameFromJson(f, refId));
  }

  /** The same frames as `/api/ds/query` sent them (schema, meta, labels, values). */
  framesJson(refId: string): DataFrameJson[] {
    const trip = [...this.trips].reverse().find((t) => t.results?.[refId] !== undefined);
    const result = trip?.results?.[refId];
    if (!result) {
      throw new Error(`no answer for query ${refId} yet`);
    }
    if (result.error) {
      throw new Error(`query ${refId} failed: ${result.error}`);
    }
    return result.frames ?? [];
  }
}
