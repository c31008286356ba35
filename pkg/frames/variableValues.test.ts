import { variableValuesFrame } from './variableValues';

describe('variable values frame', () => {
  it.each<[string, Parameters<typeof variableValuesFrame>[1], object]>([
    [
      "Grafana's text and value fields, the same values",
      { values: ['acme', 'globex'], texts: ['acme', 'globex'], truncated: false, limit: 100 },
      {
        name: 'values',
        refId: 'V',
        meta: undefined,
        fields: [
          { name: 'text', type: 'string', values: ['acme', 'globex'] },
          { name: 'value', type: 'string', values: ['acme', 'globex'] },
        ],
      },
    ],
    [
      'names as the text, ids as the value (what $tenant stands for)',
      { values: ['0a1b', '9f8e'], texts: ['Acme', '9f8e'], truncated: false, limit: 100 },
      {
        name: 'values',
        refId: 'V',
        meta: undefined,
        fields: [
          { name: 'text', type: 'string', values: ['Acme', '9f8e'] },
          { name: 'value', type: 'string', values: ['0a1b', '9f8e'] },
        ],
      },
    ],
    [
      'a cut list says how to narrow it',
      { values: ['a'], texts: ['a'], truncated: true, limit: 1 },
      {
        name: 'values',
        refId: 'V',
        meta: { notices: [{ severity: 'warning', text: 'Only the first 1 values are listed; narrow the search.' }] },
        fields: [
          { name: 'text', type: 'string', values: ['a'] },
          { name: 'value', type: 'string', values: ['a'] },
        ],
      },
    ],
  ])('%s', (_name, result, expected) => {
    expect(variableValuesFrame('V', result)).toEqual(expected);
  });
});
