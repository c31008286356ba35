/**
 * Headers Grafana passes with QueryData and CheckHealth. Forwarded HTTP headers arrive as
 * `http_<Name>` (grafana-plugin-sdk-go backend/http_headers.go); `FromAlert` is set, unprefixed, when
 * an alert rule runs the query, and the rule's identity comes as `http_X-Rule-*`. Header names are
 * matched without regard to case, as HTTP does.
 */
export function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) {
    return undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) {
      return value;
    }
  }
  return undefined;
}

/** A forwarded HTTP request header, e.g. `forwardedHeader(h, 'X-Rule-Uid')` reads `http_X-Rule-Uid`. */
export function forwardedHeader(headers: Record<string, string> | undefined, name: string): string | undefined {
  return header(headers, `http_${name}`);
}

export interface AlertContext {
  fromAlert: boolean;
  ruleUid?: string;
  ruleName?: string;
}

export function alertContext(headers: Record<string, string> | undefined): AlertContext {
  const fromAlert = header(headers, 'FromAlert') === 'true';
  if (!fromAlert) {
    return { fromAlert };
  }
  return {
    fromAlert,
    ruleUid: forwardedHeader(headers, 'X-Rule-Uid'),
    ruleName: forwardedHeader(headers, 'X-Rule-Name'),
  };
}
