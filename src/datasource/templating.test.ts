import { ALL_VALUE } from '../shared/queryTypes';
import { expandList, interpolateQuery, type Interpolate } from './templating';

/**
 * An interpolator like Grafana's: `$name`, `${name}`, `${name:format}`, `[[name]]`; a format written
 * in the text wins over the format function (here every written format joins with commas); a
 * variable with a custom all value answers it without any format.
 */
function interpolator(vars: Record<string, string | string[]>, allValues: Record<string, string> = {}): Interpolate {
  const pattern = /\$(\w+)|\$\{(\w+)(?::([\w-]+))?\}|\[\[(\w+)(?::([\w-]+))?\]\]/g;
  return (text, format) =>
    text.replace(pattern, (whole, a?: string, b?: string, bFormat?: string, c?: string, cFormat?: string) => {
      const name = (a ?? b ?? c)!;
      if (allValues[name] !== undefined) {
        return allValues[name];
      }
      const value = vars[name];
      if (value === undefined) {
        return whole;
      }
      return format && !(bFormat ?? cFormat) ? format(value) : [value].flat().join(',');
    });
}

const vars = interpolator({ tenant: ['acme', 'globex'], one: 'initech', empty: [], odd: ['a,b', '"quoted"'] });

describe('expandList', () => {
  it.each<[string, string[] | undefined, string[] | undefined]>([
    ['no list', undefined, undefined],
    ['plain values', ['acme', 'globex'], ['acme', 'globex']],
    ['a multi-value variable', ['$tenant'], ['acme', 'globex']],
    ['${name} and [[name]]', ['${tenant}', '[[one]]'], ['acme', 'globex', 'initech']],
    ['a variable written with a format', ['${tenant:csv}', '[[one:raw]]'], ['acme', 'globex', 'initech']],
    ['values with commas and quotes', ['$odd'], ['a,b', '"quoted"']],
    ['a variable among values, without repeats', ['acme', '$tenant', 'umbrella'], ['acme', 'globex', 'umbrella']],
    ['a variable inside text, as text', ['team-$one'], ['team-initech']],
    ['an unknown variable, as written', ['$nope', '${nope:csv}'], ['$nope', '${nope:csv}']],
    ['a variable with nothing selected', ['$empty'], []],
    ['empty entries', ['', ' '], []],
    ['the All value', ['acme', ALL_VALUE], undefined],
  ])('%s', (_, values, expected) => {
    expect(expandList(values, vars)).toEqual(expected);
  });

  it('filters nothing when a variable has All selected with the custom all value', () => {
    expect(expandList(['$tenant'], interpolator({ tenant: 'x' }, { tenant: ALL_VALUE }))).toBeUndefined();
  });

  it('takes a custom all value other than ALL_VALUE as one value', () => {
    expect(expandList(['$tenant'], interpolator({ tenant: 'x' }, { tenant: '.*' }))).toEqual(['.*']);
  });
});

describe('interpolateQuery', () => {
  it('expands every list and replaces variables in every free-text field', () => {
    const query = {
      refId: 'A',
      queryType: 'auditEvents',
      tenants: ['$tenant'],
      users: ['$one'],
      actions: ['KB_DELETE'],
      text: 'by $one',
      eventId: '${one}',
    };
    expect(interpolateQuery(query, vars)).toEqual({
      refId: 'A',
      queryType: 'auditEvents',
      tenants: ['acme', 'globex'],
      users: ['initech'],
      actions: ['KB_DELETE'],
      text: 'by initech',
      eventId: 'initech',
    });
  });

  it('removes a list that holds All, and leaves the query it was given alone', () => {
    const query = { refId: 'A', models: [ALL_VALUE], search: '$one' };
    expect(interpolateQuery(query, vars)).toEqual({ refId: 'A', search: 'initech' });
    expect(query).toEqual({ refId: 'A', models: [ALL_VALUE], search: '$one' });
  });
});
