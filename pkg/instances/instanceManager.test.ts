import { InstanceManager } from './instanceManager';
import { pluginContext } from '../testing/fixtures';

class Thing {
  disposed = false;
  constructor(readonly id: number) {}
  dispose() {
    this.disposed = true;
  }
}

describe('InstanceManager', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function manager() {
    const disposed: number[] = [];
    const m = new InstanceManager<Thing>({
      create: (_ctx, id) => new Thing(id),
      onDispose: (_k, t) => disposed.push(t.id),
      disposeDelayMs: 5000,
    });
    return { m, disposed };
  }

  it('returns the same instance while the settings are unchanged', () => {
    const { m } = manager();
    expect(m.get(pluginContext())).toBe(m.get(pluginContext()));
  });

  it('keeps one instance per datasource uid', () => {
    const { m } = manager();
    expect(m.get(pluginContext({ uid: 'a' }))).not.toBe(m.get(pluginContext({ uid: 'b' })));
    expect(m.size).toBe(2);
  });

  it('replaces the instance when lastUpdatedMS changes and disposes the old one after the delay', () => {
    const { m, disposed } = manager();
    const first = m.get(pluginContext({ lastUpdatedMS: 1 }));
    const second = m.get(pluginContext({ lastUpdatedMS: 2 }));
    expect(second).not.toBe(first);
    expect(first.disposed).toBe(false);
    jest.advanceTimersByTime(5000);
    expect(first.disposed).toBe(true);
    expect(second.disposed).toBe(false);
    expect(disposed).toEqual([first.id]);
  });

  it('replaces the instance when Grafana config changes', () => {
    const { m } = manager();
    const ctx = pluginContext();
    const first = m.get(ctx);
    const second = m.get({ ...ctx, grafanaConfig: { GF_SQL_MAX_OPEN_CONNS_DEFAULT: '5' } });
    expect(second).not.toBe(first);
  });

  it('disposes everything at shutdown', async () => {
    const { m } = manager();
    const a = m.get(pluginContext({ uid: 'a' }));
    await m.disposeAll();
    expect(a.disposed).toBe(true);
    expect(m.size).toBe(0);
  });

  it('refuses a request without datasource settings', () => {
    const { m } = manager();
    expect(() => m.get({ ...pluginContext(), dataSourceInstanceSettings: null })).toThrow(
      /no datasource instance settings/
    );
  });
});
