import { maskText, maskValue } from './masking';

describe('masking personal data', () => {
  it.each([
    ['ana.lopez@example.com', '[EMAIL]'],
    ['login by Bob.Smith+test@mail.co.uk from 10.0.0.1', 'login by [EMAIL] from 10.0.0.1'],
    ['{"email":"x@y.io","before":{"email":"a@b.org"}}', '{"email":"[EMAIL]","before":{"email":"[EMAIL]"}}'],
    ['key sk-proj-AbCdEf0123456789XyZ created', 'key [TOKEN] created'],
    ['ragflow-Zk3m9QvX2pL8nR4tY7wB created', '[TOKEN] created'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', 'Authorization: [TOKEN]'],
    ['token a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'token [TOKEN]'],
    // RAGFlow ids (32 hex) are identifiers, not secrets; plain words and numbers stay.
    ['user 3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d', 'user 3f2a9c0e8b7d4f6a1c2e3d4b5a6f7e8d'],
    ['KB_DELETE of "Quarterly reports"', 'KB_DELETE of "Quarterly reports"'],
    ['12345678901234567890123456789012345', '12345678901234567890123456789012345'],
  ])('%j → %j', (input, output) => {
    expect(maskText(input)).toBe(output);
  });

  it('keeps masked JSON parseable', () => {
    const masked = maskText(JSON.stringify({ email: 'a@b.com', key: 'sk-live-0123456789abcdefABCDEF' }));
    expect(JSON.parse(masked)).toEqual({ email: '[EMAIL]', key: '[TOKEN]' });
  });

  it('passes non-strings through', () => {
    expect(maskValue(42)).toBe(42);
    expect(maskValue(null)).toBeNull();
  });
});
