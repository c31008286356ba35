import { frameToJson } from './json';
import type { Frame } from './frame';

function encode(frame: Frame): any {
  return JSON.parse(Buffer.from(frameToJson(frame)).toString('utf8'));
}

describe('frameToJson (the Go SDK JSON frame layout)', () => {
  it('writes schema before data, as the SDK reader requires', () => {
    const text = Buffer.from(
      frameToJson({ refId: 'A', fields: [{ name: 'v', type: 'float64', values: [1] }] })
    ).toString();
    expect(text.indexOf('"schema"')).toBe(1);
    expect(text.indexOf('"data"')).toBeGreaterThan(text.indexOf('"schema"'));
  });

  it.each<[string, Frame['fields'][number], unknown, unknown[]]>([
    ['time', { name: 't', type: 'time', values: [1000] }, { frame: 'time.Time' }, [1000]],
    ['float64', { name: 'f', type: 'float64', values: [1.5] }, { frame: 'float64' }, [1.5]],
    ['int64', { name: 'i', type: 'int64', values: [7] }, { frame: 'int64' }, [7]],
    [
      'nullable string',
      { name: 's', type: 'string', nullable: true, values: [null] },
      { frame: 'string', nullable: true },
      [null],
    ],
    ['bool', { name: 'b', type: 'boolean', values: [false] }, { frame: 'bool' }, [false]],
    ['json', { name: 'j', type: 'json', values: ['{"x":1}'] }, { frame: 'json.RawMessage' }, [{ x: 1 }]],
  ])('writes a %s field with its typeInfo and value', (_label, field, typeInfo, values) => {
    const out = encode({ fields: [field] });
    expect(out.schema.fields[0].typeInfo).toEqual(typeInfo);
    expect(out.data.values[0]).toEqual(values);
  });

  it('writes times as epoch ms plus a nanos remainder only when there is one', () => {
    const out = encode({ fields: [{ name: 't', type: 'time', values: [1000.25, 2000] }] });
    expect(out.data.values[0]).toEqual([1000, 2000]);
    expect(out.data.nanos).toEqual([[250000, 0]]);
    expect(encode({ fields: [{ name: 't', type: 'time', values: [1000] }] }).data.nanos).toBeUndefined();
  });

  it('writes NaN and infinities as null plus entities', () => {
    const out = encode({
      fields: [
        { name: 'a', type: 'float64', values: [NaN, 1, Infinity, -Infinity] },
        { name: 'b', type: 'float64', values: [0, 0, 0, 0] },
      ],
    });
    expect(out.data.values[0]).toEqual([null, 1, null, null]);
    expect(out.data.entities).toEqual([{ NaN: [0], Inf: [2], NegInf: [3] }, null]);
  });

  it('keeps int64 values beyond 2^53 exact', () => {
    const text = Buffer.from(
      frameToJson({ fields: [{ name: 'i', type: 'int64', values: [9007199254740993n] }] })
    ).toString();
    expect(text).toContain('[[9007199254740993]]');
  });

  it('omits empty name/refId/meta and keeps them when set', () => {
    expect(encode({ fields: [] }).schema).toEqual({ fields: [] });
    const out = encode({ name: 'n', refId: 'A', meta: { executedQueryString: 'q' }, fields: [] });
    expect(out.schema).toEqual({ name: 'n', refId: 'A', meta: { executedQueryString: 'q' }, fields: [] });
  });
});
