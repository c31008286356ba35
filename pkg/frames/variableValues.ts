import type { VariableValues } from '../services/variableValues';
import type { Frame } from './frame';

/** Grafana's variable shape: `text` and `value` fields; a notice when the list was cut. */
export function variableValuesFrame(refId: string, result: VariableValues): Frame {
  return {
    name: 'values',
    refId,
    meta: result.truncated
      ? {
          notices: [
            { severity: 'warning', text: `Only the first ${result.limit} values are listed; narrow the search.` },
          ],
        }
      : undefined,
    fields: [
      { name: 'text', type: 'string', values: result.values },
      { name: 'value', type: 'string', values: result.values },
    ],
  };
}
