import { EmbeddedScene, sceneGraph, type SceneAppPageLike, type SceneObject } from '@grafana/scenes';
import pluginJson from '../../plugin.json';
import { ROUTES } from '../../constants';
import { LazyScene } from '../../pages/common/LazyScene';
import { MessageScene } from '../../pages/common/MessageScene';
import { appSettingsOf, type AppJsonData } from '../../shared/appSettings';
import type { AppAction } from '../../shared/permissions';
import { testIds } from '../../shared/testIds';
import { getAppPages } from './sceneApp';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: () => ({ getInstanceSettings: (uid: string) => ({ uid, name: uid, type: 'x', meta: {} }) }),
}));

/**
 * The actions a basic role holds by default, read from plugin.json's grants the way Grafana reads
 * them: a grant to a role is also a grant to every role above it.
 */
const ORDER = ['Viewer', 'Editor', 'Admin'];
function permissionsOf(role: string): (action: AppAction) => boolean {
  const held = new Set(
    pluginJson.roles
      .filter((r) => r.grants.some((g) => ORDER.indexOf(g) <= ORDER.indexOf(role)))
      .flatMap((r) => r.role.permissions.map((p) => p.action))
  );
  return (action) => held.has(action);
}

const match = { params: {}, isExact: true, path: '', url: '' };

function sceneAt(pages: SceneAppPageLike[], route: ROUTES): EmbeddedScene {
  const page = pages.find((p) => p.state.routePath === `${route}/*`);
  if (!page) {
    throw new Error(`no page at ${route}`);
  }
  // A page with tabs has its scenes on the tabs; the first tab is what its URL shows.
  const shown = page.state.tabs?.[0] ?? page;
  return shown.getScene(match);
}

function messageOf(scene: SceneObject): MessageScene | null {
  return sceneGraph.findObject(scene, (o) => o instanceof MessageScene) as MessageScene | null;
}

const pagesFor = (role: string, jsonData: AppJsonData = {}) =>
  getAppPages(appSettingsOf(jsonData), permissionsOf(role));

describe('the app for each basic role', () => {
  it('has a page at every route for everyone, so that deep links never land on a blank page', () => {
    for (const role of ORDER) {
      expect(pagesFor(role).map((p) => p.state.routePath)).toEqual([
        `${ROUTES.Cost}/*`,
        `${ROUTES.Audit}/*`,
        `${ROUTES.ServiceHealth}/*`,
      ]);
    }
  });

  it.each(['Viewer', 'Editor'])('gives a %s the cost page and, in place of the audit page, "no access"', (role) => {
    const pages = pagesFor(role);
    expect(sceneGraph.findObject(sceneAt(pages, ROUTES.Cost), (o) => o instanceof LazyScene)).not.toBeNull();
    const audit = sceneAt(pages, ROUTES.Audit);
    expect(messageOf(audit)?.state.testId).toBe(testIds.page.noAccess);
    expect(messageOf(audit)?.state.detail).toContain('llmops-observability-app.audit:read');
    // Nothing on the page can query the audit trail.
    expect(sceneGraph.findObject(audit, (o) => o instanceof LazyScene)).toBeNull();
  });

  it('gives an Admin every page', () => {
    const pages = pagesFor('Admin');
    for (const route of [ROUTES.Cost, ROUTES.Audit, ROUTES.ServiceHealth]) {
      expect(messageOf(sceneAt(pages, route))).toBeNull();
    }
  });

  it('shows pages turned off in the settings as turned off, with a way to the settings for those who may change them', () => {
    const off = { auditEnabled: false, serviceHealthEnabled: false };
    for (const route of [ROUTES.Audit, ROUTES.ServiceHealth]) {
      const admin = messageOf(sceneAt(pagesFor('Admin', off), route));
      expect(admin?.state.testId).toBe(testIds.page.turnedOff);
      expect(admin?.state.link?.url).toBe(`/plugins/${pluginJson.id}`);
      const viewer = messageOf(sceneAt(pagesFor('Viewer', off), route));
      expect(viewer?.state.testId).toBe(testIds.page.turnedOff);
      expect(viewer?.state.link).toBeUndefined();
    }
  });

  it('refuses the cost page to a user without the cost permission', () => {
    const pages = getAppPages(appSettingsOf({}), () => false);
    expect(messageOf(sceneAt(pages, ROUTES.Cost))?.state.testId).toBe(testIds.page.noAccess);
  });
});

describe('a page in place of a forbidden one', () => {
  it('answers for the paths below it too (a tab, an event), with the same message', () => {
    const audit = pagesFor('Viewer').find((p) => p.state.routePath === `${ROUTES.Audit}/*`)!;
    const fallback = audit.state.getFallbackPage?.();
    expect(fallback?.state.routePath).toBe('*');
    expect(messageOf(fallback!.getScene(match))?.state.testId).toBe(testIds.page.noAccess);
  });
});
