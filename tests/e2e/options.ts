/**
 * What playwright.config.ts sets per project for the fixtures (kept apart from fixtures.ts, which the
 * config does not load).
 */
export type Target = 'shell' | 'grafana';
export type Role = 'Admin' | 'Editor' | 'Viewer';

export interface E2eOptions {
  /** Which Grafana the project runs against: the conformance host with the shell, or a real one. */
  target: Target;
}

/** The signed-in users of the `grafana` project: plugin-e2e's auth setup creates and logs them in. */
export const GRAFANA_USERS: Record<Role, { user: string; password: string; role: Role }> = {
  Admin: {
    user: process.env.GRAFANA_ADMIN_USER || 'admin',
    password: process.env.GRAFANA_ADMIN_PASSWORD || 'admin',
    role: 'Admin',
  },
  Editor: { user: 'llmops-editor', password: 'llmops-editor-e2e', role: 'Editor' },
  Viewer: { user: 'llmops-viewer', password: 'llmops-viewer-e2e', role: 'Viewer' },
};
