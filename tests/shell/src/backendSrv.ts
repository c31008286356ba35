/**
 * getBackendSrv(): Grafana's HTTP client (public/app/core/services/backend_srv.ts) reduced to what a
 * plugin sees: same-origin fetch against the host (the identity cookie goes along), params
 * serialised as Grafana does (arrays as repeated keys), object bodies as JSON, response bodies
 * parsed as Grafana parses them, and failures as a FetchError whose `data` is an object with a
 * `message`. A request with the `requestId` of one still running cancels the earlier one, which
 * then fails with `cancelled: true`, as in Grafana. Grafana's toasts are left out.
 */
import { Observable, lastValueFrom } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

function serializeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => [key, String(v)]))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

function urlOf(options: BackendSrvRequest): string {
  const query = options.params ? serializeParams(options.params) : '';
  if (!query) {
    return options.url;
  }
  return `${options.url}${options.url.includes('?') ? '&' : '?'}${query}`;
}

function bodyOf(data: unknown): BodyInit | undefined {
  if (data === undefined || data === null) {
    return undefined;
  }
  if (typeof data === 'string' || data instanceof FormData || data instanceof Blob) {
    return data;
  }
  if (data instanceof URLSearchParams || data instanceof ArrayBuffer) {
    return data;
  }
  return JSON.stringify(data);
}

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  switch (responseType) {
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'blob':
      return response.blob();
    case 'text':
      return response.text();
    case 'json':
      return response.headers.get('Content-Length') === '0' ? {} : response.json();
  }
  // Without a responseType Grafana tries JSON and falls back to the text.
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Grafana's processRequestError: `data` always an object with a `message`. */
function toFetchError(options: BackendSrvRequest, response: Response, data: unknown): FetchError {
  let body: Record<string, unknown>;
  if (data === undefined || data === null || data === '') {
    body = { message: 'Unexpected error' };
  } else if (typeof data === 'string') {
    body = { message: data, error: response.statusText, response: data };
  } else {
    body = data as Record<string, unknown>;
  }
  if (!body.message && typeof body.error === 'string') {
    body.message = body.error;
  }
  return { status: response.status, statusText: response.statusText, data: body, config: options };
}

class ShellBackendSrv implements BackendSrv {
  private inFlight = new Map<string, AbortController>();

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      let cancelledByNewer = false;
      const { requestId } = options;
      if (requestId) {
        const earlier = this.inFlight.get(requestId);
        this.inFlight.set(requestId, controller);
        earlier?.abort('superseded');
      }
      controller.signal.addEventListener('abort', () => {
        cancelledByNewer = controller.signal.reason === 'superseded';
      });
      options.abortSignal?.addEventListener('abort', () => controller.abort());

      const headers = new Headers(options.headers);
      const body = bodyOf(options.data);
      if (typeof body === 'string' && typeof options.data !== 'string' && !headers.has('Content-Type')) {
        headers.set('Content-Type', 'application/json');
      }
      if (!headers.has('Accept')) {
        headers.set('Accept', 'application/json, text/plain, */*');
      }

      const run = async (): Promise<FetchResponse<T>> => {
        const response = await fetch(urlOf(options), {
          method: options.method ?? 'GET',
          headers,
          body,
          credentials: options.credentials ?? 'same-origin',
          signal: controller.signal,
        });
        const data = await parseBody(response, options.responseType);
        if (!response.ok) {
          throw toFetchError(options, response, data);
        }
        return {
          data: data as T,
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        };
      };

      run()
        .then(
          (response) => {
            subscriber.next(response);
            subscriber.complete();
          },
          (error: unknown) => {
            if (controller.signal.aborted) {
              // Grafana's cancelled request: no response, an error saying so.
              const cancelled: FetchError = {
                status: -1,
                statusText: 'Request was aborted',
                data: null,
                cancelled: true,
                config: options,
              };
              subscriber.error(cancelledByNewer || options.abortSignal?.aborted ? cancelled : error);
            } else {
              subscriber.error(error);
            }
          }
        )
        .finally(() => {
          if (requestId && this.inFlight.get(requestId) === controller) {
            this.inFlight.delete(requestId);
          }
        });
      // Unsubscribing (a newer query of a runner, a page left) cancels the HTTP request.
      return () => controller.abort();
    });
  }

  async request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(this.fetch<T>(options))).data;
  }

  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  get<T = unknown>(
    url: string,
    params?: Record<string, unknown>,
    requestId?: string,
    options?: Partial<BackendSrvRequest>
  ) {
    return this.request<T>({ ...options, method: 'GET', url, params, requestId });
  }

  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'DELETE', url, data });
  }

  post<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'POST', url, data });
  }

  patch<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'PATCH', url, data });
  }

  put<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'PUT', url, data });
  }

  chunked(): Observable<FetchResponse<Uint8Array | undefined>> {
    return new Observable((subscriber) =>
      subscriber.error(new Error('chunked requests are not supported by the shell'))
    );
  }
}

export const backendSrv = new ShellBackendSrv();
