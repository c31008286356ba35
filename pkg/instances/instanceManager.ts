/**
 * One state object per datasource instance, as the Go SDK's instance manager keeps them
 * (backend/datasource/instance_provider.go): keyed by org and uid, rebuilt when the settings'
 * `lastUpdatedMS` or Grafana's config map changes, the old one disposed a little later so that
 * requests already running on it can finish.
 */
import type { PluginContext } from '../proto/messages';
import { PluginError } from '../errors';

export interface Disposable {
  dispose(): void | Promise<void>;
}

interface Entry<T> {
  fingerprint: string;
  instance: T;
}

export interface InstanceManagerOptions<T extends Disposable> {
  create: (ctx: PluginContext, id: number) => T;
  /** Milliseconds between a replacement and the old instance's disposal (Go SDK: 5 s). */
  disposeDelayMs?: number;
  onDispose?: (key: string, instance: T) => void;
}

function keyOf(ctx: PluginContext): string {
  const uid = ctx.dataSourceInstanceSettings?.uid;
  if (!uid) {
    throw new PluginError('request.no_datasource', 'the request carries no datasource instance settings');
  }
  return `${ctx.orgId}#${ctx.namespace}#${uid}`;
}

function fingerprintOf(ctx: PluginContext): string {
  const config = Object.entries(ctx.grafanaConfig ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  return `${ctx.dataSourceInstanceSettings?.lastUpdatedMS ?? 0}\n${config}`;
}

export class InstanceManager<T extends Disposable> {
  private readonly entries = new Map<string, Entry<T>>();
  private nextId = 1;
  private readonly disposeDelayMs: number;

  constructor(private readonly options: InstanceManagerOptions<T>) {
    this.disposeDelayMs = options.disposeDelayMs ?? 5000;
  }

  get(ctx: PluginContext): T {
    const key = keyOf(ctx);
    const fingerprint = fingerprintOf(ctx);
    const current = this.entries.get(key);
    if (current && current.fingerprint === fingerprint) {
      return current.instance;
    }
    const instance = this.options.create(ctx, this.nextId++);
    this.entries.set(key, { fingerprint, instance });
    if (current) {
      this.scheduleDispose(key, current.instance);
    }
    return instance;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Disposes every instance now (plugin shutdown). */
  async disposeAll(): Promise<void> {
    const all = [...this.entries.entries()];
    this.entries.clear();
    await Promise.allSettled(all.map(([key, entry]) => this.disposeNow(key, entry.instance)));
  }

  private scheduleDispose(key: string, instance: T): void {
    const timer = setTimeout(() => void this.disposeNow(key, instance), this.disposeDelayMs);
    // A pending disposal must not keep the process alive at shutdown.
    timer.unref();
  }

  private async disposeNow(key: string, instance: T): Promise<void> {
    this.options.onDispose?.(key, instance);
    await instance.dispose();
  }
}
