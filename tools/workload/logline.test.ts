import { USERS } from '../seed/catalog';
import { formatLogLine, maskEmail } from './logline';
import { requestSpans } from './otlp';
import { Scenario } from './scenario';

const T0 = 1_790_000_000_000;
const EMAIL = /[^\s"@*]+@[^\s"]+/;

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('alice.novak@acme.example')).toBe('a***@acme.example');
    expect(maskEmail('x@b.example')).toBe('x***@b.example');
  });
  it('hides whatever is not an address', () => {
    expect(maskEmail('nobody')).toBe('***');
    expect(maskEmail('@acme.example')).toBe('***');
    expect(maskEmail('trailing@')).toBe('***');
  });
});

describe('log lines', () => {
  const s = new Scenario('log-test');
  const reqs = Array.from({ length: 500 }, (_, i) => s.next(T0 + i * 500));

  it('are one JSON object per line with the trace id of the request', () => {
    for (const req of reqs) {
      const text = formatLogLine(req, 'ragflow');
      expect(text.endsWith('\n')).toBe(true);
      expect(text.indexOf('\n')).toBe(text.length - 1);
      const line = JSON.parse(text);
      expect(line.service_name).toBe('ragflow');
      expect(['info', 'warning', 'error']).toContain(line.level);
      expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(line.status).toBe(req.status);
      const spans = [...requestSpans(req, 'ragflow').values()].flat();
      spans.forEach((span) => expect(span.traceId).toBe(line.trace_id));
      expect(spans.map((sp) => sp.spanId)).toContain(line.span_id);
      expect(new Date(line.time).getTime()).toBe(req.end);
    }
  });

  it('never carries a raw e-mail address', () => {
    const emails = new Set(USERS.map((u) => u.email));
    let masked = 0;
    for (const req of reqs) {
      const text = formatLogLine(req, 'ragflow');
      expect(text).not.toMatch(EMAIL);
      for (const email of emails) {
        expect(text).not.toContain(email);
      }
      const line = JSON.parse(text);
      if (req.email) {
        expect(line.user).toBe(maskEmail(req.email));
        expect(line.user).toMatch(/^.\*\*\*@[a-z]+\.example$/);
        masked++;
      }
    }
    expect(masked).toBeGreaterThan(400);
  });

  it('uses warning for refused logins and error for 5xx, with the exception type when one was raised', () => {
    const lines = reqs.map((r) => JSON.parse(formatLogLine(r, 'ragflow')));
    expect(lines.some((l) => l.status === 401 && l.level === 'warning')).toBe(true);
    lines.filter((l) => l.status >= 500).forEach((l) => expect(l.level).toBe('error'));
    const withExc = reqs.filter((r) => r.exceptionType);
    expect(withExc.length).toBeGreaterThan(0);
    withExc.forEach((r) => expect(JSON.parse(formatLogLine(r, 'ragflow')).exc_type).toBe(r.exceptionType));
  });
});
