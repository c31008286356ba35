/**
 * Global teardown of the `shell` project: stops the host (and through it the plugin), keeps its
 * log in `.build/e2e/host.log`, and removes the database.
 */
import { running, stopShellEnvironment } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const shell = running();
  if (shell) {
    await stopShellEnvironment(shell);
  }
}
