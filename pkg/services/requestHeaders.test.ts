import { alertContext, forwardedHeader, header } from './requestHeaders';

describe('request headers from Grafana', () => {
  it.each([
    [{ http_Authorization: 'Bearer t' }, 'Authorization', 'Bearer t'],
    [{ 'http_x-rule-uid': 'r1' }, 'X-Rule-Uid', 'r1'],
    [{ Authorization: 'legacy' }, 'Authorization', undefined],
  ])('reads forwarded header %j as %s → %s', (headers, name, value) => {
    expect(forwardedHeader(headers, name)).toBe(value);
  });

  it('matches names without regard to case', () => {
    expect(header({ fromalert: 'true' }, 'FromAlert')).toBe('true');
  });

  it('tells alert queries and their rule apart from panel queries', () => {
    expect(alertContext({ FromAlert: 'true', 'http_X-Rule-Uid': 'abc', 'http_X-Rule-Name': 'Daily spend' })).toEqual({
      fromAlert: true,
      ruleUid: 'abc',
      ruleName: 'Daily spend',
    });
    expect(alertContext({ 'http_X-Rule-Uid': 'abc' })).toEqual({ fromAlert: false });
    expect(alertContext(undefined)).toEqual({ fromAlert: false });
  });
});
