import { accessFor, requireAudit, roleAtLeast } from './access';
import { testSettings } from './testing/settings';
import { pluginContext } from './testing/fixtures';

const settings = testSettings;

describe('access', () => {
  it.each([
    ['Viewer', 'Viewer', true],
    ['Viewer', 'Editor', false],
    ['Editor', 'Editor', true],
    ['Admin', 'Editor', true],
    ['None', 'Viewer', false],
    [undefined, 'Viewer', false],
    ['Superuser', 'Viewer', false],
  ] as const)('role %s meets minimum %s: %s', (role, minimum, expected) => {
    expect(roleAtLeast(role, minimum)).toBe(expected);
  });

  it.each([
    // role, settings, audit, pii
    ['Viewer', {}, false, false],
    ['Editor', {}, false, false],
    ['Admin', {}, true, true],
    ['Editor', { auditMinRole: 'Editor' }, true, false],
    ['Viewer', { auditMinRole: 'Viewer', piiMinRole: 'Viewer' }, true, true],
  ] as const)('%s with %j: audit %s, personal data %s', (role, jsonData, audit, pii) => {
    const access = accessFor(pluginContext({ role }), settings(jsonData), false);
    expect(access).toMatchObject({ role, audit, pii });
  });

  it('lets alert rules (no user, FromAlert) read the audit trail, with personal data masked', () => {
    const ctx = { ...pluginContext(), user: null };
    expect(accessFor(ctx, settings(), true)).toMatchObject({ role: 'system', audit: true, pii: false });
    expect(accessFor(ctx, settings(), false)).toMatchObject({ role: 'None', audit: false, pii: false });
  });

  it('refuses the audit trail with a 403 that names the required role', () => {
    const s = settings({ auditMinRole: 'Editor' });
    expect(() => requireAudit(accessFor(pluginContext({ role: 'Viewer' }), s, false), s)).toThrow(
      /the audit trail needs the Editor role in this datasource's settings; you are Viewer/
    );
  });
});
