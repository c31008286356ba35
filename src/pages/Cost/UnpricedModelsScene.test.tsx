import React from 'react';
import { render, screen } from '@testing-library/react';
import {
  FieldType,
  LoadingState,
  getDefaultTimeRange,
  toDataFrame,
  type DataFrame,
  type PanelData,
} from '@grafana/data';
import { SceneDataNode, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { testIds } from '../../shared/testIds';
import { ledgerFrame } from '../common/testing/ledgerFrames';
import { pick } from '../common/ledgerData';
import { UnpricedModelsScene } from './UnpricedModelsScene';
import { registerStandardTransformers } from './testTransformers';

beforeAll(registerStandardTransformers);

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 4, 1);

/** The unpricedModels frame as pkg/services/cost.ts builds it. */
function unpricedFrame(rows: Array<[string, number, number, number]>): DataFrame {
  const f = RESULT_FRAMES.unpricedModels.fields;
  return ledgerFrame('unpriced', RESULT_FRAMES.unpricedModels, [
    [f.model, rows.map((r) => r[0])],
    [f.requests, rows.map((r) => r[1])],
    [f.inputTokens, rows.map((r) => r[2])],
    [f.outputTokens, rows.map((r) => r[3])],
    [f.firstSeen, rows.map(() => T0)],
    [f.lastSeen, rows.map((_, i) => T0 + (i + 1) * DAY)],
  ]);
}

/** Another query's frame in the same runner, which this panel must not read. */
const totals = toDataFrame({
  refId: 'totals',
  fields: [{ name: 'model', type: FieldType.string, values: ['not-a-model'] }],
});

/** The panel inside a page body whose shared runner answered `data`, as on the LLM Cost page. */
function renderPanel(data: Partial<PanelData>) {
  const runner = new SceneDataNode({
    data: { state: LoadingState.Done, series: [], timeRange: getDefaultTimeRange(), ...data },
  });
  const panel = new UnpricedModelsScene({
    $data: pick(runner, 'unpriced'),
    refId: 'unpriced',
    datasourceUid: 'ledger-uid',
  });
  const body = new SceneFlexLayout({
    $data: runner,
    $timeRange: new SceneTimeRange({ from: 'now-7d', to: 'now', timeZone: 'utc' }),
    children: [new SceneFlexItem({ body: panel })],
  });
  return render(<body.Component model={body} />);
}

describe('unpriced models', () => {
  it('lists each model with its usage and leads to the datasource settings to add a price', async () => {
    renderPanel({
      series: [
        totals,
        unpricedFrame([
          ['acme-llm-2', 1200, 3_400_000, 560_000],
          ['local/mistral', 7, 900, 120],
        ]),
      ],
    });
    const first = await screen.findByTestId(testIds.cost.unpricedModel('acme-llm-2'));
    expect(first).toHaveTextContent('acme-llm-2');
    expect(first).toHaveTextContent('1.20 K');
    expect(first).toHaveTextContent('3.40 Mil');
    expect(first).toHaveTextContent('2025-05-02 00:00:00');
    expect(screen.getByTestId(testIds.cost.unpricedModel('local/mistral'))).toHaveTextContent('900');
    expect(screen.queryByTestId(testIds.cost.unpricedModel('not-a-model'))).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.cost.unpriced)).toHaveTextContent('2 models have no price');
    expect(screen.getByTestId(testIds.cost.unpriced)).toHaveTextContent('left out of the spend');
    expect(screen.getByTestId(testIds.cost.addPrice)).toHaveAttribute(
      'href',
      '/connections/datasources/edit/ledger-uid'
    );
    expect(screen.queryByTestId(testIds.cost.allPriced)).not.toBeInTheDocument();
  });

  it('says that all models are priced when none lacks a price', async () => {
    renderPanel({ series: [totals, unpricedFrame([])] });
    expect(await screen.findByTestId(testIds.cost.allPriced)).toHaveTextContent('All models are priced');
    expect(screen.queryByTestId(testIds.cost.addPrice)).not.toBeInTheDocument();
  });

  it('shows its own query’s error, not another panel’s', async () => {
    renderPanel({
      state: LoadingState.Error,
      series: [unpricedFrame([['acme-llm-2', 1, 1, 1]])],
      errors: [{ refId: 'totals', message: 'totals failed' }],
    });
    expect(await screen.findByTestId(testIds.cost.unpricedModel('acme-llm-2'))).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.cost.unpricedError)).not.toBeInTheDocument();
  });

  it('shows the error of the unpriced models query instead of claiming anything', async () => {
    renderPanel({ state: LoadingState.Error, series: [], errors: [{ refId: 'unpriced', message: 'table not found' }] });
    expect(await screen.findByTestId(testIds.cost.unpricedError)).toHaveTextContent('table not found');
    expect(screen.queryByTestId(testIds.cost.allPriced)).not.toBeInTheDocument();
  });

  it('claims nothing while the answer is not there', async () => {
    renderPanel({ state: LoadingState.Loading, series: [] });
    expect(await screen.findByTestId(testIds.cost.unpriced)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.cost.allPriced)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.cost.addPrice)).not.toBeInTheDocument();
  });
});
