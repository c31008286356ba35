/**
 * Global teardown of the `shell` project: stops the host (and through it the plugin), keeps its
 * log in `.build/e2e/host.log`, and removes the database.
 */
import { running, writeHostLog } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const shell = running();
  if (!shell) {
    return;
  }
  const { host, db, dropUser } = shell;
  try {
    await host.stop();
  } finally {
    writeHostLog(host);
    host.cleanup();
    try {
      await dropUser?.();
    } finally {
      await db.stop();
    }
  }
}
