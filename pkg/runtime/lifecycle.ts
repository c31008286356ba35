/**
 * Process life: how the plugin stops. Grafana (through go-plugin) stops a plugin with
 * GRPCController/Shutdown and gives it 2 s before SIGKILL; a service manager sends SIGTERM. Both
 * run the same shutdown: hooks in reverse order of registration, bounded in time, then exit 0.
 *
 * SIGINT is ignored, as go-plugin servers do: a Ctrl-C in Grafana's terminal reaches the whole
 * process group, and Grafana itself decides when its plugins stop. Closing stdin never stops the
 * plugin (Grafana may run with stdin on /dev/null). If Grafana dies without stopping us, we notice
 * that our parent changed and exit instead of living on as an orphan.
 */
import type { Logger } from './logger';

type Hook = () => void | Promise<void>;

/** Whole-shutdown budget; go-plugin kills the process 2 s after Shutdown. */
const SHUTDOWN_BUDGET_MS = 1500;
const PARENT_POLL_MS = 2000;

export class Lifecycle {
  private readonly hooks: Array<{ name: string; run: Hook }> = [];
  private stopping: Promise<never> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly exit: (code: number) => never = (code) => process.exit(code)
  ) {}

  /** Registers work to do at shutdown; hooks run last-registered first. */
  onShutdown(name: string, run: Hook): void {
    this.hooks.push({ name, run });
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  shutdown(reason: string): Promise<never> {
    if (!this.stopping) {
      this.stopping = this.runShutdown(reason);
    }
    return this.stopping;
  }

  private async runShutdown(reason: string): Promise<never> {
    this.logger.info('plugin stopping', { reason });
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_BUDGET_MS).unref());
    const hooks = (async () => {
      for (const hook of [...this.hooks].reverse()) {
        try {
          await hook.run();
        } catch (err) {
          this.logger.warn('shutdown step failed', { step: hook.name, error: err });
        }
      }
    })();
    await Promise.race([hooks, deadline]);
    this.logger.info('plugin stopped', { reason });
    return this.exit(0);
  }

  /** SIGTERM stops the plugin; SIGINT and SIGHUP are logged and ignored. */
  installSignalHandlers(): void {
    process.on('SIGTERM', () => void this.shutdown('SIGTERM'));
    process.on('SIGINT', () => this.logger.debug('SIGINT ignored; Grafana stops plugins through go-plugin'));
    process.on('SIGHUP', () => this.logger.debug('SIGHUP ignored'));
  }

  /** Exits when the parent (Grafana) is gone, so a crashed Grafana leaves no plugin behind. */
  watchParent(): void {
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(timer);
        void this.shutdown(`parent process ${parent} exited`);
      }
    }, PARENT_POLL_MS);
    timer.unref();
  }
}
