/**
 * The state of one ledger datasource instance. For now it holds the parsed settings; the MySQL
 * pool joins it with the ledger issue and is closed in `dispose()`.
 */
import type { PluginContext } from './proto/messages';
import type { Disposable } from './instances/instanceManager';
import { readSettings, type LedgerSettings } from './settings';

export class LedgerDatasource implements Disposable {
  readonly settings: LedgerSettings | null;
  /** Why the settings could not be read, if they could not. */
  readonly settingsError: string | null;
  disposed = false;

  constructor(
    readonly id: number,
    ctx: PluginContext
  ) {
    let settings: LedgerSettings | null = null;
    let settingsError: string | null = null;
    try {
      settings = readSettings(ctx.dataSourceInstanceSettings!);
    } catch (err) {
      settingsError = err instanceof Error ? err.message : String(err);
    }
    this.settings = settings;
    this.settingsError = settingsError;
  }

  dispose(): void {
    this.disposed = true;
  }
}
