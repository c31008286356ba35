import React from 'react';
import { css } from '@emotion/css';
import {
  LoadingState,
  dateTimeFormat,
  formattedValueToString,
  getValueFormat,
  type DataFrame,
  type GrafanaTheme2,
} from '@grafana/data';
import {
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneDataProvider,
  type SceneObjectState,
} from '@grafana/scenes';
import { Alert, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { RESULT_FRAMES } from '../../shared/resultFrames';
import { valuesOf } from '../common/resultFrame';

export interface UnpricedModelsSceneState extends SceneObjectState {
  /** The unpricedModels frame (a pick of the page's runner). */
  $data: SceneDataProvider;
  /** The refId of the unpricedModels query, to tell its errors from the other panels'. */
  refId: string;
  /** The ledger datasource, whose settings hold the price list. */
  datasourceUid: string;
}

export interface UnpricedModel {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  lastSeen: number;
}

/** The rows of the backend's unpricedModels frame (its fields as the result contract declares them). */
export function unpricedModelsOf(frame: DataFrame): UnpricedModel[] {
  const f = RESULT_FRAMES.unpricedModels.fields;
  const [model, requests, input, output, lastSeen] = [
    f.model,
    f.requests,
    f.inputTokens,
    f.outputTokens,
    f.lastSeen,
  ].map((field) => valuesOf(frame, field));
  return model.map((m, i) => ({
    model: String(m),
    requests: Number(requests[i] ?? 0),
    inputTokens: Number(input[i] ?? 0),
    outputTokens: Number(output[i] ?? 0),
    lastSeen: Number(lastSeen[i] ?? 0),
  }));
}

/** Where an administrator edits the ledger datasource, prices included. */
export function datasourceSettingsUrl(uid: string): string {
  return `/connections/datasources/edit/${encodeURIComponent(uid)}`;
}

/**
 * The models with usage but no price. Their usage is not in the spend, so the panel says so and leads
 * to the place where a price is added; when there are none it says that every model is priced.
 */
export class UnpricedModelsScene extends SceneObjectBase<UnpricedModelsSceneState> {
  static Component = UnpricedModelsRenderer;
}

const count = (n: number) => formattedValueToString(getValueFormat('short')(n));

function UnpricedModelsRenderer({ model }: SceneComponentProps<UnpricedModelsScene>) {
  const { refId, datasourceUid } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const styles = useStyles2(getStyles);
  const timeZone = sceneGraph.getTimeRange(model).getTimeZone();
  const error = data?.errors?.find((e) => e.refId === undefined || e.refId === refId);
  const frame = data?.series.find((f) => f.refId === refId) ?? data?.series[0];

  let body: React.ReactNode;
  if (error) {
    body = (
      <div data-testid={testIds.cost.unpricedError}>
        <Alert severity="error" title="The unpriced models could not be loaded">
          {error.message}
        </Alert>
      </div>
    );
  } else if (!frame) {
    // Nothing yet: claiming "all priced" before the answer would be wrong.
    body = data?.state === LoadingState.Loading || !data ? <LoadingPlaceholder text="Loading…" /> : null;
  } else {
    const models = unpricedModelsOf(frame);
    body =
      models.length === 0 ? (
        <div data-testid={testIds.cost.allPriced}>
          <Alert severity="success" title="All models are priced">
            Every model used in this time range has a price, so all of its usage is in the spend.
          </Alert>
        </div>
      ) : (
        <Stack direction="column" gap={1}>
          <Alert
            severity="warning"
            title={`${models.length} ${models.length === 1 ? 'model has' : 'models have'} no price`}
          >
            Their usage is left out of the spend on this page. Add a price for each (USD per million input and output
            tokens) in the ledger datasource’s settings; editing a datasource needs an administrator.
          </Alert>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Model</th>
                <th>Requests</th>
                <th>Input tokens</th>
                <th>Output tokens</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.model} data-testid={testIds.cost.unpricedModel(m.model)}>
                  <td>{m.model}</td>
                  <td>{count(m.requests)}</td>
                  <td>{count(m.inputTokens)}</td>
                  <td>{count(m.outputTokens)}</td>
                  <td>{dateTimeFormat(m.lastSeen, { timeZone })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div>
            <LinkButton
              href={datasourceSettingsUrl(datasourceUid)}
              icon="plus"
              variant="primary"
              data-testid={testIds.cost.addPrice}
            >
              Add prices in the ledger datasource
            </LinkButton>
          </div>
        </Stack>
      );
  }

  return (
    <section className={styles.panel} data-testid={testIds.cost.unpriced}>
      <Text element="h2" variant="h5">
        Unpriced models
      </Text>
      {body}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Looks like the panels beside it, which Grafana draws with the same tokens.
  panel: css({
    width: '100%',
    height: '100%',
    overflow: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.components.panel.borderColor}`,
    borderRadius: theme.shape.radius.default,
  }),
  table: css({
    width: '100%',
    'th, td': { padding: theme.spacing(0.5, 1), textAlign: 'left' },
    'td:not(:first-child), th:not(:first-child)': { textAlign: 'right' },
    'tbody tr': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
});
