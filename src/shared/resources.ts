/** Resource paths served by the backend under `/api/datasources/uid/:uid/resources/`. */
export const RESOURCE_PATHS = {
  /** Liveness of the backend and the instance that answered: `{ status, instance, version }`. */
  ping: 'ping',
  /** Newline-delimited JSON streamed in several chunks; proves streamed resource responses. */
  stream: 'stream',
  /** `variables/<tenants|users|models|actions>?search=&limit=&from=&to=`: `{ values: [{text, value}], truncated }`. */
  variables: 'variables',
} as const;

export const STREAM_MAX_CHUNKS = 100;
