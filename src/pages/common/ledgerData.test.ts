import { LoadingState, getDefaultTimeRange } from '@grafana/data';
import { SceneDataTransformer, SceneFlexLayout, SceneQueryRunner } from '@grafana/scenes';
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

describe('SharedData', () => {
  it('a panel activated after the runner answered starts from that answer', () => {
    const runner = ledgerRunner('ledger-uid', [{ refId: 'totals', queryType: 'costTotals' }]);
    const shared = new SharedData({ source: runner.getRef() });
    // The page body holds the runner; it answers before the panel below the fold is shown.
    const body = new SceneFlexLayout({ $data: runner, children: [] });
    expect(body.state.$data).toBe(runner);
    const answer = { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange() };
    runner.setState({ data: answer });
    expect(shared.state.data).toBeUndefined();

    const deactivate = shared.activate();
    expect(shared.state.data).toBe(answer);
    // Later answers still follow.
    const next = { ...answer, state: LoadingState.Loading };
    runner.setState({ data: next });
    expect(shared.state.data).toBe(next);
    deactivate();
  });
});
