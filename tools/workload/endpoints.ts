/**
 * The RAGFlow HTTP endpoints the workload calls, with their share of the traffic. Paths are Flask
 * URL rules (RAGFlow's REST blueprints under /api/v1), not concrete URLs: they are the `path` label
 * of the request histogram, and concrete ids there would make one series per dialog or dataset.
 */
export type EndpointKind = 'chat' | 'retrieval' | 'embedding' | 'login' | 'logout' | 'datasetCreate' | 'healthz';

export interface Endpoint {
  kind: EndpointKind;
  method: 'GET' | 'POST';
  path: string;
  /** Relative share of requests. */
  weight: number;
  /** What the log line says when the request succeeds (no user data: it is the same for every request). */
  msg: string;
}

export const ENDPOINTS: readonly Endpoint[] = [
  { kind: 'chat', method: 'POST', path: '/api/v1/chats/<chat_id>/completions', weight: 50, msg: 'chat completion' },
  { kind: 'retrieval', method: 'POST', path: '/api/v1/retrieval', weight: 20, msg: 'retrieval' },
  { kind: 'embedding', method: 'POST', path: '/api/v1/datasets/<dataset_id>/chunks', weight: 12, msg: 'chunk added' },
  { kind: 'login', method: 'POST', path: '/api/v1/auth/login', weight: 8, msg: 'login successful' },
  { kind: 'logout', method: 'GET', path: '/api/v1/auth/logout', weight: 2, msg: 'logout' },
  { kind: 'datasetCreate', method: 'POST', path: '/api/v1/datasets', weight: 2, msg: 'dataset created' },
  { kind: 'healthz', method: 'GET', path: '/api/v1/system/healthz', weight: 6, msg: 'health check' },
];

/** Endpoints whose handler calls a model (and so writes token_usage_log rows). */
export function callsModels(kind: EndpointKind): boolean {
  return kind === 'chat' || kind === 'retrieval' || kind === 'embedding';
}
