import { RESULT_FRAMES } from '../../src/shared/resultFrames';
import type { VariableValues } from '../services/variableValues';
import { fieldOf } from './fields';
import type { Frame } from './frame';

/**
 * Grafana's variable shape: `text` (shown in the picker: a tenant's or user's name) and `value` (what
 * `$tenant` stands for: the id); a notice when the list was cut.
 */
export function variableValuesFrame(refId: string, result: VariableValues): Frame {
  const f = RESULT_FRAMES.variableValues.fields;
  return {
    name: RESULT_FRAMES.variableValues.name,
    refId,
    meta: result.truncated
      ? {
          notices: [
            { severity: 'warning', text: `Only the first ${result.limit} values are listed; narrow the search.` },
          ],
        }
      : undefined,
    fields: [fieldOf(f.text, result.texts), fieldOf(f.value, result.values)],
  };
}
