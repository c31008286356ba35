import { SceneDataTransformer, SceneQueryRunner } from '@grafana/scenes';
import { DATASOURCE_PLUGIN_ID } from '../../shared/ids';
import { ledgerRunner, pick, refIdPattern, SharedData } from './ledgerData';

describe('refIdPattern', () => {
  it.each([
    [['A'], 'A'],
    [['A', 'B'], '/^(A|B)$/'],
    [['spend.by.model', 'top'], '/^(spend\\.by\\.model|top)$/'],
  ])('%j → %s', (refIds, pattern) => {
    expect(refIdPattern(refIds)).toBe(pattern);
  });

  it('matches exactly the listed refIds, not their prefixes', () => {
    const pattern = refIdPattern(['A', 'B']);
    const regex = new RegExp(pattern.slice(1, -1));
    expect(['A', 'B', 'AB', 'BA', 'C'].filter((r) => regex.test(r))).toEqual(['A', 'B']);
  });
});

describe('ledgerRunner and pick', () => {
  it('one runner on the ledger datasource; each panel picks its frames by refId', () => {
    const runner = ledgerRunner('ledger-uid', [
      { refId: 'totals', queryType: 'costTotals' },
      { refId: 'series', queryType: 'costTimeSeries', groupBy: 'model' },
    ]);
    expect(runner).toBeInstanceOf(SceneQueryRunner);
    expect(runner.state.datasource).toEqual({ type: DATASOURCE_PLUGIN_ID, uid: 'ledger-uid' });
    expect(runner.state.maxDataPointsFromWidth).toBe(true);
    const picked = pick(runner, 'series');
    expect(picked).toBeInstanceOf(SceneDataTransformer);
    expect((picked.state.$data as SharedData).state.source.resolve()).toBe(runner);
    // The runner keeps its one parent: panels do not adopt it.
    expect(runner.parent).toBeUndefined();
    expect(picked.state.transformations).toEqual([{ id: 'filterByRefId', options: { include: 'series' } }]);
  });
});
