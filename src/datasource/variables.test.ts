import {
  FieldType,
  LoadingState,
  createDataFrame,
  dataFrameToJSON,
  dateTime,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type PanelData,
  type ScopedVars,
} from '@grafana/data';
import {
  DataSourceWithBackend,
  setBackendSrv,
  setDataSourceSrv,
  setRunRequest,
  setTemplateSrv,
  type BackendSrv,
  type DataSourceSrv,
  type TemplateSrv,
} from '@grafana/runtime';
import { EmbeddedScene, QueryVariable, SceneFlexLayout, SceneTimeRange, SceneVariableSet } from '@grafana/scenes';
import { from, lastValueFrom, map, of, type Observable } from 'rxjs';
import { DATASOURCE_PLUGIN_ID } from '../shared/ids';
import { DataSource } from './datasource';
import type { LedgerDataQuery, LedgerOptions } from './types';

const settings = {
  id: 7,
  uid: 'ledger-uid',
  type: DATASOURCE_PLUGIN_ID,
  name: 'LLM Ops Ledger',
  jsonData: {},
  meta: { id: DATASOURCE_PLUGIN_ID },
  readOnly: false,
  access: 'proxy',
} as unknown as DataSourceInstanceSettings<LedgerOptions>;

/** The frame the backend answers a variableValues query with (pkg/frames/variableValues.ts). */
const valuesFrame = (refId: string, values: string[]): DataFrame =>
  createDataFrame({
    refId,
    name: 'values',
    fields: [
      { name: 'text', type: FieldType.string, values },
      { name: 'value', type: FieldType.string, values },
    ],
  });

/** Replaces `$name` from the scoped variables, as Grafana's template service does for `$__searchFilter`. */
const templateSrv = {
  getVariables: () => [],
  replace: (text = '', scopedVars?: ScopedVars) =>
    text.replace(/\$(\w+)/g, (whole, name: string) => String(scopedVars?.[name]?.value ?? whole)),
} as unknown as TemplateSrv;

let ds: DataSource;

beforeEach(() => {
  ds = new DataSource(settings);
  setTemplateSrv(templateSrv);
  setDataSourceSrv({
    get: async () => ds,
    getInstanceSettings: () => settings,
    getList: () => [settings],
    reload: () => {},
  } as unknown as DataSourceSrv);
  // Grafana's runRequest in small: the variable support's query function when there is one.
  setRunRequest((datasource, request, queryFn): Observable<PanelData> =>
    from(queryFn ? queryFn(request) : datasource.query(request)).pipe(
      map((response: DataQueryResponse) => ({
        state: response.errors?.length ? LoadingState.Error : LoadingState.Done,
        series: response.data,
        errors: response.errors,
        timeRange: request.range,
      }))
    )
  );
});

afterEach(() => jest.restoreAllMocks());

const RANGE_FROM = Date.UTC(2026, 10, 1);
const RANGE_TO = Date.UTC(2026, 10, 8);

/** A QueryVariable of the ledger, in a scene with a fixed range, as the app's pages build them. */
function variableOf(query: unknown): QueryVariable {
  const variable = new QueryVariable({
    name: 'tenant',
    datasource: { type: DATASOURCE_PLUGIN_ID, uid: settings.uid },
    query: query as QueryVariable['state']['query'],
  });
  new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: new Date(RANGE_FROM).toISOString(), to: new Date(RANGE_TO).toISOString() }),
    $variables: new SceneVariableSet({ variables: [variable] }),
    body: new SceneFlexLayout({ children: [] }),
  });
  return variable;
}

const valuesOf = (variable: QueryVariable) => variable.state.options.map((o) => [o.label, o.value]);

describe('query variables of the ledger', () => {
  it("run the query object a scene's QueryVariable holds and list the frame's values", async () => {
    const query = jest
      .spyOn(DataSourceWithBackend.prototype, 'query')
      .mockReturnValue(of({ data: [valuesFrame('variable-tenant', ['acme', 'globex'])] }));
    const variable = variableOf({ refId: 'variable-tenant', queryType: 'variableValues', variable: 'tenants' });

    await lastValueFrom(variable.validateAndUpdate());

    expect(query).toHaveBeenCalledTimes(1);
    const request = query.mock.calls[0][0] as DataQueryRequest<LedgerDataQuery>;
    expect(request.targets).toEqual([{ refId: 'variable-tenant', queryType: 'variableValues', variable: 'tenants' }]);
    expect([request.range.from.valueOf(), request.range.to.valueOf()]).toEqual([RANGE_FROM, RANGE_TO]);
    expect(valuesOf(variable)).toEqual([
      ['acme', 'acme'],
      ['globex', 'globex'],
    ]);
    expect(variable.state.error).toBeFalsy();
  });

  it('take a plain list name, as a hand-written dashboard may store it', async () => {
    const query = jest
      .spyOn(DataSourceWithBackend.prototype, 'query')
      .mockReturnValue(of({ data: [valuesFrame('variable-0', ['gpt-4o'])] }));
    const variable = variableOf('models');

    await lastValueFrom(variable.validateAndUpdate());

    expect((query.mock.calls[0][0] as DataQueryRequest<LedgerDataQuery>).targets).toEqual([
      { refId: 'variable-0', queryType: 'variableValues', variable: 'models' },
    ]);
    expect(valuesOf(variable)).toEqual([['gpt-4o', 'gpt-4o']]);
  });

  it("fail with the backend's message when the ledger refuses the list", async () => {
    jest
      .spyOn(DataSourceWithBackend.prototype, 'query')
      .mockReturnValue(of({ data: [], errors: [{ message: 'the audit trail needs the Admin role' }] }));
    const variable = variableOf({ refId: 'v', queryType: 'variableValues', variable: 'actions' });

    await expect(lastValueFrom(variable.validateAndUpdate())).rejects.toMatchObject({
      message: 'the audit trail needs the Admin role',
    });
    expect(variable.state.options).toEqual([]);
  });

  describe("through Grafana's query API", () => {
    /** Answers /api/ds/query with the given values, encoded as Grafana sends frames to the browser. */
    function backendAnswering(values: string[]) {
      const fetch = jest.fn((req: { data: { queries: LedgerDataQuery[] } }) => {
        const refId = req.data.queries[0].refId;
        return of({
          data: { results: { [refId]: { status: 200, frames: [dataFrameToJSON(valuesFrame(refId, values))] } } },
        });
      });
      setBackendSrv({ fetch } as unknown as BackendSrv);
      return fetch;
    }

    it('send the variableValues query with the datasource and the range, and decode the values', async () => {
      const fetch = backendAnswering(['acme', 'initech']);
      const variable = variableOf({
        refId: 'variable-tenant',
        queryType: 'variableValues',
        variable: 'tenants',
        limit: 50,
      });

      await lastValueFrom(variable.validateAndUpdate());

      expect(fetch).toHaveBeenCalledTimes(1);
      const { url, method, data } = fetch.mock.calls[0][0] as unknown as {
        url: string;
        method: string;
        data: { queries: unknown[]; from: string; to: string };
      };
      expect([method, url]).toEqual(['POST', expect.stringContaining(`/api/ds/query?ds_type=${DATASOURCE_PLUGIN_ID}`)]);
      expect(data.queries).toEqual([
        expect.objectContaining({
          refId: 'variable-tenant',
          queryType: 'variableValues',
          variable: 'tenants',
          limit: 50,
          datasource: { type: DATASOURCE_PLUGIN_ID, uid: settings.uid },
        }),
      ]);
      expect([data.from, data.to]).toEqual([String(RANGE_FROM), String(RANGE_TO)]);
      expect(valuesOf(variable)).toEqual([
        ['acme', 'acme'],
        ['initech', 'initech'],
      ]);
    });

    it("search with what the user types in the variable's menu ($__searchFilter)", async () => {
      const fetch = backendAnswering(['acme']);
      const variable = variableOf({
        refId: 'v',
        queryType: 'variableValues',
        variable: 'tenants',
        search: '$__searchFilter',
      });

      const options = await lastValueFrom(variable.getValueOptions({ searchFilter: 'ac' }));

      const sent = (fetch.mock.calls[0][0] as { data: { queries: LedgerDataQuery[] } }).data.queries[0];
      expect(sent.search).toBe('ac');
      expect(options.map((o) => o.value)).toEqual(['acme']);
    });
  });

  it("list tenants for a new variable's empty query, as its editor shows", async () => {
    const query = jest.spyOn(DataSourceWithBackend.prototype, 'query').mockReturnValue(of({ data: [] }));
    const range = { from: dateTime(RANGE_FROM), to: dateTime(RANGE_TO), raw: { from: 'now-7d', to: 'now' } };
    const request = { targets: [''], range, requestId: 'r' } as unknown as DataQueryRequest<LedgerDataQuery>;

    await lastValueFrom((ds.variables as unknown as { query: typeof ds.query }).query(request));

    expect((query.mock.calls[0][0] as DataQueryRequest<LedgerDataQuery>).targets).toEqual([
      { refId: 'variable-0', queryType: 'variableValues', variable: 'tenants' },
    ]);
  });
});
