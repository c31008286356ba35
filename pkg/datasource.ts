/**
 * The state of one ledger datasource instance: its validated settings and, once first needed, its
 * MySQL connection pool, which `dispose()` closes when the settings change or the plugin stops.
 */
import type { Pool } from 'mysql2/promise';
import type { PluginContext } from './proto/messages';
import type { Disposable } from './instances/instanceManager';
import { createPool } from './db/pool';
import { readSettings, type LedgerSettings, type SettingsResult } from './settings';

export class LedgerDatasource implements Disposable {
  readonly settingsResult: SettingsResult;
  private pool: Pool | undefined;
  /** MySQL or MariaDB, learnt from the first connection (their timeout syntax differs). */
  serverFlavor: 'mysql' | 'mariadb' | undefined;
  disposed = false;

  constructor(
    readonly id: number,
    ctx: PluginContext,
    private readonly connectionLimit?: number
  ) {
    this.settingsResult = readSettings(ctx.dataSourceInstanceSettings!);
  }

  /** The settings, or null when they are invalid (see `settingsResult` for why). */
  get settings(): LedgerSettings | null {
    return this.settingsResult.ok ? this.settingsResult.settings : null;
  }

  /** The pool, created on first use; throws when the settings are invalid. */
  getPool(): Pool {
    if (!this.settingsResult.ok) {
      throw new Error(`invalid settings: ${this.settingsResult.field}: ${this.settingsResult.message}`);
    }
    if (this.disposed) {
      throw new Error('datasource instance was disposed');
    }
    this.pool ??= createPool(this.settingsResult.settings, this.connectionLimit);
    return this.pool;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}
