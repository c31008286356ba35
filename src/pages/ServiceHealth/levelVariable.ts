/**
 * The log level filter: a multi-value variable over LOG_LEVELS whose values go into the logs query
 * as a RE2 alternation. All is `.*`, which also keeps lines without a level.
 */
import { CustomVariable } from '@grafana/scenes';
import { LOG_LEVELS } from './serviceHealthQueries';

export const LEVEL_VARIABLE = 'level';

/**
 * What the page passes as `levelRegex`: Grafana joins the selected levels with `|`. The pipe format
 * escapes nothing, which the level names (letters only) do not need.
 */
export const LEVEL_VARIABLE_REGEX = `\${${LEVEL_VARIABLE}:pipe}`;

export function levelVariable(): CustomVariable {
  return new CustomVariable({
    name: LEVEL_VARIABLE,
    label: 'Log level',
    query: LOG_LEVELS.map((l) => `${l.label} : ${l.value}`).join(', '),
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    allValue: '.*',
  });
}
